import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { Errors, NeutronError, type Reply } from '@muon/contracts';
import type { Logger } from '@muon/telemetry';
import { decodeJson, encodeJson, encodeText } from './codec.js';
import { PART_COUNT_HEADER, PART_HEADER } from './reply-parts.js';
import { contextFromHeaders } from './trace-headers.js';

const tracer = trace.getTracer('muon-messaging');

/** A handler's answer: a value (replied as `{ok, result}`) or ready JSON text (replied as is). */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * Sends bytes ahead of the reply, each as its own message on the request's reply subject (a list
 * larger than one NATS message, written by the gateway as it arrives). Parts reach the requester in
 * the order sent, and the reply that follows them says how many there were.
 */
export type SendPart = (bytes: Uint8Array) => void;

export type RpcHandler = (subject: string, payload: unknown, sendPart: SendPart) => Promise<unknown>;

/**
 * Serves request/reply subjects in a queue group, so replicas of a service share the load.
 * Each message is handled concurrently; the reply carries a NeutronError's wire form on failure.
 */
export function serveRpc(nc: NatsConnection, subject: string, queue: string, handler: RpcHandler, log: Logger): Subscription {
  return nc.subscribe(subject, {
    queue,
    callback: (err, msg) => {
      if (err) { log.error({ err }, 'subscription error'); return; }
      void handleOne(msg, handler, log);
    },
  });
}

async function handleOne(msg: Msg, handler: RpcHandler, log: Logger): Promise<void> {
  const parent = contextFromHeaders(msg.headers);
  await context.with(parent, () => tracer.startActiveSpan(`handle ${msg.subject}`, { kind: SpanKind.SERVER }, async (span) => {
    let reply: Uint8Array;
    let parts = 0;
    const sendPart: SendPart = (bytes) => {
      const h = natsHeaders();
      h.set(PART_HEADER, String(parts++));
      msg.respond(bytes, { headers: h });
    };
    try {
      const result = await handler(msg.subject, decodeJson(msg.data), sendPart);
      reply = result instanceof RawJson ? encodeText(`T${result.text}`) : encodeJson({ ok: true, result } satisfies Reply);
    } catch (err) {
      const neutron = err instanceof NeutronError ? err : undefined;
      if (!neutron) {
        log.error({ err, subject: msg.subject }, 'unhandled error in handler');
        span.setStatus({ code: SpanStatusCode.ERROR, message: String(err) });
      }
      reply = encodeJson({ ok: false, error: (neutron ?? Errors.internal()).toWire() } satisfies Reply);
    } finally {
      span.end();
    }
    if (parts === 0) {
      msg.respond(reply);
    } else {
      const h = natsHeaders();
      h.set(PART_COUNT_HEADER, String(parts));
      msg.respond(reply, { headers: h });
    }
  }));
}
