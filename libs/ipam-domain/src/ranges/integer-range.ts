/**
 * An inclusive range of non-negative integers: an allocation pool, a subnet, a VNI range.
 * Everything is bigint because an IPv6 /64 holds 2^64 addresses.
 */
export interface IntegerRange {
  first: bigint;
  last: bigint;
}

export const rangeSize = (r: IntegerRange): bigint => r.last - r.first + 1n;

export const rangeContains = (r: IntegerRange, value: bigint): boolean => value >= r.first && value <= r.last;

export const rangesOverlap = (a: IntegerRange, b: IntegerRange): boolean => a.first <= b.last && b.first <= a.last;

/** Whether `inner` lies entirely within `outer`. */
export const rangeWithin = (inner: IntegerRange, outer: IntegerRange): boolean =>
  inner.first >= outer.first && inner.last <= outer.last;
