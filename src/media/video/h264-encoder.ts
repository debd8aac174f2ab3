import { runTool } from './run-tool.js';

/** H.264 encoders in order of preference, with their quality settings; libx264 is in Debian's and the npm binary. */
const ENCODERS: Array<{ name: string; args: string[] }> = [
  { name: 'libx264', args: ['-preset', 'veryfast', '-crf', '23', '-maxrate', '5M', '-bufsize', '10M', '-profile:v', 'high'] },
  { name: 'libopenh264', args: ['-b:v', '2500k', '-maxrate', '5M'] },
];

const chosen = new Map<string, Promise<string[]>>();

/** `-c:v <encoder> <settings>` for the best H.264 encoder this ffmpeg has (asked once per binary). */
export function h264EncoderArgs(ffmpeg: string): Promise<string[]> {
  let found = chosen.get(ffmpeg);
  if (!found) {
    found = runTool(ffmpeg, ['-hide_banner', '-encoders'], { timeoutMs: 15_000 }).then((run) => {
      const list = run.stdout.toString('utf8');
      const encoder = ENCODERS.find((e) => new RegExp(`^\\s*V\\S*\\s+${e.name}\\s`, 'm').test(list));
      if (!encoder) throw new Error(`${ffmpeg} has no H.264 encoder (libx264 or libopenh264); install Debian's ffmpeg or set FFMPEG_PATH`);
      return ['-c:v', encoder.name, ...encoder.args];
    });
    found.catch(() => chosen.delete(ffmpeg));
    chosen.set(ffmpeg, found);
  }
  return found;
}
