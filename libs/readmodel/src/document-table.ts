/** Plain lower-case identifiers only: table names are written into SQL text, so they are never user input. */
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const MAX_TABLE_NAME = 48; // leaves room for the longest index suffix within PostgreSQL's 63 bytes

/**
 * Validates a document table name ('ports' or 'ipam.ports') and returns it quoted for SQL. Throws a
 * plain Error: a bad table name is a programming mistake, not a client's.
 */
export function quoteTableName(table: string): string {
  const parts = table.split('.');
  if (parts.length > 2 || parts.some((p) => !IDENTIFIER.test(p) || p.length > MAX_TABLE_NAME)) {
    throw new Error(`invalid document table name "${table}": use [schema.]name in lower-case letters, digits and underscores`);
  }
  return parts.map((p) => `"${p}"`).join('.');
}

/**
 * The read model of one resource: the resource exactly as Neutron shows it, in `body`. Every resource
 * gets the same shape so that one list/query path serves all of them:
 * - `id` is the primary key, which also serves the default `ORDER BY id` pages;
 * - `project_id` (with `id`) serves a non-admin's pages without touching other projects' rows;
 * - the GIN index with jsonb_path_ops serves every filter, because filters are `body @> …` containment.
 * Timestamps come from the body, never from now(), so a rebuild from the event log yields identical rows.
 * Returns one statement per element, for a migration's addSql().
 */
export function documentTableMigrationSql(table: string): string[] {
  const quoted = quoteTableName(table);
  const name = table.split('.').pop()!;
  return [
    `create table ${quoted} (
      id uuid primary key,
      project_id text not null,
      body jsonb not null,
      created_at timestamptz,
      updated_at timestamptz
    )`,
    `create index "${name}_project_id_idx" on ${quoted} (project_id, id)`,
    `create index "${name}_body_idx" on ${quoted} using gin (body jsonb_path_ops)`,
  ];
}
