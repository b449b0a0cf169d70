import { describe, expect, it } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { JsonResponseBody } from './json-response-body.js';

/** A stand-in for Fastify's reply: what was sent, with which status and headers. */
function fakeReply() {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const reply = {
    code(s: number) { sent.status = s; return reply; },
    header(k: string, v: string) { sent.headers[k] = v; return reply; },
    send(b?: unknown) { sent.body = b; },
  };
  return { reply, sent };
}

async function drain(stream: PassThrough): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('JsonResponseBody', () => {
  it('sends a small body whole, once it ends', () => {
    const { reply, sent } = fakeReply();
    const body = new JsonResponseBody(reply);
    body.write('{"ports": [');
    body.write(new TextEncoder().encode('{"name": "é"}'));
    expect(sent.body).toBeUndefined();
    body.write(']}');
    body.end();
    expect(body.started).toBe(false);
    expect(sent.status).toBe(200);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(JSON.parse((sent.body as Buffer).toString('utf8'))).toEqual({ ports: [{ name: 'é' }] });
  });

  it('starts streaming once the pieces pass the buffer, and keeps every piece in order', async () => {
    const { reply, sent } = fakeReply();
    const body = new JsonResponseBody(reply);
    const piece = 'x'.repeat(10_000);
    for (let i = 0; i < 10; i++) body.write(piece);
    expect(body.started).toBe(true);
    expect(sent.body).toBeInstanceOf(PassThrough);
    body.write('end');
    body.end();
    expect(await drain(sent.body as PassThrough)).toBe(piece.repeat(10) + 'end');
  });

  it('an abort after the start destroys the stream, so the client sees a cut response', () => {
    const { reply, sent } = fakeReply();
    const body = new JsonResponseBody(reply);
    body.write('y'.repeat(70_000));
    const stream = sent.body as PassThrough;
    stream.on('error', () => undefined);
    body.abort(new Error('owner failed'));
    expect(stream.destroyed).toBe(true);
    body.write('more'); // ignored, not thrown
  });
});
