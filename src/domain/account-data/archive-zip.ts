import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

const encoder = new TextEncoder();

/**
 * A zip written to a file as it is made: each entry streams in (fflate), each chunk goes to the file, and the
 * writer waits whenever the file falls behind, so an archive of any size holds one chunk in memory at a time.
 * Entries are written one after the other: finish one before adding the next.
 */
export class ZipFileWriter {
  private readonly out: WriteStream;
  private readonly zip: Zip;
  private error: Error | null = null;
  private readonly closed: Promise<unknown>;
  size = 0;

  constructor(path: string) {
    this.out = createWriteStream(path);
    this.closed = once(this.out, 'close');
    this.out.on('error', (err) => {
      this.error = err;
    });
    this.zip = new Zip((err, chunk, final) => {
      if (err) {
        this.error = err;
        return;
      }
      this.size += chunk.length;
      this.out.write(chunk);
      if (final) this.out.end();
    });
  }

  /** An entry whose text comes in pieces (compressed). */
  entry(name: string): { write(text: string): Promise<void>; end(text?: string): Promise<void> } {
    const file = new ZipDeflate(name, { level: 6 });
    this.zip.add(file);
    return {
      write: async (text) => {
        file.push(encoder.encode(text));
        await this.drained();
      },
      end: async (text = '') => {
        file.push(encoder.encode(text), true);
        await this.drained();
      },
    };
  }

  async text(name: string, text: string): Promise<void> {
    await this.entry(name).end(text);
  }

  /** A stored file (media is compressed already), streamed in. */
  async stream(name: string, body: Readable): Promise<void> {
    const file = new ZipPassThrough(name);
    this.zip.add(file);
    for await (const chunk of body) {
      file.push(chunk instanceof Uint8Array ? chunk : encoder.encode(String(chunk)));
      await this.drained();
    }
    file.push(new Uint8Array(0), true);
    await this.drained();
  }

  /** Writes the zip's directory and closes the file; returns its size in bytes. */
  async finish(): Promise<number> {
    this.zip.end();
    await this.closed;
    if (this.error) throw this.error;
    return this.size;
  }

  /** Stops without a whole zip (the caller deletes the file). */
  async abort(): Promise<void> {
    this.zip.terminate();
    if (!this.out.closed) {
      this.out.end();
      await this.closed;
    }
  }

  private async drained(): Promise<void> {
    if (this.error) throw this.error;
    if (this.out.writableNeedDrain) await once(this.out, 'drain');
  }
}
