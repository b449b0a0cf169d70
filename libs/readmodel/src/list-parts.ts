/**
 * Packs JSON documents into parts of about `partBytes` bytes: all parts joined are the documents
 * separated by commas, the inside of a JSON array. Each document is written as UTF-8 straight into
 * the part's buffer, so a long list is never one string and never encoded twice. A document larger
 * than a part travels alone.
 */
export class ListParts {
  #buffer: Buffer;
  #used = 0;
  #empty = true;

  constructor(private readonly partBytes: number, private readonly send: (bytes: Uint8Array) => void) {
    if (!Number.isInteger(partBytes) || partBytes < 16) throw new Error(`partBytes must be an integer of 16 or more, not ${partBytes}`);
    this.#buffer = Buffer.allocUnsafe(partBytes);
  }

  add(doc: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: room for that many is room for the document.
    const room = 1 + doc.length * 3;
    if (this.#used > 0 && this.#used + room > this.partBytes) this.flush();
    const comma = this.#empty ? '' : ',';
    this.#empty = false;
    if (room > this.partBytes) {
      this.send(Buffer.from(comma + doc, 'utf8'));
      return;
    }
    if (comma) this.#buffer[this.#used++] = 0x2c;
    this.#used += this.#buffer.write(doc, this.#used, 'utf8');
  }

  /** Sends what is buffered; the part's bytes are never written again (the sender may still hold them). */
  flush(): void {
    if (this.#used === 0) return;
    this.send(this.#buffer.subarray(0, this.#used));
    this.#buffer = Buffer.allocUnsafe(this.partBytes);
    this.#used = 0;
  }
}
