import { randomBytes } from 'node:crypto';
import { EventStore, eventSubjectsUnder, type EventStoreOptions } from '../../src/index.js';

/** Suites run in parallel against one PostgreSQL and one NATS, so each takes names nobody else uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run through Jest, whose global setup starts PostgreSQL');
  return url;
}

export interface ScratchStore {
  store: EventStore;
  schema: string;
  /** Root of this suite's event subjects, e.g. 't1a2b3c.evt'. */
  subjectRoot: string;
  /** Drops the schema and closes the store. */
  dispose(): Promise<void>;
}

/** A migrated store in a fresh schema of its own. */
export async function openScratchStore(prefix: string, options: Partial<EventStoreOptions> = {}): Promise<ScratchStore> {
  const schema = uniqueName(prefix);
  const subjectRoot = `t${schema.replaceAll('_', '')}.evt`;
  const store = await EventStore.open({
    clientUrl: testDatabaseUrl(),
    schema,
    subjectFor: eventSubjectsUnder(subjectRoot),
    ...options,
  });
  await store.migrate();
  return {
    store,
    schema,
    subjectRoot,
    async dispose() {
      await store.query(`drop schema if exists "${schema}" cascade`);
      await store.close();
    },
  };
}

/** Polls `read` until `done` holds: other suites' open transactions may hold the log's read horizon back briefly. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export const testActor = { userId: 'user-1', projectId: 'project-1' };
