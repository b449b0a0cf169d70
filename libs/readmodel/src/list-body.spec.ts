import { describe, expect, it } from '@jest/globals';
import { ListBodyWriter, parseListParts } from './list-body.js';

const bytes = (s: string) => new TextEncoder().encode(s);

function written(parts: string[], links: Record<string, { rel: 'next' | 'previous'; href: string }[]>) {
  const pieces: string[] = [];
  let ended = 0;
  const writer = new ListBodyWriter('ports', { write: (c) => pieces.push(typeof c === 'string' ? c : new TextDecoder().decode(c)), end: () => { ended++; } });
  for (const part of parts) writer.items(bytes(part));
  writer.end(links);
  return { body: pieces.join(''), pieces, ended };
}

describe('ListBodyWriter', () => {
  it('puts the parts between the collection\'s brackets, unchanged, and ends once', () => {
    const { body, pieces, ended } = written(['{"id": "a"},{"id": "é"}', ',{"id": "c"}'], {});
    expect(JSON.parse(body)).toEqual({ ports: [{ id: 'a' }, { id: 'é' }, { id: 'c' }] });
    expect(pieces.slice(1, 3)).toEqual(['{"id": "a"},{"id": "é"}', ',{"id": "c"}']);
    expect(ended).toBe(1);
  });

  it('an empty list is an empty array', () => {
    expect(JSON.parse(written([], {}).body)).toEqual({ ports: [] });
  });

  it('adds the links beside the collection, and leaves out empty ones', () => {
    const links = { ports_links: [{ rel: 'next' as const, href: 'http://h/v2.0/ports?limit=1&marker=a' }] };
    expect(JSON.parse(written(['{"id": "a"}'], { ...links, other_links: [] }).body)).toEqual({ ports: [{ id: 'a' }], ...links });
  });

  it('writes nothing before the first part or the end, so an error before them can still be answered', () => {
    const pieces: unknown[] = [];
    new ListBodyWriter('ports', { write: (c) => pieces.push(c), end: () => undefined });
    expect(pieces).toEqual([]);
  });
});

describe('parseListParts', () => {
  it('parses the parts of a list as one array, whatever the split (even inside a character)', () => {
    const all = bytes('{"name": "ü"},{"name": "x"}');
    const cut = all.indexOf(0xbc); // the second byte of ü
    expect(parseListParts([all.subarray(0, cut), all.subarray(cut)])).toEqual([{ name: 'ü' }, { name: 'x' }]);
    expect(parseListParts([])).toEqual([]);
  });
});
