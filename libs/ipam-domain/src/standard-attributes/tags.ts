import { Errors, IpamErrors } from '@muon/contracts';

/** Neutron allows at most 50 tags on one resource. */
export const MAX_TAGS = 50;

/** Validates a full tag list (PUT /tags): duplicates collapse, order is kept. */
export function normaliseTags(tags: readonly string[]): string[] {
  const unique = [...new Set(tags)];
  for (const tag of unique) {
    if (tag.length === 0 || tag.length > 255 || tag.includes(',')) {
      throw Errors.invalidAttribute('tags', `'${tag}' is not a valid tag`);
    }
  }
  if (unique.length > MAX_TAGS) throw Errors.invalidAttribute('tags', `the number of tags exceeds the limit ${MAX_TAGS}`);
  return unique;
}

export const sameTags = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((t, i) => t === b[i]);

/** A request of the `/tags` sub-resource: replace all, add one, remove one, or remove all. */
export interface TagChange {
  set?: string[];
  add?: string;
  remove?: string;
  clear?: boolean;
}

/**
 * The tag list after a `/tags` request. Adding a tag the resource has changes nothing (PUT is
 * idempotent); removing one it does not have is 404 TagNotFound, as in Neutron.
 */
export function applyTagChange(current: readonly string[], change: TagChange): string[] {
  if (change.clear) return [];
  if (change.set) return change.set;
  if (change.add !== undefined) return current.includes(change.add) ? [...current] : [...current, change.add];
  if (change.remove !== undefined) {
    if (!current.includes(change.remove)) throw IpamErrors.tagNotFound(change.remove);
    return current.filter((t) => t !== change.remove);
  }
  return [...current];
}
