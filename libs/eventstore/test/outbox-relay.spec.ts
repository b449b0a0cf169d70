import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { OutboxRelay, type EventStore } from '../src/index.js';
import { openJetStream, readStreamMessages, testNatsUrl, type JetStreamFixture } from './support/jetstream-fixture.js';
import { eventually, openScratchStore, testActor, testDatabaseUrl, uniqueName, type ScratchStore } from './support/scratch-store.js';

describe('the outbox relay', () => {
  let scratch: ScratchStore;
  let store: EventStore;
  beforeAll(async () => {
    scratch = await openScratchStore('es_relay');
    store = scratch.store;
  });
  afterAll(() => scratch.dispose());

  /** Each test gets its own stream and subject root, and an empty outbox. */
  const jetStreamFor = async (create = true): Promise<JetStreamFixture> => {
    await store.query('delete from outbox');
    return openJetStream(uniqueName('ES_RELAY').toUpperCase(), scratch.subjectRoot, create);
  };
  const outboxSize = async () => (await store.query<{ n: number }>('select count(*)::int as n from outbox')).rows[0]!.n;
  const appendBatch = (stream: string, count: number, traceparent?: string) =>
    store.transact((tx) =>
      tx.append(stream, 'any', Array.from({ length: count }, (_, i) => ({ type: 'ipam.port.created', data: { i } })), {
        actor: testActor,
        traceparent,
      }),
    );

  it('publishes an event committed while no relay ran, once a relay starts, exactly once per event id', async () => {
    const jet = await jetStreamFor();
    try {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const events = await appendBatch('port-crash-1', 3, traceparent);
      expect(await outboxSize()).toBe(3);

      const relay = new OutboxRelay({ store, js: jet.js, streamName: jet.streamName });
      relay.start();
      const received = await readStreamMessages(jet, 3).finally(() => relay.stop());

      expect(received.map((m) => m.eventId)).toEqual(events.map((e) => e.id));
      expect(received.map((m) => m.msgId)).toEqual(events.map((e) => e.id));
      expect(received.every((m) => m.traceparent === traceparent)).toBe(true);
      expect(received[0]!.body).toEqual(events[0]);
      expect(await outboxSize()).toBe(0);
      expect(relay.stats).toMatchObject({ published: 3, duplicates: 0 });
    } finally {
      await jet.dispose();
    }
  });

  it('wakes on a local commit instead of waiting for its next poll', async () => {
    const jet = await jetStreamFor();
    const relay = new OutboxRelay({ store, js: jet.js, idleMs: 60_000 });
    try {
      relay.start();
      await new Promise((resolve) => setTimeout(resolve, 50)); // let it find the outbox empty and go idle
      const [event] = await appendBatch('port-wake', 1);
      const received = await readStreamMessages(jet, 1, 5000);
      expect(received.map((m) => m.eventId)).toEqual([event!.id]);
    } finally {
      await relay.stop();
      await jet.dispose();
    }
  });

  it('keeps rows whose publish failed and sends them once JetStream takes them', async () => {
    const jet = await jetStreamFor(false); // no stream yet: every publish fails
    const errors: unknown[] = [];
    const relay = new OutboxRelay({ store, js: jet.js, publishTimeoutMs: 1000, onError: (error) => errors.push(error) });
    try {
      const events = await appendBatch('port-retry', 4);
      await expect(relay.publishPending()).rejects.toThrow();
      expect(await outboxSize()).toBe(4);
      expect(relay.stats).toMatchObject({ published: 0, failures: 1 });

      const { ensureEventStream } = await import('../src/index.js');
      await ensureEventStream(jet.jsm, { name: jet.streamName, subjects: [`${scratch.subjectRoot}.>`] });
      expect(await relay.drain()).toBe(4);
      const received = await readStreamMessages(jet, 4);
      expect(received.map((m) => m.eventId)).toEqual(events.map((e) => e.id));
      expect(await outboxSize()).toBe(0);
    } finally {
      await jet.dispose();
    }
  });

  it('loses nothing and duplicates nothing when its process is killed -9 in the middle of a batch', async () => {
    const jet = await jetStreamFor();
    try {
      const events = [...(await appendBatch('port-crash-2', 100)), ...(await appendBatch('port-crash-3', 100))];
      expect(await outboxSize()).toBe(200);

      // A relay in a child process publishes slowly; kill it without warning after 60 acks.
      const child = spawn(
        process.execPath,
        ['--no-warnings', '--import', './support/ts-source-hooks.mjs', 'relay-process.ts'],
        {
          cwd: fileURLToPath(new URL('.', import.meta.url)),
          env: {
            ...process.env,
            DATABASE_URL: testDatabaseUrl(),
            SCHEMA: scratch.schema,
            NATS_URL: testNatsUrl(),
            STREAM: jet.streamName,
            PUBLISH_DELAY_MS: '3',
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      const ackedBeforeKill = await new Promise<number>((resolve, reject) => {
        let acked = 0;
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (line.startsWith('acked ') && ++acked === 60) {
            child.kill('SIGKILL');
            resolve(acked);
          }
        });
        child.on('exit', () => reject(new Error(`relay process exited before 60 acks: ${stderr}`)));
      });
      expect(await exited).toBe('SIGKILL');
      expect(ackedBeforeKill).toBe(60);

      // The killed relay's transaction never committed: every row is still there, some already in JetStream.
      expect(await outboxSize()).toBe(200);
      const streamBefore = await jet.jsm.streams.info(jet.streamName);
      expect(streamBefore.state.messages).toBeGreaterThanOrEqual(60);
      expect(streamBefore.state.messages).toBeLessThan(200);

      // A new relay re-sends the whole batch; JetStream drops what it already has by Nats-Msg-Id.
      const relay = new OutboxRelay({ store, js: jet.js, streamName: jet.streamName });
      await eventually(async () => (await relay.drain(), outboxSize()), (n) => n === 0); // waits out the dead session's row locks
      expect(relay.stats.published).toBe(200);
      expect(relay.stats.duplicates).toBe(streamBefore.state.messages);

      const received = await readStreamMessages(jet, 200);
      const ids = received.map((m) => m.eventId);
      expect(new Set(ids)).toEqual(new Set(events.map((e) => e.id)));
      expect(ids).toHaveLength(200); // nothing sent twice reached the stream
      expect((await jet.jsm.streams.info(jet.streamName)).state.messages).toBe(200);
    } finally {
      await jet.dispose();
    }
  });
});
