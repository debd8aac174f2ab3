/**
 * The shipped model's file format: one JSON document with a header and the
 * weights as base64 little-endian Float32 arrays. JSON keeps it inspectable and
 * diffable in its header; base64 keeps it a few MB.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { FeatureOptions } from './features.js';
import type { LogisticHead } from './logistic.js';
import type { HiddenLayer } from './mlp.js';

export const MODEL_FORMAT = 'tribune-moderation-linear';
export const MODEL_FORMAT_VERSION = 1;

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  name: string;
  version: string;
  trainedAt: string;
  features: FeatureOptions & { hash: 'fnv1a32' };
  categories: string[];
  heads: LogisticHead[];
  /** Optional hidden layer per category (null: linear only), added to the head's logit. */
  hidden?: (HiddenLayer | null)[];
  /** Optional heads telling which threat form a post reads as, over the features folded to 2^bits slots. */
  forms?: FormHeads;
  /** Free-form training facts recorded in the header (sources, counts, seed). */
  training: Record<string, unknown>;
}

export interface FormHeads {
  names: string[];
  bits: number;
  heads: LogisticHead[];
}

interface HiddenJson {
  hidden: number;
  weights: string;
  bias: number[];
  out: number[];
  outBias: number;
}

interface ModelJson extends Omit<ModelFile, 'heads' | 'hidden' | 'forms'> {
  heads: { bias: number; weights: string }[];
  hidden?: (HiddenJson | null)[];
  forms?: { names: string[]; bits: number; heads: { bias: number; weights: string }[] };
}

function toBase64(a: Float32Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

function fromBase64(s: string, expected: number): Float32Array {
  const buf = Buffer.from(s, 'base64');
  if (buf.byteLength !== expected * 4) throw new Error(`weights have ${buf.byteLength / 4} values, expected ${expected}`);
  // Copy into an aligned buffer: Buffer slices may not be 4-byte aligned.
  const out = new Float32Array(expected);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

export function serialiseModel(model: ModelFile): string {
  const { forms, ...rest } = model;
  const json: ModelJson = {
    ...rest,
    heads: model.heads.map((h) => ({ bias: h.bias, weights: toBase64(h.weights) })),
    hidden: model.hidden?.map((l) => (l ? { hidden: l.hidden, weights: toBase64(l.weights), bias: [...l.bias], out: [...l.out], outBias: l.outBias } : null)),
    ...(forms ? { forms: { ...forms, heads: forms.heads.map((h) => ({ bias: h.bias, weights: toBase64(h.weights) })) } } : {}),
  };
  if (!json.hidden) delete json.hidden;
  return `${JSON.stringify(json)}\n`;
}

export function parseModel(text: string): ModelFile {
  const json = JSON.parse(text) as ModelJson;
  if (json.format !== MODEL_FORMAT) throw new Error(`not a Tribune moderation model (format ${String(json.format)})`);
  if (json.formatVersion > MODEL_FORMAT_VERSION) {
    throw new Error(`model format ${json.formatVersion} is newer than this Tribune understands (${MODEL_FORMAT_VERSION})`);
  }
  const dim = 1 << json.features.bits;
  if (json.heads.length !== json.categories.length) throw new Error('model has a different number of heads and categories');
  const hidden = json.hidden?.map((l) =>
    l
      ? {
          hidden: l.hidden,
          weights: fromBase64(l.weights, dim * l.hidden),
          bias: Float32Array.from(l.bias),
          out: Float32Array.from(l.out),
          outBias: l.outBias,
        }
      : null,
  );
  const { hidden: _ignored, forms: formsJson, ...rest } = json;
  const model: ModelFile = { ...rest, heads: json.heads.map((h) => ({ bias: h.bias, weights: fromBase64(h.weights, dim) })) };
  if (hidden) model.hidden = hidden;
  if (formsJson) {
    if (formsJson.heads.length !== formsJson.names.length) throw new Error('model has a different number of form heads and form names');
    const size = 1 << formsJson.bits;
    model.forms = { ...formsJson, heads: formsJson.heads.map((h) => ({ bias: h.bias, weights: fromBase64(h.weights, size) })) };
  }
  return model;
}

export function writeModel(path: string, model: ModelFile): void {
  writeFileSync(path, serialiseModel(model));
}

export function readModel(path: string): ModelFile {
  return parseModel(readFileSync(path, 'utf8'));
}
