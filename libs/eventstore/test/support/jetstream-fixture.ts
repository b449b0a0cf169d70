import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { ensureEventStream } from '../../src/index.js';

export interface JetStreamFixture {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  streamName: string;
  dispose(): Promise<void>;
}

export function testNatsUrl(): string {
  const url = process.env.TEST_NATS_URL;
  if (!url) throw new Error('TEST_NATS_URL is not set: run through Jest, whose global setup starts NATS');
  return url;
}

/** A JetStream stream of this suite's own, bound to its own subject root. */
export async function openJetStream(streamName: string, subjectRoot: string, create = true): Promise<JetStreamFixture> {
  const nc = await connect({ servers: testNatsUrl() });
  const jsm = await jetstreamManager(nc);
  if (create) await ensureEventStream(jsm, { name: streamName, subjects: [`${subjectRoot}.>`] });
  return {
    nc,
    js: jetstream(nc),
    jsm,
    streamName,
    async dispose() {
      await jsm.streams.delete(streamName).catch(() => undefined);
      await nc.close();
    },
  };
}

export interface ReceivedEvent {
  eventId: string;
  msgId: string | undefined;
  traceparent: string | undefined;
  body: Record<string, unknown>;
}

/** Reads the whole stream as a subscriber would (ordered consumer), until `expected` messages or the timeout. */
export async function readStreamMessages(fixture: JetStreamFixture, expected: number, timeoutMs = 10_000): Promise<ReceivedEvent[]> {
  const consumer = await fixture.js.consumers.get(fixture.streamName);
  const received: ReceivedEvent[] = [];
  const deadline = Date.now() + timeoutMs;
  while (received.length < expected && Date.now() < deadline) {
    const batch = await consumer.fetch({ max_messages: expected - received.length, expires: 1000 });
    for await (const message of batch) received.push(decode(message));
  }
  // Anything beyond `expected` (a duplicate that slipped through) must show up too.
  const extra = await consumer.fetch({ max_messages: 500, expires: 1000 });
  for await (const message of extra) received.push(decode(message));
  return received;
}

function decode(message: JsMsg): ReceivedEvent {
  const body = message.json<Record<string, unknown>>();
  return {
    eventId: String(body.id),
    msgId: message.headers?.get('Nats-Msg-Id') || undefined,
    traceparent: message.headers?.get('traceparent') || undefined,
    body,
  };
}
