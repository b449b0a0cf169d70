/**
 * Property-based robustness of the Neutron API (networks, subnets, subnet pools, ports and their
 * tags): random bodies, query strings, ids and malformed JSON at every endpoint and verb. Whatever a
 * client sends, the platform
 *  - never answers 5xx, and every 4xx carries a NeutronError body;
 *  - changes nothing when it refuses (a full dump of the read models — admin list calls, plus the
 *    allocation tables, streams, event and command counts — is identical before and after a 4xx);
 *  - stores a created or updated resource whole (the admin's view holds every attribute the
 *    response showed; a port's address and MAC reservations match its document);
 *  - keeps its processes alive.
 *
 * Each request is checked on its own and every problem is collected, so one run reports all the
 * distinct bugs it met. Replay a run with MUON_FUZZ_SEED=<seed printed on failure>.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import fc from 'fast-check';
import { TestPlatform } from '@muon/embedded';
import {
  caller, contentType, extraHeaders, malformedJson, pathId, queryString, resourceBody, tagsBody, tagValue,
} from './support/neutron-arbitraries.js';
import { closeRawAgent, sendRaw, type RawResponse } from './support/raw-http.js';
import {
  describeSent, FuzzFindings, isNeutronError, percentEncode, renderBody, servicesAlive, type FuzzBody, type Sent,
} from './support/fuzz-harness.js';
import { COLLECTIONS, MEMBER, ReadModelSnapshots, firstDifference, type Collection, type Doc, type Snapshot } from './support/read-model-snapshot.js';

const platform = new TestPlatform({
  repoRoot: join(import.meta.dirname, '..', '..', '..'),
  postgresUrl: process.env.TEST_DATABASE_URL!,
  // l3 too: odd routes reach /v2.0/routers and /v2.0/floatingips, which it serves.
  services: { ipam: 1, l3: 1, api: 1 },
  // A request that reaches no answer fails fast instead of holding the run for 15 s.
  env: { MUON_RPC_TIMEOUT_MS: '5000' },
});
const seed = Number(process.env.MUON_FUZZ_SEED ?? Date.now() % 2 ** 31);

let snapshots: ReadModelSnapshots;
let current: Snapshot;

beforeAll(async () => {
  await platform.start();
  snapshots = await ReadModelSnapshots.open(platform.apiUrl, platform.databaseUrl);
  await createFixtures();
  current = await snapshots.take();
}, 60_000);

afterAll(async () => {
  await snapshots?.close();
  closeRawAgent();
  await platform.stop();
});

/** Resources for the references in generated requests to point at: the owner's code, not only 404s. */
async function createFixtures(): Promise<void> {
  const post = async (path: string, body: unknown, project?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(project ? { 'x-project-id': project } : {}) };
    const res = await sendRaw(platform.apiUrl, { method: 'POST', path, headers, body: JSON.stringify(body) });
    if (res.status !== 201) throw new Error(`fixture ${path} answered ${res.status}: ${res.text}`);
    return Object.values(JSON.parse(res.text) as Record<string, Doc>)[0]!;
  };
  const net = await post('/v2.0/networks', { network: { name: 'fuzz-net' } }, 'fuzz');
  await post('/v2.0/networks', { network: { name: 'fuzz-shared', shared: true, 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 100 } });
  const subnet = await post('/v2.0/subnets', { subnet: { network_id: net.id, cidr: '10.20.0.0/24', ip_version: 4 } }, 'fuzz');
  await post('/v2.0/subnets', { subnet: { network_id: net.id, cidr: 'fd00:20::/64', ip_version: 6, ipv6_address_mode: 'slaac', ipv6_ra_mode: 'slaac' } }, 'fuzz');
  await post('/v2.0/subnetpools', { subnetpool: { name: 'fuzz-pool', prefixes: ['10.128.0.0/16'], default_prefixlen: 26 } }, 'fuzz');
  await post('/v2.0/ports', { port: { network_id: net.id, name: 'fuzz-port', fixed_ips: [{ subnet_id: subnet.id }] } }, 'fuzz');
  await post('/v2.0/ports', { port: { network_id: net.id, name: 'fuzz-port-2', device_owner: 'compute:nova' } }, 'fuzz');
}

