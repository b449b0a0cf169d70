import { Migration, type InlineProjection } from '../../src/index.js';

/** A toy read model: one row per live document, as an app's migration would create it. */
export class DocumentsTable0001 extends Migration {
  override name = 'test_0001_documents';
  override up(): void {
    this.addSql(`create table documents (
      seq bigint generated always as identity,
      id text primary key,
      body jsonb not null,
      revision integer not null,
      updated_at timestamptz not null,
      updated_by text
    )`);
  }
}

/** doc.created → insert, doc.updated → merge into body, doc.deleted → delete. */
export const documentsProjection: InlineProjection = {
  name: 'documents',
  tables: ['documents'],
  async apply(tx, event) {
    switch (event.type) {
      case 'doc.created':
        await tx.query('insert into documents (id, body, revision, updated_at, updated_by) values ($1, $2, $3, $4, $5)', [
          event.stream, JSON.stringify(event.data), event.streamVersion, event.occurredAt, event.actor.userId,
        ]);
        return;
      case 'doc.updated':
        await tx.query('update documents set body = body || $2::jsonb, revision = $3, updated_at = $4, updated_by = $5 where id = $1', [
          event.stream, JSON.stringify(event.data), event.streamVersion, event.occurredAt, event.actor.userId,
        ]);
        return;
      case 'doc.deleted':
        await tx.query('delete from documents where id = $1', [event.stream]);
        return;
    }
  },
};
