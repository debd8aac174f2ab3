import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readEnv } from '../config/env.js';
import { DIHEDRAL_VARIANTS } from '../media/pdq/dihedral.js';
import { hashToHex } from '../media/pdq/hash256.js';
import { pdqDihedralOfImage } from '../media/pdq/image.js';
import { frameHashesOfFile } from '../media/video/sample-frames.js';

const USAGE = `Usage: tribune hashes <command>

  pdq FILE... [--dihedral] [--video]
                                   print "<64-hex PDQ hash> <quality 0-100> <file>" per image
                                   (--dihedral: one line per rotation and mirror, the symmetry's name last);
                                   a video (MP4, WebM, MOV...) prints one line per second sampled,
                                   "<hash> <quality> <file>@<second>", as uploads are sampled: list the
                                   frames of quality 50 and above (--video: an animated GIF's frames too)
  import FILE [--source NAME] [--skip-bad-lines]
                                   load a hash list: "<64-hex PDQ>,<label>", "md5:<hex>,<label>" or
                                   "sha256:<hex>,<label>" per line, # comments; the source defaults to the file's name
  sources                          the lists loaded, with their counts
  delete-source NAME               remove every entry of a list

A running server picks up a changed list within a few seconds.`;

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const console_: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** `tribune hashes ...`: PDQ hashes of images, and the hash lists uploads are matched against. */
export async function hashesCommand(args: string[], io: Io = console_): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'pdq') return pdqCommand(rest, io);
  if (sub === 'import' || sub === 'sources' || sub === 'delete-source') return (await import('./hash-lists.js')).hashListCommand(sub, rest, io);
  io[sub === 'help' || sub === '--help' ? 'out' : 'err'](USAGE);
  return sub === 'help' || sub === '--help' ? 0 : 2;
}

async function pdqCommand(args: string[], io: Io): Promise<number> {
  let parsed: { values: { dihedral?: boolean; video?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args, options: { dihedral: { type: 'boolean' }, video: { type: 'boolean' } }, allowPositionals: true });
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!parsed.positionals.length) {
    io.err(`Name at least one image file.\n\n${USAGE}`);
    return 2;
  }
  let failed = 0;
  for (const file of parsed.positionals) {
    try {
      // Read here rather than by sharp, so a missing file or a directory is named as such.
      const bytes = await readFile(file);
      const r = parsed.values.video ? null : await pdqDihedralOfImage(bytes).catch((err) => (isUnsupported(err) ? null : Promise.reject(err)));
      if (!r) await printFrames(file, io);
      else if (parsed.values.dihedral) for (const v of DIHEDRAL_VARIANTS) io.out(`${hashToHex(r.variants[v])} ${r.quality} ${file} ${v}`);
      else io.out(`${hashToHex(r.hash)} ${r.quality} ${file}`);
    } catch (err) {
      failed++;
      io.err(`${file}: ${unreadable(err)}`);
    }
  }
  return failed ? 1 : 0;
}

/** Not an image sharp reads: perhaps a video. */
const isUnsupported = (err: unknown) => /unsupported image format/i.test(err instanceof Error ? err.message : String(err));

async function printFrames(file: string, io: Io): Promise<void> {
  const env = readEnv();
  const frames = await frameHashesOfFile(file, { ffmpegPath: env.FFMPEG_PATH, ffprobePath: env.FFPROBE_PATH });
  for (const [second, f] of frames.entries()) io.out(`${f.hash} ${f.quality} ${file}@${second}`);
}

function unreadable(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || /missing|does not exist/i.test(message)) return 'no such file; check the path.';
  if (code === 'EACCES') return 'permission denied; check the file is readable by this user.';
  if (code === 'EISDIR') return 'is a directory; name the image files in it.';
  if (/not a video|no video stream|cannot be decoded/i.test(message))
    return 'neither an image sharp can read (JPEG, PNG, WebP, GIF, AVIF, TIFF, HEIF) nor a video ffmpeg can (MP4, WebM, MOV); convert it or check it is not damaged.';
  if (/unsupported image format/i.test(message))
    return 'not an image sharp can read (JPEG, PNG, WebP, GIF, AVIF, TIFF, HEIF); convert it or check it is not damaged.';
  if (/pixel limit/i.test(message)) return 'too many pixels to hash safely (over 100 megapixels); shrink it first.';
  return `cannot be decoded (${message}); the file may be truncated or damaged.`;
}
