import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';

/** No NATS instrumentation exists, so W3C trace context is carried in NATS headers by hand. */
export function traceHeaders(base?: MsgHdrs): MsgHdrs {
  const h = base ?? natsHeaders();
  propagation.inject(context.active(), h, { set: (carrier, key, value) => carrier.set(key, value) });
  return h;
}

export function contextFromHeaders(h: MsgHdrs | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, h, {
    get: (carrier, key) => carrier?.get(key) || undefined,
    keys: (carrier) => (carrier ? [...carrier.keys()] : []),
  });
}

/** The current traceparent as a string, e.g. to store with an event for the outbox. */
export function currentTraceparent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}
