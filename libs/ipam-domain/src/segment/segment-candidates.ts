import { firstFreeAfter, randomMember } from '../ranges/free-members.js';
import { cryptoRandomBelow, type RandomBelow } from '../ranges/random-source.js';
import { toRangeSet, type RangeSet } from '../ranges/range-set.js';
import type { IdRange } from './segment-config.js';

/*
 * Segment ids are reserved like addresses: the owner inserts a candidate under a unique index
 * (network_type, physical_network, segmentation_id) and retries on a violation; random first,
 * then deterministically from the taken ids once the range is crowded.
 */

export const idRangeSet = (ranges: readonly IdRange[]): RangeSet =>
  toRangeSet(ranges.map((r) => ({ first: BigInt(r.min), last: BigInt(r.max) })));

export function randomSegmentId(ranges: readonly IdRange[], random: RandomBelow = cryptoRandomBelow): number {
  return Number(randomMember(idRangeSet(ranges), random));
}

/** The first id in the ranges at or after `from` (wrapping) that is not taken; null when all are. */
export function firstFreeSegmentId(ranges: readonly IdRange[], taken: readonly number[], from?: number): number | null {
  const sorted = [...taken].sort((a, b) => a - b).map(BigInt);
  const id = firstFreeAfter(idRangeSet(ranges), sorted, from === undefined ? undefined : BigInt(from));
  return id === null ? null : Number(id);
}
