import { Agent, request } from 'node:http';

export interface RawRequest {
  method: string;
  /** Sent exactly as given (no URL normalisation), so `..` segments and odd escapes reach the server. */
  path: string;
  headers?: Record<string, string>;
  /** Text sent as is: valid JSON, malformed JSON, or nothing. */
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One HTTP request with node:http rather than fetch: fetch resolves `..` and re-encodes the path,
 * which would hide exactly the ids a fuzzer wants to send.
 */
export async function sendRaw(baseUrl: string, req: RawRequest, timeoutMs = 20_000): Promise<RawResponse> {
  try {
    return await sendOnce(baseUrl, req, timeoutMs);
  } catch (err) {
    // A kept-alive socket the server closed meanwhile (it does after a 4xx it answers from the
    // HTTP parser): the request never reached it, so sending it again is safe (Node's own advice).
    if ((err as { reusedSocket?: boolean }).reusedSocket && (err as NodeJS.ErrnoException).code === 'ECONNRESET') return sendOnce(baseUrl, req, timeoutMs);
    throw err;
  }
}

function sendOnce(baseUrl: string, req: RawRequest, timeoutMs: number): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
    const r = request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`no answer in ${timeoutMs} ms: ${req.method} ${req.path.slice(0, 200)}`)));
    r.on('error', (err) => reject(Object.assign(err, { reusedSocket: r.reusedSocket })));
    r.end(req.body);
  });
}

export function closeRawAgent(): void {
  agent.destroy();
}
