import { useEffect, useState } from 'preact/hooks';
import { ErrorBox, errorText, FormError, Loading } from '../components/common';
import { StatusList } from '../components/timeline';
import { ApiError, api } from '../lib/api';
import type { InstanceEntity, V1InstanceEntity } from '../lib/entities';
import { getLang, t } from '../lib/i18n';
import { signUp, startSignIn } from '../lib/oauth';
import { navigate } from '../lib/router';
import { PreferencesForm } from './settings';

// v2, or v1 from a server without it: the app asks its server as any client would.
type Instance = InstanceEntity | V1InstanceEntity;
// Mastodon 4.4 rules may carry translations by language; Tribune's do not (yet).
type Rule = Instance['rules'][number] & { translations?: Record<string, { text?: string; hint?: string }> };

let instanceCache: Promise<Instance> | null = null;
export function loadInstance(): Promise<Instance> {
  instanceCache ??= api<Instance>('/api/v2/instance', { token: null }).catch(() => api<Instance>('/api/v1/instance', { token: null }));
  instanceCache.catch(() => {
    instanceCache = null;
  });
  return instanceCache;
}

function registrationsOpen(i: Instance): { open: boolean; approval: boolean } {
  if (typeof i.registrations === 'boolean') return { open: i.registrations, approval: !!i.approval_required };
  return { open: i.registrations?.enabled ?? true, approval: i.registrations?.approval_required ?? false };
}

function useInstance(): [Instance | null, unknown] {
  const [instance, setInstance] = useState<Instance | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    loadInstance().then(setInstance, setError);
  }, []);
  return [instance, error];
}

function Rules(props: { rules: Rule[] }) {
  if (!props.rules?.length) return null;
  return (
    <section class="card" aria-labelledby="rules-title">
      <h2 id="rules-title">{t('rules')}</h2>
      <ol class="rules">
        {props.rules.map((r) => {
          // Mastodon 4.4 rules may carry translations by language.
          const tr = r.translations?.[getLang()];
          const hint = tr?.hint || r.hint;
          return (
            <li key={r.id}>
              {tr?.text || r.text}
              {hint && <span class="muted small"> — {hint}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function LandingScreen() {
  const [instance, error] = useInstance();
  if (error) return <ErrorBox error={error} retry={() => location.reload()} />;
  if (!instance) return <Loading />;
  const reg = registrationsOpen(instance);
  document.title = instance.title;
  return (
    <div class="landing">
      <section class="hero" aria-labelledby="hero-title">
        <h1 id="hero-title">{instance.title}</h1>
        <p class="lead">{instance.description || ('short_description' in instance && instance.short_description) || t('tagline')}</p>
        <p class="muted">{t('landingPitch')}</p>
        <div class="hero-actions">
          {reg.open && (
            <a class="btn btn-primary btn-large" href="/signup">
              {t('signUp')}
            </a>
          )}
          <a class="btn btn-large" href="/signin">
            {t('signIn')}
          </a>
        </div>
        {!reg.open && <p class="muted">{t('registrationsClosed')}</p>}
      </section>
      <Rules rules={instance.rules} />
      <section aria-labelledby="latest-title">
        <h2 id="latest-title" class="section-title">
          {t('latestPosts')}
        </h2>
        <StatusList
          source="/api/v1/timelines/public?local=true&limit=20"
          label={t('latestPosts')}
          empty={{ title: t('emptyPublic'), hint: t('emptyPublicHint') }}
        />
      </section>
      <section class="card" aria-label={t('preferences')}>
        <PreferencesForm />
      </section>
    </div>
  );
}

export function SignInScreen() {
  document.title = `${t('signIn')} · Tribune`;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await startSignIn(getLang());
    } catch (e) {
      setError(errorText(e));
      setBusy(false);
    }
  };
  return (
    <div class="card narrow">
      <h1>{t('signIn')}</h1>
      <p>{t('signInExplain')}</p>
      <FormError error={error} />
      <button type="button" class="btn btn-primary btn-large" onClick={go} disabled={busy}>
        {t('continueSignIn')}
      </button>
      <p class="muted">
        {t('noAccount')} <a href="/signup">{t('signUp')}</a>
      </p>
    </div>
  );
}

export function SignUpScreen() {
  const [instance] = useInstance();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [agreement, setAgreement] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reg = instance ? registrationsOpen(instance) : { open: true, approval: false };
  document.title = `${t('signUp')} · Tribune`;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (password !== confirm) {
      setError(t('passwordsDiffer'));
      return;
    }
    if (!agreement) {
      setError(t('mustAgree'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signUp({ username, email, password, agreement, locale: getLang(), reason: reg.approval ? reason : undefined });
      navigate('/home', { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 403 ? t('pendingApproval') : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (instance && !reg.open) return <ErrorBox error={new Error(t('registrationsClosed'))} />;
  return (
    <div class="narrow">
      <form class="card form" onSubmit={submit} aria-labelledby="signup-title">
        <h1 id="signup-title">{t('signUpTitle', { title: instance?.title ?? 'Tribune' })}</h1>
        <label for="su-username">{t('username')}</label>
        <input
          id="su-username"
          class="input"
          required
          autoComplete="username"
          pattern="[A-Za-z0-9_]{1,30}"
          value={username}
          onInput={(e) => setUsername(e.currentTarget.value)}
          aria-describedby="su-username-hint"
        />
        <p id="su-username-hint" class="muted small">
          {t('usernameHint')}
        </p>
        <label for="su-email">{t('email')}</label>
        <input id="su-email" class="input" type="email" required autoComplete="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <label for="su-password">{t('password')}</label>
        <input
          id="su-password"
          class="input"
          type="password"
          required
          minLength={8}
          autoComplete="new-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <label for="su-confirm">{t('confirmPassword')}</label>
        <input
          id="su-confirm"
          class="input"
          type="password"
          required
          minLength={8}
          autoComplete="new-password"
          value={confirm}
          onInput={(e) => setConfirm(e.currentTarget.value)}
        />
        {reg.approval && (
          <>
            <label for="su-reason">{t('whyJoin')}</label>
            <textarea id="su-reason" class="input" rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </>
        )}
        {!!instance?.rules?.length && (
          <details>
            <summary>{t('readRules')}</summary>
            <ol class="rules">
              {instance.rules.map((r) => (
                <li key={r.id}>{r.text}</li>
              ))}
            </ol>
          </details>
        )}
        <label class="checkbox">
          <input id="su-agree" type="checkbox" checked={agreement} onChange={(e) => setAgreement(e.currentTarget.checked)} /> {t('agreeRules')}
        </label>
        <FormError error={error} />
        <button type="submit" class="btn btn-primary btn-large" disabled={busy}>
          {t('signUp')}
        </button>
        <p class="muted">
          {t('haveAccount')} <a href="/signin">{t('signIn')}</a>
        </p>
      </form>
    </div>
  );
}
