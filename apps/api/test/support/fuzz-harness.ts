import fc from 'fast-check';
import type { TestPlatform } from '@muon/embedded';
import type { RawResponse } from './raw-http.js';

/** What the fuzz tests share: rendering a request's bytes, recording problems once each, running one property. */

/** A request as bytes on the wire. */
export interface Sent { method: string; path: string; headers: Record<string, string>; body?: string }

/** The body of a fuzz request: a JSON value (with `deep:` placeholders), or text sent as is. */
export type FuzzBody = { json: unknown } | { text: string; contentType: string };

/** The fields of a fuzz request that the harness reads; each test file's request has more. */
export interface FuzzRequestBase { method: string; body?: FuzzBody }

/** encodeURIComponent, except that a lone surrogate goes out as its WTF-8 bytes, as a careless client would send it. */
export function percentEncode(text: string): string {
  return text.replace(/[\ud800-\udbff][\udc00-\udfff]|[\s\S]/g, (ch) => {
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
    return encodeURIComponent(ch);
  });
}

/**
 * The body's bytes, with references resolved by `resolveRefs` and `deep:arr:N` / `deep:obj:N`
 * placeholders expanded to N nested arrays or objects; sets the content type in `headers`.
 */
export function renderBody(body: FuzzBody | undefined, resolveRefs: (text: string) => string, headers: Record<string, string>): string | undefined {
  if (!body) return undefined;
  if ('json' in body) {
    headers['content-type'] = 'application/json';
    return resolveRefs(JSON.stringify(body.json) ?? 'null').replace(/"(?:\\u0000|\u0000)deep:(arr|obj):(\d+)"/g, (_m, kind: string, n: string) => {
      const depth = Number(n);
      return kind === 'arr' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    });
  }
  if (body.contentType) headers['content-type'] = body.contentType;
  return body.text;
}

export function describeSent(sent: Sent): string {
  const body = sent.body === undefined ? '' : ` body(${sent.body.length}B)=${sent.body.slice(0, 240)}${sent.body.length > 240 ? '…' : ''}`;
  const caller = sent.headers['x-project-id'] === undefined ? 'admin(noauth)' : `project=${sent.headers['x-project-id']} roles=${sent.headers['x-roles'] ?? ''}`;
  const extra = Object.entries(sent.headers).filter(([k]) => !['x-project-id', 'x-roles', 'content-type'].includes(k)).map(([k, v]) => `${k}: ${v}`).join(', ');
  return `${sent.method} ${sent.path.length > 240 ? `${sent.path.slice(0, 240)}…(${sent.path.length} chars)` : sent.path} [${caller}${extra ? `; ${extra}` : ''}; ${sent.headers['content-type'] ?? 'no content-type'}]${body}`;
}

/** The `NeutronError` member of an answer's JSON, or undefined when the answer has none. */
function neutronErrorOf(text: string | undefined): { type?: unknown; message?: unknown } | undefined {
  try {
    const e = (JSON.parse(text ?? '') as { NeutronError?: unknown }).NeutronError;
    return typeof e === 'object' && e !== null ? e : undefined;
  } catch {
    return undefined;
  }
}

/** The NeutronError type of an answer, or '' when it is not one. */
export function errorTypeOf(text: string | undefined): string {
  const type = neutronErrorOf(text)?.type;
  return typeof type === 'string' ? type : '';
}

export const isNeutronError = (text: string): boolean => {
  const e = neutronErrorOf(text);
  return typeof e?.type === 'string' && typeof e.message === 'string';
};

/** Which of the platform's processes exited, or null when all run. */
export function servicesAlive(platform: TestPlatform): string | null {
  const dead = platform.instances.filter((i) => i.child.exitCode !== null || i.child.signalCode !== null);
  return dead.length ? `process exited: ${dead.map((i) => `${i.name}-${i.index} (${i.child.exitCode ?? i.child.signalCode})`).join(', ')}` : null;
}

interface Problem { signature: string; what: string; request: string; status: number; response: string; count: number }

/**
 * The problems one property found, each kept once (by kind, route, status and error type) with its
 * shortest reproduction, and the outcomes it reached (MUON_FUZZ_VERBOSE=1 prints them).
 */
export class FuzzFindings<R extends FuzzRequestBase> {
  readonly #problems = new Map<string, Problem>();
  readonly #outcomes = new Map<string, number>();

  /** `routeOf` names the route a request took with ids replaced, so one bug is reported once whatever the id. */
  constructor(private readonly routeOf: (req: R) => string) {}

  outcome(req: R, res: RawResponse): void {
    const outcome = `${req.method} ${this.routeOf(req)} ${res.status} ${errorTypeOf(res.text)}`;
    this.#outcomes.set(outcome, (this.#outcomes.get(outcome) ?? 0) + 1);
  }

  record(req: R, sent: Sent, res: RawResponse | null, what: string, kind: string): void {
    const signature = `${kind} ${req.method} ${this.routeOf(req)} ${res?.status ?? 'no answer'} ${errorTypeOf(res?.text)}`;
    const seen = this.#problems.get(signature);
    const request = describeSent(sent);
    if (!seen || request.length < seen.request.length) {
      this.#problems.set(signature, { signature, what, request, status: res?.status ?? 0, response: (res?.text ?? '').slice(0, 400), count: (seen?.count ?? 0) + 1 });
    } else {
      seen.count++;
    }
  }

  /**
   * Runs one property: the known reproductions first, then `numRuns` random requests, or fewer if
   * `budgetMs` runs out first (a slow machine checks less, but the file stays bounded in time). The
   * budget is checked before each request rather than with fast-check's interruptAfterTimeLimit,
   * which stops waiting but leaves the request in flight: on a loaded machine it landed during the
   * next property's first request, whose before/after comparison then saw its write.
   */
  async run(name: string, arb: fc.Arbitrary<R>, exercise: (req: R) => Promise<void>, opts: {
    numRuns: number; budgetMs: number; examples?: R[]; seed: number; logDir: string;
  }): Promise<void> {
    this.#problems.clear();
    this.#outcomes.clear();
    const deadline = Date.now() + opts.budgetMs;
    await fc.assert(fc.asyncProperty(arb, async (req) => { if (Date.now() < deadline) await exercise(req); }), {
      numRuns: opts.numRuns, seed: opts.seed, endOnFailure: true, examples: (opts.examples ?? []).map((e) => [e]),
    });
    if (process.env.MUON_FUZZ_VERBOSE) process.stderr.write(`${name}:\n${[...this.#outcomes].sort().map(([o, n]) => `  ${n}\t${o}`).join('\n')}\n`);
    const found = [...this.#problems.values()];
    if (found.length > 0) {
      const report = found.map((p) => `• [${p.signature}] ×${p.count}: ${p.what}\n    request: ${p.request}\n    answer ${p.status}: ${p.response}`).join('\n');
      throw new Error(`${name}: ${found.length} distinct problem(s) (MUON_FUZZ_SEED=${opts.seed}; logs in ${opts.logDir}):\n${report}`);
    }
  }
}
