import { z } from 'zod';
import { requestJson, ServiceError } from './guarded-json.js';

// LibreTranslate's API (https://libretranslate.com/docs): POST /translate with q as a list of texts, GET /languages.
// Any service that speaks it will do (LibreTranslate itself, or a compatible proxy).

export interface TranslationServiceConfig {
  url: string;
  apiKey?: string;
  timeoutMs: number;
  allowLoopback: boolean;
  /** TRANSLATION_PRIVATE=on: the service may be on this host or a private network (the operator chose it). */
  allowPrivate?: boolean;
}

const translateAnswer = z.object({
  translatedText: z.union([z.string(), z.array(z.string())]),
  detectedLanguage: z.union([z.object({ language: z.string() }).passthrough(), z.array(z.object({ language: z.string() }).passthrough())]).optional(),
});

const languagesAnswer = z.array(z.object({ code: z.string(), name: z.string().optional(), targets: z.array(z.string()).optional() }).passthrough());

export interface Translated {
  texts: string[];
  /** The language the service found (the first text's), or null when the source was given. */
  detected: string | null;
}

/** Translates texts (HTML or plain) into `target`, the source language given or detected ('auto'). */
export async function translateTexts(
  cfg: TranslationServiceConfig,
  texts: string[],
  source: string,
  target: string,
  format: 'html' | 'text',
): Promise<Translated> {
  const raw = await requestJson(`${cfg.url}/translate`, {
    method: 'POST',
    body: { q: texts, source, target, format, ...(cfg.apiKey ? { api_key: cfg.apiKey } : {}) },
    timeoutMs: cfg.timeoutMs,
    allowLoopback: cfg.allowLoopback,
    allowPrivate: cfg.allowPrivate,
  });
  const parsed = translateAnswer.safeParse(raw);
  if (!parsed.success) throw new ServiceError('unexpected answer from the translation service');
  const out = Array.isArray(parsed.data.translatedText) ? parsed.data.translatedText : [parsed.data.translatedText];
  if (out.length !== texts.length) throw new ServiceError('the translation service answered a different number of texts');
  const d = parsed.data.detectedLanguage;
  return { texts: out, detected: (Array.isArray(d) ? d[0]?.language : d?.language) ?? null };
}

/** Each source language the service knows, with the languages it translates it into. */
export async function serviceLanguages(cfg: TranslationServiceConfig): Promise<Record<string, string[]>> {
  const url = new URL(`${cfg.url}/languages`);
  const raw = await requestJson(url.toString(), { method: 'GET', timeoutMs: cfg.timeoutMs, allowLoopback: cfg.allowLoopback, allowPrivate: cfg.allowPrivate });
  const parsed = languagesAnswer.safeParse(raw);
  if (!parsed.success) throw new ServiceError('unexpected answer from the translation service');
  const all = parsed.data.map((l) => l.code);
  return Object.fromEntries(parsed.data.map((l) => [l.code, (l.targets ?? all).filter((t) => t !== l.code)]));
}
