// Uploads through Mastodon's media API: POST /api/v2/media with upload progress (XMLHttpRequest: fetch reports
// none for a request body), then GET /api/v1/media/:id while the server answers 206 (still processing).
import { ApiError } from './api';
import type { MediaEntity } from './entities';
import { getToken } from './session';

function errorOf(status: number, text: string, fallback: string): ApiError {
  let message = fallback || `HTTP ${status}`;
  try {
    const data = JSON.parse(text);
    if (data && typeof data.error === 'string') message = data.error;
  } catch {
    // Not JSON: keep the status text.
  }
  return new ApiError(status, message);
}

export interface Upload {
  /** The attachment as first answered: `url` is null while the server still processes it (202). */
  done: Promise<MediaEntity>;
  abort(): void;
}

/** Sends `file`, calling `onProgress` with the fraction of its bytes sent. */
export function uploadFile(file: File, onProgress: (fraction: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<MediaEntity>((resolve, reject) => {
    xhr.open('POST', '/api/v2/media');
    xhr.setRequestHeader('accept', 'application/json');
    const token = getToken();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      if (xhr.status === 200 || xhr.status === 202) {
        try {
          resolve(JSON.parse(xhr.responseText) as MediaEntity);
        } catch {
          reject(new ApiError(xhr.status, 'The server answered something unreadable'));
        }
      } else reject(errorOf(xhr.status, xhr.responseText, xhr.statusText));
    };
    xhr.onerror = () => reject(new ApiError(0, 'offline'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted'));
    const form = new FormData();
    form.set('file', file);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/**
 * Polls GET /api/v1/media/:id until the server has processed the attachment (200), every second at first, then
 * less often; a 422 carries why processing failed. Stops (rejecting) when `signal` aborts.
 */
export async function waitProcessed(id: string, signal: AbortSignal, onProgress?: (fraction: number) => void): Promise<MediaEntity> {
  let dropped = 0;
  for (let i = 0; ; i++) {
    await new Promise((r) => setTimeout(r, i < 30 ? 1000 : 3000));
    if (signal.aborted) throw new ApiError(0, 'aborted');
    const headers: Record<string, string> = { accept: 'application/json' };
    const token = getToken();
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetch(`/api/v1/media/${id}`, { headers, signal });
    } catch {
      if (signal.aborted) throw new ApiError(0, 'aborted');
      // A dropped connection while a video is processed: ask again, for a while.
      if (++dropped > 20) throw new ApiError(0, 'offline');
      continue;
    }
    dropped = 0;
    const text = await res.text();
    if (res.status === 206) {
      // The server writes how far it is (meta.processing.progress, 0-1) while it works on a video.
      try {
        const p = (JSON.parse(text) as { meta?: { processing?: { progress?: unknown } } }).meta?.processing?.progress;
        if (typeof p === 'number') onProgress?.(p);
      } catch {
        // No body to read: keep waiting.
      }
      continue;
    }
    if (res.status === 200) return JSON.parse(text) as MediaEntity;
    throw errorOf(res.status, text, res.statusText);
  }
}
