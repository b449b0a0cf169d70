import { PassThrough } from 'node:stream';
import type { ListBodySink } from '@muon/readmodel';

interface ReplyLike { code(s: number): ReplyLike; header(k: string, v: string): ReplyLike; send(b?: unknown): void }

/** Bodies up to this size are sent whole, with a Content-Length; larger ones stream (chunked). */
const BUFFERED_BYTES = 64 * 1024;

/**
 * A 200 JSON response written piece by piece. Small bodies are gathered and sent at once; once the
 * pieces pass BUFFERED_BYTES, the response starts and each later piece goes out as it comes, so a
 * long list is never held whole. Until then nothing is sent, and an error can still become an error
 * response; after it, `abort` cuts the response off, so a client never takes a truncated body for a
 * whole one.
 */
export class JsonResponseBody implements ListBodySink {
  #pending: (string | Uint8Array)[] = [];
  #pendingBytes = 0;
  #stream: PassThrough | undefined;

  constructor(private readonly reply: ReplyLike) {}

  /** Whether the response has started, so that an error can no longer replace it. */
  get started(): boolean {
    return this.#stream !== undefined;
  }

  write(chunk: string | Uint8Array): void {
    if (this.#stream) {
      if (!this.#stream.destroyed) this.#stream.write(chunk);
      return;
    }
    this.#pending.push(chunk);
    this.#pendingBytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    if (this.#pendingBytes > BUFFERED_BYTES) {
      this.#stream = new PassThrough();
      this.reply.code(200).header('content-type', 'application/json').send(this.#stream);
      for (const piece of this.#pending) this.#stream.write(piece);
      this.#pending = [];
    }
  }

  end(): void {
    if (this.#stream) {
      this.#stream.end();
      return;
    }
    const body = Buffer.concat(this.#pending.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    this.reply.code(200).header('content-type', 'application/json').send(body);
  }

  abort(error: Error): void {
    this.#stream?.destroy(error);
  }
}
