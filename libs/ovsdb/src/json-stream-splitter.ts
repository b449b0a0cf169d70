import { StringDecoder } from 'node:string_decoder';
import { OvsdbProtocolError } from './ovsdb-errors.js';

const OPEN = 0x7b; // {
const CLOSE = 0x7d; // }
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c;

const isJsonWhitespace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * RFC 7047 sends JSON objects back to back with no framing. This splits a byte stream into the
 * text of each complete top-level object by tracking `{}` depth outside strings. State survives
 * between chunks, so a message split anywhere (even inside a UTF-8 sequence) is reassembled, and
 * each byte is scanned once.
 */
export class JsonStreamSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private scanned = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = 0;

  constructor(private readonly maxMessageChars = 256 * 1024 * 1024) {}

  /** Feeds one chunk; returns the text of every object it completed, in order. */
  push(chunk: Buffer | string): string[] {
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    const complete: string[] = [];
    let consumed = 0;
    const buf = this.buffer;
    for (let i = this.scanned; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (this.depth === 0) {
        if (c === OPEN) { this.depth = 1; this.start = i; }
        else if (!isJsonWhitespace(c)) throw new OvsdbProtocolError(`unexpected ${JSON.stringify(buf[i])} between JSON-RPC messages`);
        continue;
      }
      if (c === QUOTE) this.inString = true;
      else if (c === OPEN) this.depth++;
      else if (c === CLOSE && --this.depth === 0) {
        complete.push(buf.slice(this.start, i + 1));
        consumed = i + 1;
      }
    }
    this.buffer = buf.slice(consumed);
    this.scanned = this.buffer.length;
    this.start = Math.max(0, this.start - consumed);
    if (this.depth === 0) { this.buffer = ''; this.scanned = 0; this.start = 0; }
    if (this.buffer.length > this.maxMessageChars) throw new OvsdbProtocolError(`a message exceeds ${this.maxMessageChars} characters`);
    return complete;
  }

  /** Characters of an incomplete message still waiting for more input. */
  get pending(): number {
    return this.buffer.length;
  }
}
