import { Errors } from '@muon/contracts';

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
