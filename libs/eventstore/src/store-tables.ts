/**
 * Schema-qualified names of the store's own tables. The store's SQL always qualifies its tables, so it
 * keeps working whatever search_path a connection ends up with; apps' SQL relies on the search_path.
 */
export interface StoreTables {
  schema: string;
  events: string;
  streams: string;
  outbox: string;
  commandLog: string;
  checkpoints: string;
}

/** Schema names are plain lower-case identifiers, so they can go into SQL and connection options unquoted-safe. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and underscores`);
  }
}

export function storeTables(schema: string): StoreTables {
  assertSchemaName(schema);
  const q = (table: string) => `"${schema}"."${table}"`;
  return {
    schema,
    events: q('events'),
    streams: q('streams'),
    outbox: q('outbox'),
    commandLog: q('command_log'),
    checkpoints: q('checkpoints'),
  };
}

/** Quotes a possibly schema-qualified table name ('ports' or 'ipam.ports') part by part. */
export function quoteTableName(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replaceAll('"', '""')}"`)
    .join('.');
}
