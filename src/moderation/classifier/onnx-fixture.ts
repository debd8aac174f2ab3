/**
 * Test fixture: writes a tiny real ONNX graph (protobuf encoded by hand, no
 * dependency) so the ONNX adapter can be checked against onnxruntime-node when
 * it is installed. Graph: probabilities = Sigmoid(MatMul(features, W) + B),
 * features float32 [1, dim], W [dim, k], B [k].
 */

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 127) {
    out.push((v & 127) | 128);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

const enc = new TextEncoder();
const key = (field: number, wire: number) => varint(field * 8 + wire);
const int = (field: number, v: number) => [...key(field, 0), ...varint(v)];
const bytes = (field: number, b: ArrayLike<number>) => [...key(field, 2), ...varint(b.length), ...Array.from(b)];
const str = (field: number, s: string) => bytes(field, enc.encode(s));

const FLOAT = 1;

function tensorType(dims: number[]): number[] {
  const shape = dims.flatMap((d) => bytes(1, int(1, d)));
  return bytes(1, [...int(1, FLOAT), ...bytes(2, shape)]);
}

function valueInfo(name: string, dims: number[]): number[] {
  return [...str(1, name), ...bytes(2, tensorType(dims))];
}

function initializer(name: string, dims: number[], values: Float32Array): number[] {
  return [...dims.flatMap((d) => int(1, d)), ...int(2, FLOAT), ...str(8, name), ...bytes(9, new Uint8Array(values.buffer))];
}

function node(op: string, inputs: string[], outputs: string[]): number[] {
  return [...inputs.flatMap((i) => str(1, i)), ...outputs.flatMap((o) => str(2, o)), ...str(4, op)];
}

/** An ONNX model whose output k is sigmoid(sum of W[i][k] over the set features + B[k]). */
export function linearOnnxModel(dim: number, weights: Float32Array, bias: Float32Array): Uint8Array {
  const k = bias.length;
  const graph = [
    ...bytes(1, node('MatMul', ['features', 'W'], ['xw'])),
    ...bytes(1, node('Add', ['xw', 'B'], ['logits'])),
    ...bytes(1, node('Sigmoid', ['logits'], ['probabilities'])),
    ...str(2, 'tribune-test'),
    ...bytes(5, initializer('W', [dim, k], weights)),
    ...bytes(5, initializer('B', [k], bias)),
    ...bytes(11, valueInfo('features', [1, dim])),
    ...bytes(12, valueInfo('probabilities', [1, k])),
  ];
  const model = [...int(1, 8), ...str(2, 'tribune'), ...bytes(7, graph), ...bytes(8, int(2, 13))];
  return Uint8Array.from(model);
}
