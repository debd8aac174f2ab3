import type { VideoProbe } from './probe.js';

/** Stored videos are at most Full HD's pixel count (a 4K upload is scaled down), and at most 60 frames a second. */
export const OUTPUT_MAX_PIXELS = 1920 * 1080;
export const OUTPUT_MAX_FPS = 60;

/** The MP4's frame size (the input's shape, scaled down to OUTPUT_MAX_PIXELS, even sides for yuv420p) and rate. */
export function outputShape(probe: Pick<VideoProbe, 'width' | 'height' | 'fps'>): { width: number; height: number; fps: number } {
  const scale = Math.min(1, Math.sqrt(OUTPUT_MAX_PIXELS / (probe.width * probe.height)));
  const even = (n: number) => Math.max(2, Math.floor((n * scale) / 2) * 2);
  // A GIF's frame rate can be anything; an unknown one is taken as 30.
  const fps = probe.fps > 0 ? Math.min(OUTPUT_MAX_FPS, Math.round(probe.fps * 1000) / 1000) : 30;
  return { width: even(probe.width), height: even(probe.height), fps };
}

/** The poster's time: of the first five sampled seconds, the first that is not near black, else the brightest. */
export function posterSecond(brightness: number[], duration: number): number {
  const early = brightness.slice(0, 5);
  let pick = early.findIndex((b) => b > 24);
  if (pick < 0) pick = early.reduce((best, b, i) => (b > (early[best] ?? -1) ? i : best), 0);
  return Math.max(0, Math.min(pick, duration - 0.1));
}
