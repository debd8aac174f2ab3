import { describe, expect, it } from 'vitest';
import { OUTPUT_MAX_PIXELS, outputShape, posterSecond } from './shape.js';

describe('outputShape', () => {
  it('keeps a video within Full HD as it is, with even sides', () => {
    expect(outputShape({ width: 1280, height: 720, fps: 30 })).toEqual({ width: 1280, height: 720, fps: 30 });
    expect(outputShape({ width: 641, height: 359, fps: 29.97 })).toEqual({ width: 640, height: 358, fps: 29.97 });
  });

  it('scales 4K down to Full HD pixels in its own shape, portrait too, and caps the rate at 60', () => {
    expect(outputShape({ width: 3840, height: 2160, fps: 120 })).toEqual({ width: 1920, height: 1080, fps: 60 });
    const tall = outputShape({ width: 2160, height: 3840, fps: 24 });
    expect(tall).toEqual({ width: 1080, height: 1920, fps: 24 });
    const odd = outputShape({ width: 4000, height: 3000, fps: 0 });
    expect(odd.width * odd.height).toBeLessThanOrEqual(OUTPUT_MAX_PIXELS);
    expect([odd.width % 2, odd.height % 2, odd.fps]).toEqual([0, 0, 30]);
    expect(odd.width / odd.height).toBeCloseTo(4 / 3, 2);
  });
});

describe('posterSecond', () => {
  it('takes the first early second that is not black, else the brightest, within the video', () => {
    expect(posterSecond([120, 130], 2)).toBe(0);
    expect(posterSecond([2, 3, 90, 100], 4)).toBe(2);
    expect(posterSecond([2, 9, 5, 1, 0, 200], 6)).toBe(1);
    expect(posterSecond([2, 100], 1.05)).toBeCloseTo(0.95);
  });
});
