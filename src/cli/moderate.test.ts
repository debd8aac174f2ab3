import { spawn } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { moderateCommand } from './moderate.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function runProcess(args: string[], input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/tribune.js', 'moderate', ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('tribune moderate', () => {
  it('screens JSON lines as a process, in order, with error lines in place', async () => {
    const input = [
      JSON.stringify({ id: 1, text: 'I will kill you tomorrow' }),
      JSON.stringify({ id: 'b', text: 'je vais te voir demain' }),
      '{not json',
      JSON.stringify({ id: 3 }),
      '',
      JSON.stringify({ id: 4, text: "let's kill this level" }),
    ].join('\n');
    const { code, stdout, stderr } = await runProcess([], input);
    expect(code).toBe(0);
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatchObject({ id: 1, flagged: true, language: 'en' });
    expect(['review', 'refuse']).toContain(lines[0].action);
    expect(lines[0].categories.violence).toBeGreaterThan(0.5);
    expect(lines[1]).toMatchObject({ id: 'b', flagged: false, action: 'publish', language: 'fr' });
    expect(lines[2]).toEqual({ id: null, error: 'invalid JSON' });
    expect(lines[3]).toEqual({ id: 3, error: 'missing "text"' });
    expect(lines[4]).toMatchObject({ id: 4, flagged: false });
    expect(stderr).toMatch(/3 screened, 1 flagged .* 2 errors/);
  }, 30_000);

  it('takes thresholds from flags and refuses bad ones', async () => {
    const input = `${JSON.stringify({ id: 1, text: 'I will kill you tomorrow' })}\n`;
    const strict = await runProcess(['--review', '0.01', '--refuse', '0.999999'], input);
    expect(JSON.parse(strict.stdout).action).toBe('review');
    const bad = await runProcess(['--review', '2'], input);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/between 0 and 1/);
  }, 30_000);

  it('streams a large input line by line', async () => {
    const n = 5000;
    const stdin = Readable.from(
      (function* () {
        for (let i = 0; i < n; i++) yield `${JSON.stringify({ id: i, text: i % 2 ? 'I will kill you' : 'nice weather today' })}\n`;
      })(),
    );
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d) => (out += d));
    stderr.on('data', (d) => (err += d));
    const code = await moderateCommand([], { stdin, stdout, stderr });
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(n);
    expect(JSON.parse(lines[n - 1] as string).id).toBe(n - 1);
    expect(err).toMatch(new RegExp(`${n} screened`));
  }, 30_000);
});
