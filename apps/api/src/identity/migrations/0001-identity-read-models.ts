import { Migration } from '@muon/eventstore';

/**
 * The built-in identity's tables in schema `identity`. projects, users, roles and role_assignments
 * are read models of the event log (rebuild replays them); the unique indexes make a name unique per
 * domain under any concurrency. The last three tables hold what must never be in a public event
 * (password hashes, the token signing key) or is not a domain change (token revocations).
 */
export class IdentityReadModels0001 extends Migration {
  override name = 'identity_0001_read_models';

  override up(): void {
    for (const table of ['projects', 'users']) {
      this.addSql(`create table ${table} (id text primary key, domain_id text not null, name text not null, body jsonb not null, unique (domain_id, name))`);
    }
    this.addSql('create table roles (id text primary key, name text not null unique, body jsonb not null)');
    this.addSql(`
      create table role_assignments (
        user_id text not null,
        project_id text not null,
        role_id text not null,
        primary key (user_id, project_id, role_id)
      )`);
    this.addSql('create index role_assignments_project_idx on role_assignments (project_id)');
    this.addSql('create index role_assignments_role_idx on role_assignments (role_id)');
    this.addSql('create table user_passwords (user_id text primary key, hash text not null)');
    this.addSql('create table signing_keys (id text primary key, secret bytea not null, created_at timestamptz not null default now())');
    this.addSql(`
      create table token_revocations (
        id bigserial primary key,
        audit_id text,
        user_id text,
        project_id text,
        role_id text,
        issued_before timestamptz not null,
        expires_at timestamptz not null
      )`);
    this.addSql('create index token_revocations_expires_idx on token_revocations (expires_at)');
  }
}

export const identityMigrations = [IdentityReadModels0001];
