import http from 'node:http';

export interface HttpResponse {
  status: number;
  body: Buffer;
}

/**
 * A small keep-alive HTTP client on node:http. Cheaper per request than fetch (undici), which
 * matters because the load generator shares the machine's two cores with what it measures.
 * Requests are spread round-robin over the given base URLs (one per API replica).
 */
export class HttpClient {
  readonly bases: URL[];
  readonly agent: http.Agent;
  readonly headers: Record<string, string>;
  #next = 0;

  constructor(baseUrls: string[], headers: Record<string, string>, maxSockets = 64) {
    this.bases = baseUrls.map((u) => new URL(u));
    this.headers = headers;
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /** Raises the socket limit per API replica (one socket per concurrent request). */
  setMaxSockets(n: number): void {
    this.agent.maxSockets = Math.max(this.agent.maxSockets, n);
    this.agent.maxFreeSockets = Math.max(this.agent.maxFreeSockets, n);
  }

  request(method: string, path: string, body?: unknown): Promise<HttpResponse> {
    const base = this.bases[this.#next++ % this.bases.length]!;
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string | number> = { ...this.headers, accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        { agent: this.agent, hostname: base.hostname, port: base.port, path: `${base.pathname.replace(/\/$/, '')}${path}`, method, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.setTimeout(60000, () => req.destroy(new Error(`${method} ${path}: no answer in 60 s`)));
      req.end(payload);
    });
  }

  /** JSON request that must answer `expect`; throws with Neutron's error text otherwise. */
  async json<T>(method: string, path: string, body: unknown, expect: number): Promise<T> {
    const res = await this.request(method, path, body);
    if (res.status !== expect) throw new Error(`${method} ${path} → ${res.status}: ${res.body.toString('utf8').slice(0, 300)}`);
    return (res.body.length ? JSON.parse(res.body.toString('utf8')) : null) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