// --- requests --------------------------------------------------------------------------------

interface FuzzRequest {
  method: string;
  collection: Collection;
  /** Path segments after /v2.0/<collection>; `raw` ones are sent unescaped. */
  segments?: { raw: boolean; id: string }[];
  query?: [string, string][];
  headers: Record<string, string>;
  /** A JSON value to send, or `text` to send as is. */
  body?: FuzzBody;
  /** A path that replaces /v2.0/<collection>/… entirely (odd routes). */
  path?: string;
  /** Sent twice, as a client retries; with an idempotency key the second must change nothing and answer the same. */
  retry?: boolean;
}

/** Resolves references against the current read model and renders the request as bytes. */
function render(req: FuzzRequest, snap: Snapshot): Sent {
  const resolveRefs = (text: string) => text.replace(/(?:\\u0000|\u0000)ref:(\w+):(\d+)/g, (_m, collection: Collection, n: string) => {
    const ids = [...(snap.docs[collection]?.keys() ?? [])];
    return ids.length > 0 ? ids[Number(n) % ids.length]! : '5a4d7fba-0000-4000-8000-000000000000';
  });
  const segs = (req.segments ?? []).map((s) => (s.raw ? s.id : percentEncode(resolveRefs(s.id))));
  const qs = (req.query ?? []).map(([k, v]) => `${percentEncode(k)}=${percentEncode(resolveRefs(v))}`).join('&');
  const path = req.path ?? [`/v2.0/${req.collection}`, ...segs].join('/') + (qs ? `?${qs}` : '');
  const headers = { ...req.headers };
  const body = renderBody(req.body, resolveRefs, headers);
  return { method: req.method, path, headers, body };
}

// --- checks ----------------------------------------------------------------------------------

/** The route a request took, with ids replaced, so one bug is reported once whatever the id. */
const routeOf = (req: FuzzRequest) => req.path ? 'odd-route' : [req.collection, ...(req.segments ?? []).map((_, i) => (i === 1 ? 'tags' : i === 2 ? '{tag}' : '{id}'))].join('/');

const findings = new FuzzFindings<FuzzRequest>(routeOf);
const record: FuzzFindings<FuzzRequest>['record'] = (...args) => findings.record(...args);

/** The admin's document holds every attribute the response showed, with the same value. */
function sameAsStored(collection: Collection, shown: Doc, snap: Snapshot): string | null {
  const stored = snap.docs[collection].get(shown.id);
  if (!stored) return `${MEMBER[collection]} ${shown.id} answered 2xx but is not in the read model`;
  for (const [k, v] of Object.entries(shown)) {
    if (!isDeepStrictEqual(stored[k], v)) return `${MEMBER[collection]} ${shown.id}: response shows ${k}=${JSON.stringify(v)?.slice(0, 200)}, read model has ${JSON.stringify(stored[k])?.slice(0, 200)}`;
  }
  return null;
}

async function portIsWhole(port: Doc): Promise<string | null> {
  const { ips, macs } = await snapshots.allocationsOf(port.id);
  const shown = (port.fixed_ips as { ip_address: string }[]).map((f) => f.ip_address.replace(/^([0-9a-f:]+)$/i, (a) => a.toLowerCase())).sort();
  if (!isDeepStrictEqual([...ips].sort(), shown)) return `port ${port.id}: fixed_ips ${JSON.stringify(shown)} but ip_allocations ${JSON.stringify(ips)}`;
  if (!isDeepStrictEqual(macs, [port.mac_address])) return `port ${port.id}: mac ${String(port.mac_address)} but mac_allocations ${JSON.stringify(macs)}`;
  return null;
}

