import { createInbox, errors as natsErrors, type Msg, type NatsConnection } from '@nats-io/transport-node';
import { SpanKind, trace } from '@opentelemetry/api';
import { Errors, NeutronError, type Reply } from '@muon/contracts';
import { decodeJson, decodeText, encodeJson } from './codec.js';
import { PART_COUNT_HEADER, PART_HEADER } from './reply-parts.js';
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
    return replyText(await this.requestRaw(subject, payload));
  }

  /**
   * A request whose reply may be preceded by parts (SendPart on the owner's side): `onPart` gets each
   * part's bytes in order as it arrives, and the result is the reply's text, as requestText returns
   * it. The timeout applies to the wait for each message, so a long list is not cut off while it
   * flows. A part out of order or missing, or a reply that is an error after parts, rejects: what
   * `onPart` wrote of it must then be discarded.
   */
  requestParts(subject: string, payload: unknown, onPart: (bytes: Uint8Array) => void): Promise<string> {
    return tracer.startActiveSpan(`nats request ${subject}`, { kind: SpanKind.CLIENT }, (span) => new Promise<string>((resolve, reject) => {
      let received = 0;
      let timer: NodeJS.Timeout | undefined;
      let finished = false;
      const finish = (err: unknown, text?: string) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        sub.unsubscribe();
        span.end();
        if (err) reject(err); else resolve(text!);
      };
      const waitForNext = () => {
        clearTimeout(timer);
        timer = setTimeout(() => finish(new NeutronError(504, 'HTTPGatewayTimeout', `Timed out waiting for ${subject}`)), this.timeoutMs);
      };
      const onMessage = (msg: Msg) => {
        if (msg.data.length === 0 && msg.headers?.code === 503) throw Errors.serviceUnavailable(`No service is answering ${subject.split('.').slice(0, 3).join('.')}`);
        const part = msg.headers?.get(PART_HEADER);
        if (part) {
          if (Number(part) !== received) throw new Error(`part ${part} of ${subject} came when part ${received} was expected`);
          received++;
          waitForNext();
          onPart(msg.data);
          return;
        }
        const sent = Number(msg.headers?.get(PART_COUNT_HEADER) || 0);
        if (sent !== received) throw new Error(`${subject} sent ${sent} parts, ${received} arrived`);
        finish(undefined, replyText(msg.data));
      };
      const sub = this.nc.subscribe(createInbox(), {
        callback: (err, msg) => {
          try {
            if (err) throw err;
            onMessage(msg);
          } catch (e) {
            finish(e);
          }
        },
      });
      try {
        this.nc.publish(subject, encodeJson(payload), { reply: sub.getSubject(), headers: traceHeaders() });
        waitForNext();
      } catch (err) {
        finish(err);
      }
    }));
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

/** A text reply: errors always come as a JSON Reply object, successful text replies start with 'T'. */
function replyText(raw: Uint8Array): string {
  const text = decodeText(raw);
  if (text.startsWith('{"ok":false')) throw NeutronError.fromWire((JSON.parse(text) as { error: never }).error);
  return text.slice(1);
}
