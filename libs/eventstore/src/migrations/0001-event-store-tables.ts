import { Migration } from '@mikro-orm/migrations';

/**
 * The store's own tables. The Migrator runs this with search_path set to the service's schema, so
 * names are unqualified. Committed as SQL on purpose: the event log's shape is a contract, never
 * something a schema diff may rewrite.
 */
export class EventStoreTables0001 extends Migration {
  override name = 'eventstore_0001_tables';

  override up(): void {
    this.addSql(`
      create table events (
        id uuid primary key,
        position bigint generated always as identity,
        transaction_id xid8 not null default pg_current_xact_id(),
        stream text not null,
        stream_version integer not null,
        type text not null,
        version integer not null default 1,
        occurred_at timestamptz not null,
        project_id text,
        actor jsonb not null,
        correlation_id text,
        causation_id text,
        data jsonb not null,
        constraint events_stream_version_key unique (stream, stream_version)
      )`);
    // Readers page through the log in (transaction_id, position) order; see read-all.ts.
    this.addSql('create unique index events_transaction_position_idx on events (transaction_id, position)');
    this.addSql('create table streams (stream text primary key, version integer not null)');
    this.addSql(`
      create table outbox (
        id bigint generated always as identity primary key,
        event_id uuid not null,
        subject text not null,
        payload jsonb not null,
        headers jsonb not null default '{}',
        created_at timestamptz not null default now()
      ) with (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000)`);
    this.addSql(`
      create table command_log (
        command_id text primary key,
        result jsonb,
        created_at timestamptz not null default now()
      )`);
    this.addSql(`
      create table checkpoints (
        name text primary key,
        position bigint not null default 0,
        transaction_id xid8 not null default '0',
        updated_at timestamptz not null default now()
      )`);
  }

  override down(): void {
    this.addSql('drop table if exists checkpoints, command_log, outbox, streams, events');
  }
}

/** Every migration the store itself needs, in the order they must run. */
export const eventStoreMigrations = [EventStoreTables0001];