/** What a 2xx must have left behind in the read model (`req`'s ids already resolved). */
async function checkSuccess(req: FuzzRequest, res: RawResponse, after: Snapshot): Promise<string | null> {
  const { collection } = req;
  const segs = req.segments ?? [];
  if (req.method === 'GET') return null;
  if (req.method === 'PUT' && segs.length === 3) {
    // Neutron answers "add one tag" with 201 and no body.
    const stored = after.docs[collection].get(segs[0]!.id);
    let tag = segs[2]!.id;
    try { if (segs[2]!.raw) tag = decodeURIComponent(tag); } catch { /* sent as is */ }
    return stored && (stored.tags as string[]).includes(tag)
      ? null : `PUT tag ${segs[2]!.id} answered ${res.status} but the read model's tags are ${JSON.stringify(stored?.tags)}`;
  }
  if (res.status === 204) {
    if (res.text !== '') return `204 with a body: ${res.text.slice(0, 100)}`;
    if (req.method === 'DELETE' && segs.length === 1) {
      const stillListed = after.docs[collection].has(segs[0]!.id);
      return stillListed ? `DELETE answered 204 but the ${MEMBER[collection]} is still listed` : null;
    }
    return null;
  }
  let parsed: Record<string, unknown>;
  try { parsed = JSON.parse(res.text) as Record<string, unknown>; } catch { return `2xx body is not JSON: ${res.text.slice(0, 100)}`; }
  if (req.method === 'POST' && segs.length === 0) {
    const bulk = req.body && 'json' in req.body && typeof req.body.json === 'object' && req.body.json !== null && collection in req.body.json;
    const docs = (bulk ? parsed[collection] : [parsed[MEMBER[collection]]]) as Doc[] | undefined;
    if (!Array.isArray(docs) || docs.some((d) => typeof d !== 'object' || d === null)) {
      return `${bulk ? 'bulk ' : ''}create answered ${res.status} without ${bulk ? `a '${collection}' list` : `'${MEMBER[collection]}'`}`;
    }
    for (const doc of docs) {
      const wrong = sameAsStored(collection, doc, after) ?? (collection === 'ports' ? await portIsWhole(doc) : null);
      if (wrong) return wrong;
    }
    return null;
  }
  if (req.method === 'PUT' && segs.length === 1) {
    const doc = parsed[MEMBER[collection]] as Doc | undefined;
    if (!doc) return `update answered ${res.status} without '${MEMBER[collection]}'`;
    return sameAsStored(collection, doc, after) ?? (collection === 'ports' ? await portIsWhole(doc) : null);
  }
  if (req.method === 'PUT' && segs.length === 2) {
    const stored = after.docs[collection].get(segs[0]!.id);
    return stored && isDeepStrictEqual(stored.tags, parsed.tags) ? null : `PUT tags answered ${JSON.stringify(parsed.tags)}, read model has ${JSON.stringify(stored?.tags)}`;
  }
  return null;
}

/** The id a path segment named, as rendered against a snapshot (references resolve the same way). */
const decodedRef = (id: string, snap: Snapshot): string => {
  const m = /^\u0000ref:(\w+):(\d+)(?:\.json)?$/.exec(id);
  if (!m) return id.replace(/\.json$/, '');
  const ids = [...(snap.docs[m[1] as Collection]?.keys() ?? [])];
  return ids.length > 0 ? ids[Number(m[2]) % ids.length]! : id;
};


