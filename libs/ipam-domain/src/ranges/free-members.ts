import { rangeSize } from './integer-range.js';
import { indexOfRangeHolding, memberAt, rangeSetSize, type RangeSet } from './range-set.js';
import type { RandomBelow } from './random-source.js';

/** A uniformly random member of the set (throws on an empty set). */
export function randomMember(set: RangeSet, random: RandomBelow): bigint {
  const size = rangeSetSize(set);
  if (size === 0n) throw new RangeError('cannot pick from an empty set');
  return memberAt(set, random(size));
}

/** Position of the first element >= value in a sorted array. */
function lowerBound(sorted: readonly bigint[], value: bigint): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Members of `set` not in `taken` (sorted ascending, may hold values outside the set), in
 * ascending order starting at `from` and wrapping around to the start. This is the deterministic
 * fallback when random probing keeps colliding: its cost grows with the number taken, never with
 * the size of the set, so a nearly full /64 is as cheap as a nearly full /24.
 */
export function* freeMembers(set: RangeSet, taken: readonly bigint[], from?: bigint): Generator<bigint> {
  if (set.length === 0) return;
  const start = from ?? set[0]!.first;
  let startIndex = indexOfRangeHolding(set, start);
  let startValue = start;
  if (startIndex < 0) {
    // `from` lies in a gap: begin with the next range (or wrap to the first).
    startIndex = set.findIndex((r) => r.first > start);
    if (startIndex < 0) startIndex = 0;
    startValue = set[startIndex]!.first;
  }
  const visit = function* (first: bigint, last: bigint): Generator<bigint> {
    let t = lowerBound(taken, first);
    let candidate = first;
    while (candidate <= last) {
      while (t < taken.length && taken[t]! < candidate) t++;
      if (t < taken.length && taken[t] === candidate) {
        candidate++;
        continue;
      }
      // Everything up to the next taken value (or the range end) is free.
      const stop = t < taken.length && taken[t]! <= last ? taken[t]! - 1n : last;
      for (let v = candidate; v <= stop; v++) yield v;
      candidate = stop + 1n;
    }
  };
  const n = set.length;
  for (let i = 0; i < n; i++) {
    const r = set[(startIndex + i) % n]!;
    yield* visit(i === 0 ? startValue : r.first, r.last);
  }
  // The part of the first range before `from`, visited last.
  const first = set[startIndex]!;
  if (startValue > first.first) yield* visit(first.first, startValue - 1n);
}

/** The first free member at or after `from` (wrapping), or null when every member is taken. */
export function firstFreeAfter(set: RangeSet, taken: readonly bigint[], from?: bigint): bigint | null {
  const next = freeMembers(set, taken, from).next();
  return next.done ? null : next.value;
}

/** Number of members of the set that are not taken. */
export function freeCount(set: RangeSet, taken: readonly bigint[]): bigint {
  let inSet = 0n;
  let previous: bigint | undefined;
  for (const t of taken) {
    if (t === previous) continue;
    previous = t;
    if (indexOfRangeHolding(set, t) >= 0) inSet++;
  }
  return set.reduce((n, r) => n + rangeSize(r), 0n) - inSet;
}
