import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { rebuildReadModels, type EventStore } from '../src/index.js';
import { DocumentsTable0001, documentsProjection } from './support/documents-projection.js';
import { openScratchStore, testDatabaseUrl, type ScratchStore } from './support/scratch-store.js';

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('rebuilding inline projections from the log', () => {
  let scratch: ScratchStore;
  let store: EventStore;
  beforeAll(async () => {
    scratch = await openScratchStore('es_rebuild', { projections: [documentsProjection], migrations: [DocumentsTable0001] });
    store = scratch.store;
  });
  afterAll(() => scratch.dispose());

  /** The whole read model as text, in a fixed order: equal dumps mean byte-identical rows. */
  const dump = async () =>
    (await store.query<{ dump: string | null }>(`select string_agg(d::text, E'\\n' order by d.id) as dump from documents d`)).rows[0]!.dump ?? '';

  it('yields byte-identical read-model rows after 1,000 mixed creates, updates and deletes', async () => {
    const random = seededRandom(42);
    const users = ['alice', 'bob', 'carol'];
    const counts = { created: 0, updated: 0, deleted: 0 };
    for (let op = 0; op < 1000; op++) {
      const stream = `doc-${Math.floor(random() * 12)}`;
      const roll = random();
      const user = users[Math.floor(random() * users.length)]!;
      await store.transact(async (tx) => {
        const history = await tx.readStream(stream);
        const alive = history.length > 0 && history[history.length - 1]!.type !== 'doc.deleted';
        const type = !alive ? 'doc.created' : roll < 0.8 ? 'doc.updated' : 'doc.deleted';
        counts[type.slice(4) as keyof typeof counts]++;
        const data = type === 'doc.deleted' ? {} : { [`field${Math.floor(roll * 5)}`]: op, title: `${stream} by ${user}` };
        await tx.append(stream, history.length, [{ type, data }], { actor: { userId: user, projectId: 'p' } });
      });
    }
    expect(counts.created + counts.updated + counts.deleted).toBe(1000);
    expect(Math.min(counts.created, counts.updated, counts.deleted)).toBeGreaterThan(20);

    const before = await dump();
    expect(before.split('\n').length).toBeGreaterThan(3);

    const report = await store.rebuild();
    expect(report).toEqual({ events: 1000, projections: ['documents'], tables: ['documents'] });
    expect(await dump()).toBe(before);

    // Damage the read model by hand; the app's rebuild command repairs it, identity column included.
    await store.query(`delete from documents where id in (select id from documents order by id limit 2)`);
    await store.query(`update documents set body = '{}'::jsonb`);
    expect(await dump()).not.toBe(before);
    const lines: string[] = [];
    await rebuildReadModels(
      { clientUrl: testDatabaseUrl(), schema: scratch.schema, projections: [documentsProjection], migrations: [DocumentsTable0001] },
      (line) => lines.push(line),
    );
    expect(lines).toEqual([expect.stringMatching(/^rebuilt documents in es_rebuild_\w+ from 1000 events in \d+ ms \(tables: documents\)$/)]);
    expect(await dump()).toBe(before);
  });
});