/** Sends one request and checks every invariant; problems are recorded, never thrown. */
async function exercise(req: FuzzRequest): Promise<void> {
  const before = current;
  const sent = render(req, before);
  let res: RawResponse;
  try {
    res = await sendRaw(platform.apiUrl, sent);
  } catch (err) {
    record(req, sent, null, `no HTTP answer: ${(err as Error).message}`, 'no-answer');
    current = await snapshots.take();
    return;
  }
  const segs = req.segments ?? [];
  findings.outcome(req, res);
  // A snapshot's own list calls would fail on a read model broken by this request: that is a finding too.
  let after: Snapshot;
  try {
    after = await snapshots.take();
  } catch (err) {
    record(req, sent, res, `read model unreadable afterwards: ${(err as Error).message.slice(0, 300)}`, 'broken-read-model');
    throw err;
  }
  current = after;
  const decoded = { ...req, segments: segs.map((s) => ({ ...s, id: decodedRef(s.id, before) })) };
  if (res.status >= 500) record(req, sent, res, `server error ${res.status}`, '5xx');
  else if (res.status >= 400) {
    if (!isNeutronError(res.text)) record(req, sent, res, `${res.status} without a NeutronError body`, 'not-neutron-error');
    if (after.text !== before.text) record(req, sent, res, `refused with ${res.status} but changed the read model: ${firstDifference(before.text, after.text)}`, 'partial-write');
  } else if (res.status >= 200 && res.status < 300) {
    const wrong = await checkSuccess(decoded, res, after);
    if (wrong) record(req, sent, res, wrong, 'incomplete-write');
    if (req.method === 'GET' && after.text !== before.text) record(req, sent, res, `a GET changed the read model: ${firstDifference(before.text, after.text)}`, 'read-wrote');
  } else {
    record(req, sent, res, `unexpected status ${res.status}`, 'odd-status');
  }
  if (req.retry && sent.headers['x-request-id'] && res.status < 500) await retried(req, sent, res);
  const dead = servicesAlive(platform);
  if (dead) {
    record(req, sent, res, dead, 'crash');
    throw new Error(`${dead} after ${describeSent(sent)}; logs in ${platform.logDir}`);
  }
}

/** The same request with the same idempotency key: the first answer again, and no second effect. */
async function retried(req: FuzzRequest, sent: Sent, first: RawResponse): Promise<void> {
  const before = current;
  const again = await sendRaw(platform.apiUrl, sent);
  current = await snapshots.take();
  const parse = (text: string): unknown => { try { return text === '' ? '' : JSON.parse(text); } catch { return text; } };
  if (again.status !== first.status || !isDeepStrictEqual(parse(again.text), parse(first.text))) {
    record(req, sent, again, `retry with the same idempotency key answered ${again.status} ${again.text.slice(0, 200)}; first answer was ${first.status} ${first.text.slice(0, 200)}`, 'retry-differs');
  }
  if (current.text !== before.text) record(req, sent, again, `retry with the same idempotency key changed the read model: ${firstDifference(before.text, current.text)}`, 'retry-wrote');
}

/** One property over `arb`, with the known reproductions first (FuzzFindings.run). */
const run = (name: string, arb: fc.Arbitrary<FuzzRequest>, numRuns: number, budgetMs: number, examples: FuzzRequest[] = []): Promise<void> =>
  findings.run(name, arb, exercise, { numRuns, budgetMs, examples, seed, logDir: platform.logDir });

// --- arbitraries of whole requests -----------------------------------------------------------

const collection = fc.constantFrom(...COLLECTIONS);
const id = (c: Collection) => pathId(c);

const creates: fc.Arbitrary<FuzzRequest> = collection.chain((c) => fc.record({
  headers: fc.tuple(caller, extraHeaders).map(([a, b]) => ({ ...a, ...b })),
  body: resourceBody(c, 'post'),
  retry: fc.boolean(),
}).map(({ headers, body, retry }): FuzzRequest => ({ method: 'POST', collection: c, headers, body: { json: body }, retry })));

const updatesAndDeletes: fc.Arbitrary<FuzzRequest> = collection.chain((c) => fc.record({
  method: fc.constantFrom('PUT', 'PUT', 'PUT', 'DELETE'),
  id: id(c),
  headers: fc.tuple(caller, extraHeaders).map(([a, b]) => ({ ...a, ...b })),
  body: resourceBody(c, 'put'),
  retry: fc.boolean(),
}).map(({ method, id: i, headers, body, retry }): FuzzRequest => ({
  method, collection: c, segments: [i], headers, body: method === 'PUT' ? { json: body } : undefined, retry,
})));

