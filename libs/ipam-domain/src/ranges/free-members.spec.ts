import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { firstFreeAfter, freeCount, freeMembers, randomMember } from './free-members.js';
import { memberAt, rangeSetContains, rangeSetSize, subtractRangeSet, toRangeSet } from './range-set.js';
import { seededRandomBelow } from './random-source.js';

const r = (first: number, last: number) => ({ first: BigInt(first), last: BigInt(last) });

describe('range sets', () => {
  it('merges overlapping and touching ranges into one canonical list', () => {
    expect(toRangeSet([r(10, 20), r(1, 3), r(4, 5), r(15, 30)])).toEqual([r(1, 5), r(10, 30)]);
  });

  it('subtracts one set from another', () => {
    expect(subtractRangeSet([r(1, 10), r(20, 30)], [r(0, 2), r(5, 5), r(9, 21), r(30, 40)])).toEqual([r(3, 4), r(6, 8), r(22, 29)]);
  });

  it('finds the k-th member across ranges and refuses k beyond the end', () => {
    const set = [r(1, 3), r(10, 11)];
    expect([0n, 1n, 2n, 3n, 4n].map((k) => memberAt(set, k))).toEqual([1n, 2n, 3n, 10n, 11n]);
    expect(() => memberAt(set, 5n)).toThrow(RangeError);
    expect(rangeSetSize(set)).toBe(5n);
  });

  it('picks random members only from inside the set', () => {
    const set = [r(100, 101), r(200, 200)];
    const random = seededRandomBelow(7);
    for (let i = 0; i < 50; i++) expect(rangeSetContains(set, randomMember(set, random))).toBe(true);
  });
});

describe('free members', () => {
  it('walks free members from a starting point, wrapping around, skipping taken ones', () => {
    const set = [r(1, 5), r(10, 12)];
    expect([...freeMembers(set, [2n, 3n, 11n], 4n)]).toEqual([4n, 5n, 10n, 12n, 1n]);
  });

  it('starts at the next range when the starting point lies in a gap', () => {
    expect(firstFreeAfter([r(1, 5), r(10, 12)], [], 7n)).toBe(10n);
    expect(firstFreeAfter([r(1, 5), r(10, 12)], [], 99n)).toBe(1n);
  });

  it('answers null when every member is taken', () => {
    expect(firstFreeAfter([r(1, 3)], [0n, 1n, 2n, 3n, 4n])).toBeNull();
    expect(freeCount([r(1, 3)], [0n, 1n, 1n, 2n, 3n])).toBe(0n);
  });

  it('finds a free address in a huge, nearly untouched range without walking it', () => {
    const big = [{ first: 0n, last: (1n << 64n) - 1n }];
    expect(firstFreeAfter(big, [5n, 6n, 7n], 5n)).toBe(8n);
  });

  it('yields each free member exactly once (property)', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 8 })), { maxLength: 5 }),
      fc.uniqueArray(fc.integer({ min: 0, max: 70 })),
      fc.integer({ min: 0, max: 70 }),
      (raw, takenRaw, from) => {
        const set = toRangeSet(raw.map(([a, len]) => r(a, a + len)));
        const taken = takenRaw.map(BigInt).sort((a, b) => (a < b ? -1 : 1));
        const expected = new Set<bigint>();
        for (const x of set) for (let v = x.first; v <= x.last; v++) if (!taken.includes(v)) expected.add(v);
        const got = [...freeMembers(set, taken, BigInt(from))];
        expect(new Set(got)).toEqual(expected);
        expect(got.length).toBe(expected.size);
        expect(freeCount(set, taken)).toBe(BigInt(expected.size));
      },
    ));
  });
});
