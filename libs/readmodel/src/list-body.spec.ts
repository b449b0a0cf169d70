import { describe, expect, it } from '@jest/globals';
import { assembleListBody } from './list-body.js';

describe('assembleListBody', () => {
  it('joins chunk arrays into one collection, skipping empty chunks', () => {
    const body = assembleListBody('ports', ['[{"id": "a"}, {"id": "b"}]', '[]', ' [{"id": "c"}] '], {});
    expect(JSON.parse(body)).toEqual({ ports: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
  });

  it('an empty list is an empty array', () => {
    expect(JSON.parse(assembleListBody('ports', [], {}))).toEqual({ ports: [] });
  });

  it('adds the links beside the collection', () => {
    const links = { ports_links: [{ rel: 'next' as const, href: 'http://h/v2.0/ports?limit=1&marker=a' }] };
    expect(JSON.parse(assembleListBody('ports', ['[{"id": "a"}]'], links))).toEqual({ ports: [{ id: 'a' }], ...links });
  });

  it('refuses a chunk that is not a JSON array', () => {
    expect(() => assembleListBody('ports', ['{"id": "a"}'], {})).toThrow();
  });
});