const reads: fc.Arbitrary<FuzzRequest> = collection.chain((c) => fc.record({
  show: fc.boolean(),
  id: id(c),
  query: queryString(c),
  headers: caller,
}).map(({ show, id: i, query, headers }): FuzzRequest => ({ method: 'GET', collection: c, segments: show ? [i] : [], query, headers })));

const tagRequests: fc.Arbitrary<FuzzRequest> = collection.chain((c) => fc.record({
  op: fc.constantFrom('list', 'check', 'replace', 'add', 'clear', 'remove'),
  id: id(c),
  tag: tagValue,
  rawTag: fc.boolean(),
  body: tagsBody,
  headers: caller,
}).map(({ op, id: i, tag, rawTag, body, headers }): FuzzRequest => {
  const tags = { raw: false, id: 'tags' };
  const one = { raw: rawTag && /^[\x21-\x7e]*$/.test(tag) && !tag.includes('?') && !tag.includes('#'), id: tag };
  switch (op) {
    case 'list': return { method: 'GET', collection: c, segments: [i, tags], headers };
    case 'check': return { method: 'GET', collection: c, segments: [i, tags, one], headers };
    case 'replace': return { method: 'PUT', collection: c, segments: [i, tags], headers, body: { json: body } };
    case 'add': return { method: 'PUT', collection: c, segments: [i, tags, one], headers };
    case 'clear': return { method: 'DELETE', collection: c, segments: [i, tags], headers };
    default: return { method: 'DELETE', collection: c, segments: [i, tags, one], headers };
  }
}));

const malformed: fc.Arbitrary<FuzzRequest> = collection.chain((c) => fc.record({
  target: fc.constantFrom('create', 'update', 'tags'),
  id: id(c),
  text: malformedJson,
  contentType,
  headers: caller,
}).map(({ target, id: i, text, contentType: ct, headers }): FuzzRequest => ({
  method: target === 'create' ? 'POST' : 'PUT',
  collection: c,
  segments: target === 'create' ? [] : target === 'update' ? [i] : [i, { raw: false, id: 'tags' }],
  headers,
  body: { text, contentType: ct },
})));

const oddRoutes: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  path: fc.constantFrom(
    '/', '/v2.0', '/v2.0/', '//v2.0//networks', '/v2.0/networks.json', '/v2.0/networks/', '/v2.0/routers', '/v2.0/NETWORKS',
    '/v2.0/networks/../subnets', '/v2.0/%2e%2e/networks', '/v2.0/networks/x/tags/a/b', '/v2.0/networks/x/y', '/v2.0/ports?fields',
    '/v2.0/ports?%zz=1', '/v2.0/ports?limit=1&limit=2&marker=&page_reverse', '/v2.0/subnets?&&&=&', '/v2.0/networks?tags=,,,',
    '/v2.0/%00', '/v2.0/networks/%E2%80%AE', '/v3/networks', '/v2.0/extensions/nope', '/v2.0/subnetpools?sort_key=id&sort_key=name&sort_dir=asc',
  ),
  headers: caller,
  body: fc.option(fc.constantFrom('{}', '{"network":{}}', 'x'), { freq: 2 }),
}).map(({ method, path, headers, body }): FuzzRequest => ({
  method, collection: 'networks', path, headers, body: body === null ? undefined : { text: body, contentType: 'application/json' },
}));

// --- reproductions ----------------------------------------------------------------------------

const member = { 'x-project-id': 'fuzz', 'x-roles': 'member' };

/**
 * Minimal reproductions of the bugs this fuzzer found (all fixed), run first on every run
 * (fast-check `examples`) so each stays checked whatever the seed.
 */
