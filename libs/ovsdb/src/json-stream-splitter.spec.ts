import { describe, expect, it } from '@jest/globals';
import { JsonStreamSplitter } from './json-stream-splitter.js';
import { OvsdbProtocolError } from './ovsdb-errors.js';

// Canned server output: a reply, an echo request and an update notification, with the characters
// that trip naive framing — braces, quotes and backslashes inside strings, and multi-byte UTF-8.
const messages = [
  { id: 1, error: null, result: [{ uuid: ['uuid', 'b0a1'] }, { error: 'constraint violation', details: 'name "x{" is {not} unique' }] },
  { id: 'echo', method: 'echo', params: [] },
  { id: null, method: 'update', params: ['m1', { Interface: { u1: { new: { name: 'tap\\"}{', external_ids: ['map', [['attached-mac', 'fa:16:3e:00:00:01']]] } } } }] },
  { id: 2, error: null, result: { note: 'Grüße aus dem Äther — 网络 ✓ 🛰️', nested: [[{}], { a: { b: {} } }] } },
];
const stream = Buffer.from(messages.map((m) => JSON.stringify(m)).join('\n'), 'utf8');

describe('JsonStreamSplitter', () => {
  it('splits back-to-back objects with no framing', () => {
    const texts = new JsonStreamSplitter().push(stream);
    expect(texts.map((t) => JSON.parse(t))).toEqual(messages);
  });

  it('reassembles every message when the stream is cut at any single byte position', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      const s = new JsonStreamSplitter();
      const texts = [...s.push(stream.subarray(0, cut)), ...s.push(stream.subarray(cut))];
      expect(texts.map((t) => JSON.parse(t))).toEqual(messages);
      expect(s.pending).toBe(0);
    }
  });

  it('reassembles when the stream arrives one byte at a time (splits inside UTF-8 sequences too)', () => {
    const s = new JsonStreamSplitter();
    const texts: string[] = [];
    for (let i = 0; i < stream.length; i++) texts.push(...s.push(stream.subarray(i, i + 1)));
    expect(texts.map((t) => JSON.parse(t))).toEqual(messages);
  });

  it('reassembles at every pair of cut positions in a short stream', () => {
    const short = Buffer.from('{"a":"}\\\\"}{"b":["{"]} {"c":{"d":"é"}}', 'utf8');
    const want = [{ a: '}\\' }, { b: ['{'] }, { c: { d: 'é' } }];
    for (let i = 0; i <= short.length; i++) {
      for (let j = i; j <= short.length; j++) {
        const s = new JsonStreamSplitter();
        const got = [short.subarray(0, i), short.subarray(i, j), short.subarray(j)].flatMap((c) => s.push(c));
        expect(got.map((t) => JSON.parse(t))).toEqual(want);
      }
    }
  });

  it('keeps an incomplete message pending until its closing brace arrives', () => {
    const s = new JsonStreamSplitter();
    expect(s.push('{"id":1,"result":{"x":"}"')).toEqual([]);
    expect(s.pending).toBeGreaterThan(0);
    expect(s.push('}')).toEqual([]);
    expect(s.push(',"error":null}  ')).toEqual(['{"id":1,"result":{"x":"}"},"error":null}']);
    expect(s.pending).toBe(0);
  });

  it('rejects bytes outside any object', () => {
    expect(() => new JsonStreamSplitter().push('{"a":1} garbage')).toThrow(OvsdbProtocolError);
  });

  it('refuses a message larger than its limit', () => {
    expect(() => new JsonStreamSplitter(10).push('{"a":"0123456789')).toThrow(/exceeds 10/);
  });
});
