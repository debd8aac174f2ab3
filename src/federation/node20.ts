// Fedify 1.10 declares Node >= 22; on Node 20 two things it uses are missing. Filled in here, only when absent.
// ArrayBuffer.prototype.transfer (Node 21; byte-encodings calls it while writing keys as PEM). The copy does not
// detach the old buffer, which nothing here relies on. Remove once Node 20 is no longer supported.
declare global {
  interface ArrayBuffer {
    transfer?(newLength?: number): ArrayBuffer;
  }
}

if (typeof (ArrayBuffer.prototype as { transfer?: unknown }).transfer !== 'function') {
  Object.defineProperty(ArrayBuffer.prototype, 'transfer', {
    configurable: true,
    writable: true,
    value: function transfer(this: ArrayBuffer, newLength?: number): ArrayBuffer {
      const length = newLength ?? this.byteLength;
      const copy = new ArrayBuffer(length);
      new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
      return copy;
    },
  });
}

// `navigator` (Node 21 defines it): Fedify's importJwk reads navigator.userAgent when it loads an Ed25519 key, as
// the queued deliveries carry their keys as JWK. Node 21+ has the same object, so libraries already cope with it.
if (typeof (globalThis as { navigator?: unknown }).navigator === 'undefined') {
  Object.defineProperty(globalThis, 'navigator', { configurable: true, writable: true, value: { userAgent: `Node.js/${process.versions.node}` } });
}

export {};