const KNOWN_BUGS = {
  creates: [
    // Was 500: a NUL character in a string attribute (PostgreSQL text/jsonb cannot hold U+0000).
    { method: 'POST', collection: 'networks', headers: member, body: { json: { network: { name: 'a\u0000b' } } } },
    // Was 500: a lone UTF-16 surrogate (valid JSON "\ud800"; not encodable as UTF-8 for PostgreSQL).
    { method: 'POST', collection: 'networks', headers: member, body: { json: { network: { description: '\ud800' } } } },
    // Was 500: deep nesting (100,000 arrays) overflowed the stack while validating.
    { method: 'POST', collection: 'networks', headers: member, body: { json: { network: { name: '\u0000deep:arr:100000' } } } },
    // Was wrong: an idempotency key reused for a different request replayed the first result in the wrong
    // shape: a bulk create answers 201 {"networks": {<the first single network>}} and creates nothing.
    { method: 'POST', collection: 'networks', headers: { ...member, 'x-request-id': 'reused-key' }, body: { json: { network: { name: 'first' } } } },
    { method: 'POST', collection: 'networks', headers: { ...member, 'x-request-id': 'reused-key' }, body: { json: { networks: [{ name: 'second' }] } } },
  ],
  updatesAndDeletes: [
    // Was 500: NUL in a path id together with X-Request-Id (the command id went into command_log as text).
    { method: 'DELETE', collection: 'ports', segments: [{ raw: true, id: '%00' }], headers: { ...member, 'x-request-id': 'r1' } },
  ],
  reads: [
    // Was 500: NUL in a list filter value.
    { method: 'GET', collection: 'networks', query: [['name', 'a\u0000b']], headers: member },
  ],
} satisfies Record<string, FuzzRequest[]>;

// --- the properties --------------------------------------------------------------------------

describe('the Neutron API under random input', () => {
  it('answers random create bodies with 201 (stored whole) or a 4xx that changed nothing', async () => {
    await run('creates', creates, 160, 16_000, KNOWN_BUGS.creates);
  }, 120_000);

  it('answers random updates and deletes with 2xx (stored whole) or a 4xx that changed nothing', async () => {
    await run('updates and deletes', updatesAndDeletes, 110, 12_000, KNOWN_BUGS.updatesAndDeletes);
  }, 120_000);

  it('answers random query strings on lists and shows without a 5xx and without writing', async () => {
    await run('reads', reads, 100, 10_000, KNOWN_BUGS.reads);
  }, 120_000);

  it('answers random tag requests with 2xx or a 4xx that changed nothing', async () => {
    await run('tags', tagRequests, 80, 8_000);
  }, 120_000);

  it('answers malformed JSON and odd content types with a NeutronError 4xx', async () => {
    await run('malformed JSON', malformed, 50, 6_000);
  }, 120_000);

  it('answers unknown routes and verbs with a NeutronError 4xx', async () => {
    await run('odd routes', oddRoutes, 40, 5_000);
  }, 120_000);

  it('is still healthy afterwards: both services answer, nothing exited', async () => {
    expect(servicesAlive(platform)).toBeNull();
    for (const inst of platform.instances) {
      const res = await fetch(`http://127.0.0.1:${inst.healthPort}/healthz`);
      expect(res.status).toBe(200);
    }
    // And a network, subnet and port can still be created end to end.
    const post = async (path: string, body: unknown) => {
      const res = await sendRaw(platform.apiUrl, { method: 'POST', path, headers: { 'content-type': 'application/json', 'x-project-id': 'fuzz' }, body: JSON.stringify(body) });
      expect({ path, status: res.status }).toEqual({ path, status: 201 });
      return Object.values(JSON.parse(res.text) as Record<string, Doc>)[0]!;
    };
    const net = await post('/v2.0/networks', { network: { name: 'after-fuzz' } });
    await post('/v2.0/subnets', { subnet: { network_id: net.id, cidr: '10.250.0.0/24', ip_version: 4 } });
    await post('/v2.0/ports', { port: { network_id: net.id } });
  });
});
