/**
 * `tribune moderate`: screen JSON lines {"id", "text"} from stdin and write one
 * verdict per line, in the same order, on stdout. A malformed line gets an
 * error line in its place and the rest goes on. Streams, so input size is not
 * bounded by memory. A summary goes to stderr at the end.
 *
 * Options: --model FILE (another shipped-format model), --onnx FILE
 * [--onnx-categories violence,glorification] [--onnx-input text|features],
 * --service URL (external HTTP classifier), --review N, --refuse N,
 * --thresholds JSON ({"violence":{"review":0.5,"refuse":0.9}}).
 */
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { readEnv } from '../config/env.js';
import { loadClassifier } from '../moderation/classifier/load-classifier.js';
import { decideAction, type ModerationThresholds, resolveThresholds, type ThresholdSettings } from '../moderation/classifier/thresholds.js';
import type { Classifier, ClassifierConfig } from '../moderation/classifier/types.js';

export interface ModerateIo {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

export interface ModerateOptions {
  classifier?: Classifier;
  thresholds?: ModerationThresholds;
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

function classifierConfig(args: string[]): ClassifierConfig {
  const onnx = flag(args, 'onnx');
  const service = flag(args, 'service');
  if (onnx) {
    const input = flag(args, 'onnx-input');
    return { kind: 'onnx', modelPath: onnx, categories: flag(args, 'onnx-categories')?.split(','), input: input === 'features' ? 'features' : 'text' };
  }
  if (service) return { kind: 'http', url: service };
  return { kind: 'shipped', modelPath: flag(args, 'model') };
}

// Environment first (the same variables the server reads), then command-line flags on top.
function thresholdSettings(args: string[]): ThresholdSettings {
  const env = readEnv();
  const num = (v: string | undefined, what: string) => {
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!(n >= 0 && n <= 1)) throw new RangeError(`${what} must be a number between 0 and 1`);
    return n;
  };
  const json = flag(args, 'thresholds') ?? env.MODERATION_THRESHOLDS;
  let thresholds: ThresholdSettings['thresholds'];
  if (json) {
    try {
      thresholds = JSON.parse(json) as ThresholdSettings['thresholds'];
    } catch {
      throw new RangeError('thresholds must be JSON like {"violence":{"review":0.5,"refuse":0.9}}');
    }
  }
  return {
    reviewThreshold: num(flag(args, 'review') ?? env.MODERATION_REVIEW_THRESHOLD, 'review threshold'),
    refuseThreshold: num(flag(args, 'refuse') ?? env.MODERATION_REFUSE_THRESHOLD, 'refuse threshold'),
    thresholds,
  };
}

function write(out: Writable, line: string): Promise<void> | undefined {
  // Honour backpressure so a slow reader does not make us buffer the whole input.
  if (out.write(`${line}\n`)) return undefined;
  return new Promise((resolve) => out.once('drain', () => resolve()));
}

export async function moderateCommand(args: string[], io: ModerateIo, options: ModerateOptions = {}): Promise<number> {
  if (args.includes('--help')) {
    io.stderr.write('Usage: tribune moderate [--model FILE | --onnx FILE | --service URL] [--review N] [--refuse N] [--thresholds JSON] < posts.jsonl\n');
    return 0;
  }
  let thresholds: ModerationThresholds;
  let classifier: Classifier;
  try {
    thresholds = options.thresholds ?? resolveThresholds(thresholdSettings(args));
    classifier = options.classifier ?? (await loadClassifier(classifierConfig(args)));
  } catch (err) {
    io.stderr.write(`tribune moderate: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  let screened = 0;
  let flagged = 0;
  let refused = 0;
  let errors = 0;
  const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const raw of lines) {
    if (raw.trim() === '') continue;
    let id: unknown = null;
    let out: string;
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new Error('invalid JSON');
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a JSON object {"id", "text"}');
      const rec = parsed as { id?: unknown; text?: unknown };
      id = rec.id ?? null;
      if (typeof rec.text !== 'string') throw new Error(rec.text === undefined ? 'missing "text"' : '"text" must be a string');
      const result = await classifier.classify(rec.text);
      const action = decideAction(result.categories, thresholds);
      screened++;
      if (action !== 'publish') flagged++;
      if (action === 'refuse') refused++;
      out = JSON.stringify({ id, flagged: action !== 'publish', action, categories: result.categories, language: result.language });
    } catch (err) {
      errors++;
      out = JSON.stringify({ id, error: err instanceof Error ? err.message : String(err) });
    }
    await write(io.stdout, out);
  }
  await classifier.close?.();
  io.stderr.write(
    `tribune moderate: ${screened} screened, ${flagged} flagged (${flagged - refused} review, ${refused} refuse), ${errors} errors; classifier ${classifier.name} ${classifier.version}\n`,
  );
  return 0;
}
