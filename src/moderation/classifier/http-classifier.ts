/**
 * An external moderation service: POST {"text"} as JSON, expect
 * {"categories": {"violence": 0.97, ...}, "language"?: "fr"}. Scores are
 * clamped to 0..1; missing core categories count as 0; the language falls back
 * to Tribune's own guess.
 */
import { detectLanguage } from '../language.js';
import { type CategoryScores, type Classifier, ClassifierCallError, type ClassifierResult, CORE_CATEGORIES } from './types.js';

export interface HttpClassifierOptions {
  url: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
  /** Injected in tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

export class HttpClassifier implements Classifier {
  readonly name: string;
  readonly version = 'remote';
  private readonly timeoutMs: number;

  constructor(private readonly opts: HttpClassifierOptions) {
    this.name = `http:${new URL(opts.url).host}`;
    this.timeoutMs = opts.timeoutMs ?? 2000;
  }

  async classify(text: string): Promise<ClassifierResult> {
    const doFetch = this.opts.fetch ?? fetch;
    let res: Response;
    try {
      res = await doFetch(this.opts.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...this.opts.headers },
        body: JSON.stringify({ text }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      const why = err instanceof Error && err.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : String(err);
      throw new ClassifierCallError(`moderation service ${this.opts.url}: ${why}`);
    }
    if (!res.ok) throw new ClassifierCallError(`moderation service ${this.opts.url} answered ${res.status}`);
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw new ClassifierCallError(`moderation service ${this.opts.url} did not answer JSON`);
    }
    return { categories: parseCategories(body, this.opts.url), language: parseLanguage(body) ?? detectLanguage(text) };
  }
}

function parseCategories(body: unknown, url: string): CategoryScores {
  const raw = (body as { categories?: unknown } | null)?.categories;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ClassifierCallError(`moderation service ${url} answered without a "categories" object`);
  const out: Record<string, number> = {};
  for (const c of CORE_CATEGORIES) out[c] = 0;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v !== 'number' || Number.isNaN(v)) throw new ClassifierCallError(`moderation service ${url}: category "${k}" is not a number`);
    out[k] = Math.min(1, Math.max(0, v));
  }
  return out as CategoryScores;
}

function parseLanguage(body: unknown): string | undefined {
  const l = (body as { language?: unknown } | null)?.language;
  return typeof l === 'string' && l.length > 0 ? l : undefined;
}
