import { lumaFromPixels } from '../pdq/decode.js';
import { transformDct } from '../pdq/dihedral.js';
import { dctOfLuma, dctToHash } from '../pdq/hash.js';
import { hashToHex } from '../pdq/hash256.js';

/** Frames are hashed at most this many pixels on their long side, as Meta's vPDQ samples them. */
export const FRAME_SIDE = 512;

export interface FrameHash {
  /** 64-hex PDQ hash of the frame. */
  hash: string;
  /** 0..100; frames under the match threshold (a black or flat frame) are not matched on. */
  quality: number;
  /** The hash of the frame mirrored left to right, so a flipped copy of a listed clip still matches. */
  mirror?: string;
}

/** The frame size the hashes are taken at: the video's shape within FRAME_SIDE, even sides. */
export function frameSize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, FRAME_SIDE / Math.max(width, height));
  const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  return { width: even(width), height: even(height) };
}

/**
 * The filter that samples the frames hashed: the first frame of each whole second from the start (so a clip under a
 * second still has one, and a copy cut at a whole second samples the same frames), scaled, as raw RGB. Its output
 * needs `-vsync passthrough`, or ffmpeg repeats frames to keep the input's rate.
 */
export function hashFilter(size: { width: number; height: number }): string {
  return `setpts=PTS-STARTPTS,select='isnan(prev_selected_t)+gt(floor(t),floor(prev_selected_t))',scale=${size.width}:${size.height},format=rgb24`;
}

/**
 * Takes raw RGB frames (rgb24, one after another, in whatever chunks a pipe gives) and hashes each whole frame:
 * PDQ of its luminance, computed like an image's (src/media/pdq), so a frame saved as PNG and hashed with
 * `tribune hashes pdq` gives the same hash.
 */
export class FrameHasher {
  readonly hashes: FrameHash[] = [];
  /** Mean luminance of each frame (0..255), to pick a poster that is not black. */
  readonly brightness: number[] = [];
  private readonly frameBytes: number;
  private pending: Buffer;
  private filled = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
  ) {
    this.frameBytes = width * height * 3;
    this.pending = Buffer.alloc(this.frameBytes);
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const n = chunk.copy(this.pending, this.filled, offset, Math.min(chunk.length, offset + this.frameBytes - this.filled));
      offset += n;
      this.filled += n;
      if (this.filled === this.frameBytes) {
        this.hashFrame(this.pending);
        this.filled = 0;
      }
    }
  }

  private hashFrame(rgb: Buffer): void {
    const { luma, rows, cols } = lumaFromPixels(rgb, this.width, this.height, 3);
    let sum = 0;
    for (let i = 0; i < luma.length; i++) sum += luma[i] as number;
    this.brightness.push(sum / luma.length);
    const r = dctOfLuma(luma, rows, cols);
    if (!r) {
      this.hashes.push({ hash: '0'.repeat(64), quality: 0 });
      return;
    }
    this.hashes.push({
      hash: hashToHex(dctToHash(r.dct)),
      quality: r.quality,
      mirror: hashToHex(dctToHash(transformDct(r.dct, 'flipY'))),
    });
  }
}
