import { describe, expect, it } from '@jest/globals';
import { decodeMap, decodeOptional, decodeSet, decodeUuidSet, ovsMap, ovsOptional, ovsSet, uuid } from './ovsdb-values.js';

describe('OVSDB value notation', () => {
  it('encodes maps with sorted keys so equal maps encode equally', () => {
    expect(ovsMap({ b: '2', a: '1' })).toEqual(['map', [['a', '1'], ['b', '2']]]);
  });

  it('decodes a one-element set written as a bare atom, and a uuid atom is not mistaken for a set', () => {
    expect(decodeSet(7)).toEqual([7]);
    expect(decodeSet(ovsSet([1, 2]))).toEqual([1, 2]);
    expect(decodeUuidSet(uuid('abc'))).toEqual(['abc']);
    expect(decodeUuidSet(['set', [uuid('a'), uuid('b')]])).toEqual(['a', 'b']);
  });

  it('treats the empty set as an absent optional value', () => {
    expect(decodeOptional(ovsOptional(undefined))).toBeUndefined();
    expect(decodeOptional(ovsOptional(4))).toBe(4);
    expect(decodeMap(ovsMap({ 'iface-id': 'x' }))).toEqual({ 'iface-id': 'x' });
    expect(decodeMap(undefined)).toEqual({});
  });
});
