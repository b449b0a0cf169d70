import { errors as natsErrors, type NatsConnection } from '@nats-io/transport-node';
import { SpanKind, trace } from '@opentelemetry/api';
import { Errors, NeutronError, type Reply } from '@muon/contracts';
import { decodeJson, decodeText, encodeJson } from './codec.js';
import { traceHeaders } from './trace-headers.js';

const tracer = trace.getTracer('muon-messaging');

/** Request/reply to the owner of a resource; a NeutronError from the owner is rethrown here. */
export class RpcClient {
  constructor(private readonly nc: NatsConnection, private readonly timeoutMs = Number(process.env.MUON_RPC_TIMEOUT_MS ?? 15000)) {}

  async request<T>(subject: string, payload: unknown): Promise<T> {
    const raw = await this.requestRaw(subject, payload);
    const reply = decodeJson<Reply<T>>(raw);
    if (!reply.ok) throw NeutronError.fromWire(reply.error);
    return reply.result;
  }

  /** Returns the owner's bytes untouched (lists arrive as ready JSON text). */
  async requestText(subject: string, payload: unknown): Promise<string> {
    const raw = await this.requestRaw(subject, payload);
    const text = decodeText(raw);
    // Errors are always replied as a JSON Reply object; successful text replies start with 'T'.
    if (text.startsWith('{"ok":false')) throw NeutronError.fromWire((JSON.parse(text) as { error: never }).error);
    return text.slice(1);
  }

  private requestRaw(subject: string, payload: unknown): Promise<Uint8Array> {
    return tracer.startActiveSpan(`nats request ${subject}`, { kind: SpanKind.CLIENT }, async (span) => {
      try {
        const msg = await this.nc.request(subject, encodeJson(payload), { timeout: this.timeoutMs, headers: traceHeaders() });
        return msg.data;
      } catch (err) {
        // nats.js v3 wraps "no responders" in a RequestError.
        const noResponders = err instanceof natsErrors.NoRespondersError || (err instanceof natsErrors.RequestError && err.isNoResponders());
        if (noResponders) throw Errors.serviceUnavailable(`No service is answering ${subject.split('.').slice(0, 3).join('.')}`);
        if (err instanceof natsErrors.TimeoutError) throw new NeutronError(504, 'HTTPGatewayTimeout', `Timed out waiting for ${subject}`);
        throw err;
      } finally {
        span.end();
      }
    });
  }
}
