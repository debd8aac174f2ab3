import { spawn } from 'node:child_process';

export interface ToolRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Everything written to stdout, unless `onStdout` took it. */
  stdout: Buffer;
  /** The last few kilobytes of stderr, for the log and for telling a damaged file from a failing tool. */
  stderr: string;
}

export interface ToolOptions {
  /** Receives stdout as it comes instead of buffering it (frames of a long video). */
  onStdout?: (chunk: Buffer) => void;
  /** A pipe at fd 3, for ffmpeg's `-progress pipe:3`. */
  onFd3?: (chunk: Buffer) => void;
  /** Killed after this long (a stuck or pathological decode). */
  timeoutMs: number;
}

const STDERR_KEEP = 8_192;

/** Runs ffmpeg or ffprobe with no shell and no stdin; rejects only when it cannot be started. */
export function runTool(bin: string, args: string[], opts: ToolOptions): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe', opts.onFd3 ? 'pipe' : 'ignore'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout?.on('data', (c: Buffer) => (opts.onStdout ? opts.onStdout(c) : out.push(c)));
    child.stderr?.on('data', (c: Buffer) => {
      err = (err + c.toString('utf8')).slice(-STDERR_KEEP);
    });
    const fd3 = child.stdio[3];
    if (opts.onFd3 && fd3 && 'on' in fd3) fd3.on('data', opts.onFd3);
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: err });
    });
  });
}
