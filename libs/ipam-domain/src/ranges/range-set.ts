import { rangeSize, type IntegerRange } from './integer-range.js';

/**
 * A set of integers kept as sorted, disjoint, non-adjacent ranges. Pools, free prefix space and
 * segment ranges are all such sets; keeping them canonical makes size, k-th member and membership
 * simple walks or binary searches.
 */
export type RangeSet = readonly IntegerRange[];

/** Sorts and merges overlapping or touching ranges into the canonical form. */
export function toRangeSet(ranges: readonly IntegerRange[]): RangeSet {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const out: IntegerRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.first <= last.last + 1n) {
      if (r.last > last.last) out[out.length - 1] = { first: last.first, last: r.last };
    } else {
      out.push({ first: r.first, last: r.last });
    }
  }
  return out;
}

/** Members of `set` that are not in `removed`. Both must be canonical. */
export function subtractRangeSet(set: RangeSet, removed: RangeSet): RangeSet {
  const out: IntegerRange[] = [];
  let j = 0;
  for (const r of set) {
    let first = r.first;
    while (j < removed.length && removed[j]!.last < first) j++;
    let k = j;
    while (k < removed.length && removed[k]!.first <= r.last && first <= r.last) {
      const cut = removed[k]!;
      if (cut.first > first) out.push({ first, last: cut.first - 1n });
      first = cut.last + 1n;
      k++;
    }
    if (first <= r.last) out.push({ first, last: r.last });
  }
  return out;
}

export const rangeSetSize = (set: RangeSet): bigint => set.reduce((n, r) => n + rangeSize(r), 0n);

/** Index of the range holding `value`, or -1. */
export function indexOfRangeHolding(set: RangeSet, value: bigint): number {
  let lo = 0;
  let hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = set[mid]!;
    if (value < r.first) hi = mid - 1;
    else if (value > r.last) lo = mid + 1;
    else return mid;
  }
  return -1;
}

export const rangeSetContains = (set: RangeSet, value: bigint): boolean => indexOfRangeHolding(set, value) >= 0;

/** The k-th member (0-based) in ascending order; throws when k is outside the set. */
export function memberAt(set: RangeSet, k: bigint): bigint {
  if (k < 0n) throw new RangeError(`index ${k} is negative`);
  let rest = k;
  for (const r of set) {
    const size = rangeSize(r);
    if (rest < size) return r.first + rest;
    rest -= size;
  }
  throw new RangeError(`index ${k} is beyond the set's ${rangeSetSize(set)} members`);
}

/** Whether some member of the canonical set lies in `r`. */
export function rangeSetIntersects(set: RangeSet, r: IntegerRange): boolean {
  return set.some((s) => s.first <= r.last && r.first <= s.last);
}

