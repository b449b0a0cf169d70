import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ListParts } from './list-parts.js';

function pack(docs: string[], partBytes: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  const packer = new ListParts(partBytes, (b) => parts.push(b));
  for (const doc of docs) packer.add(doc);
  packer.flush();
  return parts;
}

describe('ListParts', () => {
  it('joined, the parts are the documents separated by commas; each part fits unless one document alone is larger', () => {
    // Documents with 1- to 4-byte UTF-8 characters, of every length around the part size.
    const doc = fc.string({ unit: fc.constantFrom('a', '"', 'é', '€', '😀'), maxLength: 60 }).map((s) => JSON.stringify({ s }));
    fc.assert(fc.property(fc.array(doc, { maxLength: 40 }), fc.integer({ min: 16, max: 400 }), (docs, partBytes) => {
      const parts = pack(docs, partBytes);
      expect(Buffer.concat(parts).toString('utf8')).toBe(docs.join(','));
      for (const part of parts) {
        expect(part.byteLength).toBeGreaterThan(0);
        if (part.byteLength > partBytes) expect(JSON.parse(`[${Buffer.from(part).toString('utf8').replace(/^,/, '')}]`)).toHaveLength(1);
      }
    }), { numRuns: 300 });
  });

  it('sends nothing for no documents, and never reuses a part it sent', () => {
    expect(pack([], 64)).toEqual([]);
    const parts = pack(['{"a":1}', '{"b":2}', '{"c":3}'], 16);
    expect(parts.map((p) => Buffer.from(p).toString('utf8'))).toEqual(['{"a":1}', ',{"b":2}', ',{"c":3}']);
  });

  it('refuses a part size too small to be useful', () => {
    expect(() => new ListParts(8, () => undefined)).toThrow(/partBytes/);
  });
});
