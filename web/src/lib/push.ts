// Web Push through Mastodon's push API, when the browser allows it.
import { api } from './api';
import type { InstanceEntity, PushNotificationType } from './entities';
import { registeredApp } from './oauth';
import { getMe, isStaff } from './session';

export type PushState = 'unsupported' | 'unavailable' | 'denied' | 'on' | 'off';

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4);
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

async function serverKey(): Promise<string | null> {
  const app = await registeredApp().catch(() => null);
  if (app?.vapid_key) return app.vapid_key;
  const instance = await api<InstanceEntity>('/api/v2/instance').catch(() => null);
  return instance?.configuration?.vapid?.public_key ?? null;
}

export async function pushState(): Promise<PushState> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if (!(await serverKey())) return 'unavailable';
  const reg = await navigator.serviceWorker.getRegistration();
  const sub = await reg?.pushManager.getSubscription();
  if (!sub) return 'off';
  try {
    await api('/api/v1/push/subscription');
    return 'on';
  } catch {
    return 'off';
  }
}

export async function subscribePush(): Promise<void> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new Error('denied');
  const key = await serverKey();
  if (!key) throw new Error('no server key');
  const reg = await navigator.serviceWorker.ready;
  let sub = await reg.pushManager.getSubscription();
  if (!sub) sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key) });
  const json = sub.toJSON();
  const types: PushNotificationType[] = ['mention', 'status', 'reblog', 'follow', 'follow_request', 'favourite', 'poll', 'update', 'quote'];
  // Moderators and admins also hear of new reports.
  if (isStaff(getMe())) types.push('admin.report');
  const alerts = Object.fromEntries(types.map((k) => [k, true]));
  await api('/api/v1/push/subscription', {
    body: { subscription: { endpoint: json.endpoint, keys: json.keys, standard: true }, data: { alerts, policy: 'all' } },
  });
}

export async function unsubscribePush(): Promise<void> {
  const reg = await navigator.serviceWorker.getRegistration();
  const sub = await reg?.pushManager.getSubscription();
  await sub?.unsubscribe();
  await api('/api/v1/push/subscription', { method: 'DELETE' });
}
