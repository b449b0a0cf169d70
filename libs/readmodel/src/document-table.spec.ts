import { describe, expect, it } from '@jest/globals';
import { documentTableMigrationSql, quoteTableName } from './document-table.js';

describe('document tables', () => {
  it('quotes plain and schema-qualified names', () => {
    expect(quoteTableName('ports')).toBe('"ports"');
    expect(quoteTableName('ipam.ports')).toBe('"ipam"."ports"');
  });

  it('refuses anything that is not a plain lower-case identifier', () => {
    for (const bad of ['Ports', 'ports; drop table x', 'a.b.c', '"ports"', '', 'x'.repeat(49)]) {
      expect(() => quoteTableName(bad)).toThrow(/invalid document table name/);
    }
  });

  it('every table has the same shape: id, project_id, body, timestamps, and the two indexes', () => {
    const [create, byProject, byBody] = documentTableMigrationSql('ipam.ports');
    expect(create).toMatch(/create table "ipam"."ports" \(\s*id uuid primary key,\s*project_id text not null,\s*body jsonb not null/);
    expect(byProject).toBe('create index "ports_project_id_idx" on "ipam"."ports" (project_id, id)');
    expect(byBody).toBe('create index "ports_body_idx" on "ipam"."ports" using gin (body jsonb_path_ops)');
  });
});
