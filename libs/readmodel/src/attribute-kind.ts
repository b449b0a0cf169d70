import type { z } from 'zod';

/** How a query-string value is turned into the JSON value stored in a document. */
export type ScalarKind = 'string' | 'boolean' | 'integer' | 'number';

/**
 * The shape of an attribute as far as listing cares: a scalar (compared and sorted as JSON), a list
 * of scalars (a filter matches when the list contains the value, like a port's security_groups), or a
 * list of objects (filtered with `key=value` pairs, like a port's fixed_ips).
 */
export type AttributeKind =
  | { kind: 'scalar'; scalar: ScalarKind }
  | { kind: 'list'; element: ScalarKind }
  | { kind: 'objectList'; keys: Record<string, ScalarKind> }
  | { kind: 'other' };

/** A list-of-object filter key with this suffix matches part of a string key (Neutron's ip_address_substr). */
export const SUBSTRING_FILTER_SUFFIX = '_substr';

/** The part of zod's internal definition we read; zod 4 keeps it on every schema as `_zod.def`. */
interface SchemaDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  checks?: { _zod: { def: { format?: string } } }[];
  format?: string;
  values?: unknown[];
  entries?: Record<string, unknown>;
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): SchemaDef => (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;

const INTEGER_FORMATS = new Set(['safeint', 'int32', 'uint32', 'int64', 'uint64']);

/** Wrappers that do not change what a client sends: look through them to the value's own schema. */
function unwrap(schema: z.ZodType, depth = 0): z.ZodType {
  const def = defOf(schema);
  if (depth > 20) return schema;
  switch (def.type) {
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly':
    case 'catch': case 'nonoptional': case 'success':
      return def.innerType ? unwrap(def.innerType, depth + 1) : schema;
    // A transform's input is what the client sends, so the input side decides the kind.
    case 'pipe':
      return def.in ? unwrap(def.in, depth + 1) : schema;
    case 'lazy':
      return def.getter ? unwrap(def.getter(), depth + 1) : schema;
    default:
      return schema;
  }
}

function scalarKindOf(schema: z.ZodType): ScalarKind | 'null' | undefined {
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case 'string': case 'enum': case 'template_literal':
      return enumKind(def) ?? 'string';
    case 'boolean':
      return 'boolean';
    case 'number': case 'int': case 'bigint':
      return isInteger(def) ? 'integer' : 'number';
    case 'null':
      return 'null';
    case 'literal':
      return literalKind(def.values ?? []);
    case 'union': {
      const kinds = (def.options ?? []).map(scalarKindOf);
      if (kinds.some((k) => k === undefined)) return undefined;
      // neutronBoolean is boolean | "true"/"false": the boolean member says what the document holds.
      if (kinds.includes('boolean')) return 'boolean';
      if (kinds.includes('integer') && !kinds.includes('number')) return 'integer';
      if (kinds.includes('number') || kinds.includes('integer')) return 'number';
      return kinds.includes('string') ? 'string' : 'null';
    }
    default:
      return undefined;
  }
}

function isInteger(def: SchemaDef): boolean {
  if (def.type === 'bigint') return true;
  if (def.format && INTEGER_FORMATS.has(def.format)) return true;
  return (def.checks ?? []).some((c) => c._zod.def.format !== undefined && INTEGER_FORMATS.has(c._zod.def.format));
}

function enumKind(def: SchemaDef): ScalarKind | undefined {
  if (def.type !== 'enum' || !def.entries) return undefined;
  return literalKind(Object.values(def.entries)) as ScalarKind | undefined;
}

function literalKind(values: unknown[]): ScalarKind | 'null' | undefined {
  if (values.length === 0) return undefined;
  if (values.every((v) => typeof v === 'boolean')) return 'boolean';
  if (values.every((v) => typeof v === 'number')) return values.every((v) => Number.isInteger(v)) ? 'integer' : 'number';
  if (values.every((v) => v === null)) return 'null';
  return 'string';
}

/** Reads an attribute's schema and says how its filter values are converted and matched. */
export function attributeKind(schema: z.ZodType): AttributeKind {
  const scalar = scalarKindOf(schema);
  if (scalar !== undefined) return { kind: 'scalar', scalar: scalar === 'null' ? 'string' : scalar };
  const def = defOf(unwrap(schema));
  if (def.type === 'union') {
    // A list that also accepts null (nullAsEmptyList) is still a list.
    const members = (def.options ?? []).filter((o) => scalarKindOf(o) !== 'null');
    return members.length === 1 ? attributeKind(members[0]!) : { kind: 'other' };
  }
  if (def.type !== 'array' || !def.element) return { kind: 'other' };
  const element = scalarKindOf(def.element);
  if (element !== undefined) return { kind: 'list', element: element === 'null' ? 'string' : element };
  const elementDef = defOf(unwrap(def.element));
  if (elementDef.type !== 'object' || !elementDef.shape) return { kind: 'other' };
  const keys: Record<string, ScalarKind> = {};
  for (const [key, keySchema] of Object.entries(elementDef.shape)) {
    const k = scalarKindOf(keySchema);
    keys[key] = k === undefined || k === 'null' ? 'string' : k;
  }
  return { kind: 'objectList', keys };
}
