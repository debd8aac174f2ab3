// Jarosz's "Fast Image Convolutions" (SIGGRAPH 2001), as PDQ uses it: 1-D box filters along rows then columns,
// that pair twice, approximate a tent filter; the blurred image is then sampled at 64x64 cell centres.
// Arithmetic is rounded to 32-bit floats at each step, as the reference's float buffers are, so near-median
// DCT coefficients fall on the same side.
const f = Math.fround;

export const PDQ_JAROSZ_PASSES = 2;

/** Box width for one pass: half of one output cell, rounded up (two passes cover the whole cell). */
export function jaroszWindow(inSize: number, outSize: number): number {
  return Math.floor((inSize + 2 * outSize - 1) / (2 * outSize));
}

/**
 * Mean of a window of `width` samples around each one, using only the samples inside the vector at the ends:
 * output k averages input[k - (width - lead) .. k + lead - 1], with lead = floor((width + 2) / 2).
 * Three stretches: the window grows from the left edge, slides, then shrinks at the right edge.
 */
function boxPass(src: Float32Array, dst: Float32Array, start: number, stride: number, length: number, width: number): void {
  const lead = (width + 2) >> 1;
  let sum = 0;
  let count = 0;
  let ahead = start;
  let behind = start;
  let out = start;
  for (let k = 0; k < lead - 1; k++, ahead += stride) sum = f(sum + (src[ahead] as number));
  count = lead - 1;
  for (let k = 0; k <= width - lead; k++, ahead += stride, out += stride) {
    sum = f(sum + (src[ahead] as number));
    dst[out] = sum / ++count;
  }
  for (let k = 0; k < length - width; k++, ahead += stride, behind += stride, out += stride) {
    sum = f(f(sum + (src[ahead] as number)) - (src[behind] as number));
    dst[out] = sum / count;
  }
  for (let k = 0; k < lead - 1; k++, behind += stride, out += stride) {
    sum = f(sum - (src[behind] as number));
    dst[out] = sum / --count;
  }
}

/**
 * The same box filter down every column at once: one running sum per column, rows read in order (a column-by-column
 * walk would stride through memory). Each column gets the same additions in the same order as `boxPass`.
 */
function boxColumns(src: Float32Array, dst: Float32Array, rows: number, cols: number, width: number): void {
  const lead = (width + 2) >> 1;
  // Float32Array storage rounds each sum to 32 bits, as the reference's float accumulator does.
  const sums = new Float32Array(cols);
  let count = 0;
  let ahead = 0;
  let behind = 0;
  for (; ahead < lead - 1 && ahead < rows; ahead++, count++) {
    const o = ahead * cols;
    for (let j = 0; j < cols; j++) sums[j] = (sums[j] as number) + (src[o + j] as number);
  }
  for (let k = 0; k < rows; k++) {
    const adding = k + lead - 1 < rows;
    const dropping = k + lead - 1 - width >= 0;
    if (adding) {
      const o = ahead++ * cols;
      for (let j = 0; j < cols; j++) sums[j] = (sums[j] as number) + (src[o + j] as number);
    }
    if (dropping) {
      const o = behind++ * cols;
      for (let j = 0; j < cols; j++) sums[j] = (sums[j] as number) - (src[o + j] as number);
    }
    if (adding && !dropping) count++;
    else if (!adding && dropping) count--;
    const o = k * cols;
    for (let j = 0; j < cols; j++) dst[o + j] = (sums[j] as number) / count;
  }
}

/** Blurs `a` in place (`b` is scratch of the same size): `passes` rounds of a row pass then a column pass. */
export function jaroszFilter(
  a: Float32Array,
  b: Float32Array,
  rows: number,
  cols: number,
  windowAlongRows: number,
  windowAlongCols: number,
  passes: number,
): void {
  for (let p = 0; p < passes; p++) {
    for (let i = 0; i < rows; i++) boxPass(a, b, i * cols, 1, cols, windowAlongRows);
    boxColumns(b, a, rows, cols, windowAlongCols);
  }
}

/** Samples the pixel at the centre of each cell of an out x out grid laid over the image. */
export function decimate(src: Float32Array, rows: number, cols: number, out: number): Float32Array {
  const dst = new Float32Array(out * out);
  for (let i = 0; i < out; i++) {
    const si = Math.floor(((i + 0.5) * rows) / out);
    for (let j = 0; j < out; j++) {
      const sj = Math.floor(((j + 0.5) * cols) / out);
      dst[i * out + j] = src[si * cols + sj] as number;
    }
  }
  return dst;
}
