import { Errors } from './errors.js';

/** Deeper than any Neutron body; deeper input is refused before anything recurses over it. */
export const MAX_JSON_DEPTH = 32;

// A NUL character or an unpaired UTF-16 surrogate can't be stored in PostgreSQL text/jsonb.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a string can be stored as PostgreSQL text. */
export const isStorableText = (s: string): boolean => !UNSTORABLE.test(s);

/**
 * Refuses (400) input that no attribute could legitimately hold but that would otherwise fail
 * deep inside the stack: nesting beyond MAX_JSON_DEPTH, and strings PostgreSQL can't store.
 */
export function assertStorableJson(value: unknown, where = 'request body', depth = 0): void {
  if (depth > MAX_JSON_DEPTH) throw Errors.badRequest(`Invalid input in ${where}: nested more than ${MAX_JSON_DEPTH} levels deep`);
  if (typeof value === 'string') {
    if (!isStorableText(value)) throw Errors.badRequest(`Invalid input in ${where}: strings may not contain NUL characters or unpaired surrogates`);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) assertStorableJson(item, where, depth + 1);
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (!isStorableText(key)) throw Errors.badRequest(`Invalid input in ${where}: keys may not contain NUL characters or unpaired surrogates`);
      assertStorableJson(item, where, depth + 1);
    }
  }
}
