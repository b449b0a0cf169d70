/**
 * OVSDB's JSON notation for values (RFC 7047 §5.1): atoms are strings, numbers, booleans and
 * `["uuid", id]` / `["named-uuid", name]`; a set of other than one element is `["set", [...]]`,
 * a map is `["map", [[k, v], ...]]`.
 */
export type OvsdbUuid = ['uuid', string];
export type OvsdbNamedUuid = ['named-uuid', string];
export type OvsdbAtom = string | number | boolean | OvsdbUuid | OvsdbNamedUuid;
export type OvsdbSet = ['set', OvsdbAtom[]];
export type OvsdbMap = ['map', [OvsdbAtom, OvsdbAtom][]];
export type OvsdbValue = OvsdbAtom | OvsdbSet | OvsdbMap;
/** A row as the wire carries it: column name → value. */
export type OvsdbRow = Record<string, OvsdbValue>;

export const uuid = (id: string): OvsdbUuid => ['uuid', id];
export const namedUuid = (name: string): OvsdbNamedUuid => ['named-uuid', name];
export const ovsSet = (atoms: readonly OvsdbAtom[]): OvsdbSet => ['set', [...atoms]];
/** Keys are sorted so the same map always encodes the same way. */
export const ovsMap = (entries: Readonly<Record<string, string>>): OvsdbMap =>
  ['map', Object.keys(entries).sort().map((k) => [k, entries[k]!] as [string, string])];
/** An optional column (min 0, max 1): the empty set when absent. */
export const ovsOptional = (atom: OvsdbAtom | undefined): OvsdbValue => (atom === undefined ? ovsSet([]) : atom);

const isTagged = (v: unknown, tag: string): boolean => Array.isArray(v) && v.length === 2 && v[0] === tag;

/** The elements of a set column, whichever way the server wrote it. */
export function decodeSet(value: OvsdbValue | undefined): OvsdbAtom[] {
  if (value === undefined) return [];
  if (isTagged(value, 'set')) return (value as OvsdbSet)[1];
  return [value as OvsdbAtom];
}

/** A map column with string keys and values (external_ids, options, other_config). */
export function decodeMap(value: OvsdbValue | undefined): Record<string, string> {
  if (value === undefined || !isTagged(value, 'map')) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of (value as OvsdbMap)[1]) out[String(k)] = atomToString(v);
  return out;
}

/** The value of an optional column, or undefined for the empty set. */
export function decodeOptional<T extends OvsdbAtom>(value: OvsdbValue | undefined): T | undefined {
  const atoms = decodeSet(value);
  return atoms.length === 0 ? undefined : (atoms[0] as T);
}

export function decodeUuid(atom: OvsdbAtom | undefined): string | undefined {
  return isTagged(atom, 'uuid') ? (atom as OvsdbUuid)[1] : undefined;
}

export function decodeUuidSet(value: OvsdbValue | undefined): string[] {
  return decodeSet(value).map(decodeUuid).filter((u): u is string => u !== undefined);
}

function atomToString(atom: OvsdbAtom): string {
  return Array.isArray(atom) ? atom[1] : String(atom);
}
