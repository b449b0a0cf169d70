import { afterAll, describe, expect, it } from '@jest/globals';
import { EventStore } from '../src/index.js';
import { DocumentsTable0001 } from './support/documents-projection.js';
import { testDatabaseUrl, uniqueName } from './support/scratch-store.js';

describe('migrating a service schema', () => {
  const schema = uniqueName('es_migrate');
  const opened: EventStore[] = [];
  const open = async () => {
    const store = await EventStore.open({ clientUrl: testDatabaseUrl(), schema, migrations: [DocumentsTable0001] });
    opened.push(store);
    return store;
  };
  afterAll(async () => {
    await opened[0]?.query(`drop schema if exists "${schema}" cascade`);
    await Promise.all(opened.map((store) => store.close()));
  });

  it("creates the schema and applies the store's migrations, then the app's, once, even when replicas boot together", async () => {
    const replicas = await Promise.all([open(), open(), open()]);
    const applied = await Promise.all(replicas.map((store) => store.migrate()));
    const winners = applied.filter((names) => names.length > 0);
    expect(winners).toEqual([['eventstore_0001_tables', 'test_0001_documents']]);

    const { rows } = await replicas[0]!.query<{ name: string }>('select name from mikro_orm_migrations order by id');
    expect(rows.map((row) => row.name)).toEqual(['eventstore_0001_tables', 'test_0001_documents']);
    const tables = await replicas[0]!.query<{ table_name: string }>(
      'select table_name from information_schema.tables where table_schema = $1 order by table_name',
      [schema],
    );
    expect(tables.rows.map((row) => row.table_name)).toEqual([
      'checkpoints', 'command_log', 'documents', 'events', 'mikro_orm_migrations', 'outbox', 'streams',
    ]);
    expect(await replicas[1]!.migrate()).toEqual([]);
  });

  it('refuses a schema name that would need quoting', async () => {
    await expect(EventStore.open({ clientUrl: testDatabaseUrl(), schema: 'Bad-Name' })).rejects.toThrow(/invalid schema name/);
  });
});
