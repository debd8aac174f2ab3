// The part of a 64x64 2-D DCT-II that PDQ keeps: frequencies 1..16 in each direction (the DC term is left out),
// as B = D A Dᵀ with D the 16x64 matrix below. Sums are rounded to 32-bit floats at each step, as in the reference.
const f = Math.fround;

const SCALE = f(Math.sqrt(2 / 64));

/** D[u][x] = sqrt(2/64) cos(pi/128 (u+1)(2x+1)), row-major 16x64. */
const D: Float32Array = (() => {
  const m = new Float32Array(16 * 64);
  for (let u = 0; u < 16; u++) for (let x = 0; x < 64; x++) m[u * 64 + x] = SCALE * Math.cos((Math.PI / 128) * (u + 1) * (2 * x + 1));
  return m;
})();

/** 64x64 row-major luminance to the 16x16 row-major block of DCT coefficients. */
export function dct64To16(a: Float32Array): Float32Array {
  const t = new Float32Array(16 * 64);
  for (let u = 0; u < 16; u++) {
    for (let x = 0; x < 64; x++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = f(sum + f((D[u * 64 + k] as number) * (a[k * 64 + x] as number)));
      t[u * 64 + x] = sum;
    }
  }
  const out = new Float32Array(16 * 16);
  for (let u = 0; u < 16; u++) {
    for (let v = 0; v < 16; v++) {
      let sum = 0;
      for (let k = 0; k < 64; k++) sum = f(sum + f((t[u * 64 + k] as number) * (D[v * 64 + k] as number)));
      out[u * 16 + v] = sum;
    }
  }
  return out;
}
