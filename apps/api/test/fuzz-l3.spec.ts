/**
 * Property-based robustness of the L3 API (routers, their interface actions and l3-agents view,
 * floating IPs and their tags): random bodies, query strings, ids and headers thrown at the l3
 * service through the gateway, against a world of real routers, gateways, interfaces and floating
 * IPs. Whatever a client sends, the platform
 *  - never answers 5xx, and every 4xx carries a NeutronError body;
 *  - changes nothing when it refuses (routers, floating IPs, ipam's ports and l3's own tables are
 *    identical before and after a 4xx);
 *  - leaves no orphan: every port with device_owner network:router_gateway, network:router_interface
 *    or network:floatingip belongs to a router or floating IP that exists and records it, and every
 *    gateway, interface and floating IP that l3 records has its port in ipam;
 *  - answers a retried create (same X-Request-Id) as it answered the first, without a second effect;
 *  - keeps its processes alive.
 *
 * Each request is checked on its own and every problem is collected, so one run reports all the
 * distinct bugs it met. Replay a run with MUON_FUZZ_SEED=<seed printed on failure>.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { TestPlatform } from '@muon/embedded';
import { caller, contentType, extraHeaders, junk, malformedJson, REF, tagsBody, tagValue } from './support/neutron-arbitraries.js';
import { closeRawAgent, sendRaw, type RawResponse } from './support/raw-http.js';
import {
  describeSent, FuzzFindings, isNeutronError, percentEncode, renderBody, servicesAlive, type FuzzBody, type Sent,
} from './support/fuzz-harness.js';
import { firstDifference, type Doc } from './support/read-model-snapshot.js';

const platform = new TestPlatform({
  repoRoot: join(import.meta.dirname, '..', '..', '..'),
  postgresUrl: process.env.TEST_DATABASE_URL!,
  services: { ipam: 1, l3: 1, api: 1 },
  // A request that reaches no answer fails fast instead of holding the run for 15 s; no quota stops
  // the random creates (quotas have their own tests).
  env: { MUON_RPC_TIMEOUT_MS: '5000', MUON_QUOTA_DEFAULTS: 'router=-1,floatingip=-1,port=-1,network=-1,subnet=-1' },
});
const seed = Number(process.env.MUON_FUZZ_SEED ?? Date.now() % 2 ** 31);
let db: pg.Client;

// --- the world the requests point at ---------------------------------------------------------

/** What a reference in a generated request may name. */
const KINDS = ['ext', 'networks', 'subnets', 'extsubnets', 'ports', 'routers', 'floatingips'] as const;
type Kind = (typeof KINDS)[number];

interface World {
  ids: Record<Kind, string[]>;
  /** Fixtures by name (`routers:fuzz-r2`), for the reproductions that need one particular resource. */
  named: Map<string, string>;
  /** Canonical text of everything a request could change: equal text, nothing changed. */
  text: string;
}

const adminGet = async (path: string): Promise<Doc[]> => {
  const res = await sendRaw(platform.apiUrl, { method: 'GET', path });
  if (res.status !== 200) throw new Error(`admin GET ${path} answered ${res.status}: ${res.text.slice(0, 300)}`);
  return Object.values(JSON.parse(res.text) as Record<string, Doc[]>)[0]!;
};

async function observe(): Promise<World> {
  const [networks, subnets, ports, routers, floatingips] = await Promise.all(
    ['networks', 'subnets', 'ports', 'routers', 'floatingips'].map((c) => adminGet(`/v2.0/${c}`)),
  );
  const ext = new Set(networks!.filter((n) => n['router:external'] === true).map((n) => n.id));
  const { rows } = await db.query<Record<string, string | null>>(`
    select
      (select string_agg(t::text, E'\\n' order by t.port_id) from l3.router_interfaces t) as router_interfaces,
      (select string_agg(t::text, E'\\n' order by t.router_id) from l3.router_gateways t) as router_gateways,
      (select string_agg(t::text, E'\\n' order by t.router_id) from l3.router_bindings t) as router_bindings,
      (select string_agg(t::text, E'\\n' order by t.floatingip_id) from l3.floatingip_ports t) as floatingip_ports,
      (select string_agg(t::text, E'\\n' order by t.subnet_id, t.ip_address) from ipam.ip_allocations t) as ip_allocations`);
  const ids = (docs: Doc[]) => docs.map((d) => d.id);
  const named = new Map(Object.entries({ networks, subnets, ports, routers }).flatMap(([c, docs]) => docs!.map((d): [string, string] => [`${c}:${String(d.name)}`, d.id])));
  return {
    named,
    ids: {
      ext: [...ext], networks: ids(networks!), subnets: ids(subnets!), extsubnets: ids(subnets!.filter((s) => ext.has(s.network_id as string))),
      ports: ids(ports!), routers: ids(routers!), floatingips: ids(floatingips!),
    },
    text: [routers, floatingips, ports].map((docs) => JSON.stringify(docs)).join('\n') + '\n' + JSON.stringify(rows[0]),
  };
}

/**
 * The L3 ports in ipam and what l3 records must name each other: the problems found, if any.
 * One statement over both services' schemas (the test may read both; the services never do).
 */
async function orphans(): Promise<string[]> {
  const { rows } = await db.query<{ problem: string }>(`
    with p as (select id::text as id, body->>'device_owner' as owner, body->>'device_id' as device from ipam.ports)
    select format('%s port %s names router %s, which does not exist', owner, id, device) as problem from p
     where owner in ('network:router_gateway', 'network:router_interface') and not exists (select 1 from l3.routers r where r.id::text = p.device)
    union all
    select format('network:floatingip port %s names floating IP %s, which does not exist', id, device) from p
     where owner = 'network:floatingip' and not exists (select 1 from l3.floatingips f where f.id::text = p.device)
    union all
    select format('gateway port %s of router %s is not its recorded gateway', id, device) from p
     where owner = 'network:router_gateway' and not exists (select 1 from l3.router_gateways g where g.port_id::text = p.id and g.router_id::text = p.device)
    union all
    select format('interface port %s of router %s is not a recorded interface', id, device) from p
     where owner = 'network:router_interface' and not exists (select 1 from l3.router_interfaces i where i.port_id::text = p.id and i.router_id::text = p.device)
    union all
    select format('floating IP port %s of %s is not the one recorded', id, device) from p
     where owner = 'network:floatingip' and not exists (select 1 from l3.floatingip_ports f where f.port_id::text = p.id and f.floatingip_id::text = p.device)
    union all
    select format('router %s records gateway port %s, which ipam does not have as its gateway', g.router_id, g.port_id) from l3.router_gateways g
     where not exists (select 1 from p where p.id = g.port_id::text and p.owner = 'network:router_gateway' and p.device = g.router_id::text)
    union all
    select format('router %s records interface port %s, which ipam does not have as its interface', i.router_id, i.port_id) from l3.router_interfaces i
     where not exists (select 1 from p where p.id = i.port_id::text and p.owner = 'network:router_interface' and p.device = i.router_id::text)
    union all
    select format('floating IP %s has no port of its own', f.id) from l3.floatingips f
     where not exists (select 1 from l3.floatingip_ports fp join p on p.id = fp.port_id::text and p.owner = 'network:floatingip' and p.device = f.id::text where fp.floatingip_id = f.id)
    union all
    select format('router %s shows external_gateway_info but records no gateway port (or the other way round)', r.id) from l3.routers r
     where (r.body->'external_gateway_info' <> 'null'::jsonb) <> exists (select 1 from l3.router_gateways g where g.router_id = r.id)
    union all
    select format('floating IP %s is associated with port %s, which does not exist', f.id, f.body->>'port_id') from l3.floatingips f
     where f.body->>'port_id' is not null and not exists (select 1 from p where p.id = f.body->>'port_id')`);
  return rows.map((r) => r.problem);
}

/**
 * Fixtures: two external networks, a project's networks with IPv4 and IPv6 subnets, ports, a router
 * with a gateway and an interface, one without, floating IPs with and without an association, and
 * another project's router — so that generated references reach the owner's code, not only 404s.
 */
async function createFixtures(): Promise<void> {
  const call = async (method: string, path: string, body: unknown, project?: string, expect = method === 'POST' ? 201 : 200) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(project ? { 'x-project-id': project, 'x-roles': 'member' } : {}) };
    const res = await sendRaw(platform.apiUrl, { method, path, headers, body: JSON.stringify(body) });
    if (res.status !== expect) throw new Error(`fixture ${method} ${path} answered ${res.status}: ${res.text}`);
    return Object.values(JSON.parse(res.text) as Record<string, Doc>)[0]!;
  };
  const ext = await call('POST', '/v2.0/networks', { network: { name: 'fuzz-ext', 'router:external': true } });
  await call('POST', '/v2.0/subnets', { subnet: { network_id: ext.id, cidr: '203.0.113.0/24', ip_version: 4, enable_dhcp: false } });
  const ext2 = await call('POST', '/v2.0/networks', { network: { name: 'fuzz-ext-2', 'router:external': true } });
  await call('POST', '/v2.0/subnets', { subnet: { network_id: ext2.id, cidr: '198.51.100.0/24', ip_version: 4, enable_dhcp: false } });
  await call('POST', '/v2.0/subnets', { subnet: { network_id: ext2.id, cidr: 'fd00:198::/64', ip_version: 6, enable_dhcp: false } });

  const net = await call('POST', '/v2.0/networks', { network: { name: 'fuzz-net' } }, 'fuzz');
  const sub = await call('POST', '/v2.0/subnets', { subnet: { name: 'fuzz-sub', network_id: net.id, cidr: '10.20.0.0/24', ip_version: 4 } }, 'fuzz');
  await call('POST', '/v2.0/subnets', { subnet: { network_id: net.id, cidr: 'fd00:20::/64', ip_version: 6, ipv6_address_mode: 'slaac', ipv6_ra_mode: 'slaac' } }, 'fuzz');
  const net2 = await call('POST', '/v2.0/networks', { network: { name: 'fuzz-net-2' } }, 'fuzz');
  await call('POST', '/v2.0/subnets', { subnet: { name: 'fuzz-sub-2', network_id: net2.id, cidr: '10.21.0.0/24', ip_version: 4 } }, 'fuzz');
  await call('POST', '/v2.0/subnets', { subnet: { network_id: net2.id, cidr: '10.20.0.128/25', ip_version: 4 } }, 'fuzz');
  const vm = await call('POST', '/v2.0/ports', { port: { network_id: net.id, name: 'vm-1', device_owner: 'compute:nova', device_id: 'vm-1', fixed_ips: [{ subnet_id: sub.id, ip_address: '10.20.0.10' }] } }, 'fuzz');
  await call('POST', '/v2.0/ports', { port: { network_id: net.id, name: 'vm-2', fixed_ips: [{ subnet_id: sub.id, ip_address: '10.20.0.11' }] } }, 'fuzz');
  await call('POST', '/v2.0/ports', { port: { network_id: net2.id, name: 'free-port' } }, 'fuzz');

  const r1 = await call('POST', '/v2.0/routers', { router: { name: 'fuzz-r1', external_gateway_info: { network_id: ext.id } } }, 'fuzz');
  await call('PUT', `/v2.0/routers/${r1.id}/add_router_interface`, { subnet_id: sub.id }, 'fuzz');
  await call('POST', '/v2.0/routers', { router: { name: 'fuzz-r2' } }, 'fuzz');
  await call('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: ext.id, port_id: vm.id } }, 'fuzz');
  await call('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: ext.id } }, 'fuzz');

  const otherNet = await call('POST', '/v2.0/networks', { network: { name: 'other-net' } }, 'other');
  await call('POST', '/v2.0/subnets', { subnet: { network_id: otherNet.id, cidr: '10.30.0.0/24', ip_version: 4 } }, 'other');
  await call('POST', '/v2.0/routers', { router: { name: 'other-r', external_gateway_info: { network_id: ext2.id } } }, 'other');
}

beforeAll(async () => {
  await platform.start();
  db = new pg.Client({ connectionString: platform.databaseUrl });
  await db.connect();
  await createFixtures();
  const problems = await orphans();
  if (problems.length > 0) throw new Error(`the fixtures already break the invariant: ${problems.join('; ')}`);
}, 90_000);

afterAll(async () => {
  await db?.end();
  closeRawAgent();
  await platform.stop();
});

// --- requests --------------------------------------------------------------------------------

interface FuzzRequest {
  method: string;
  /** The path after /v2.0/, segments joined by '/'; `raw` ones are sent unescaped. */
  segments: { raw: boolean; id: string }[];
  query?: [string, string][];
  headers: Record<string, string>;
  body?: FuzzBody;
  /** Sent twice with the same idempotency key, as a client retries. */
  retry?: boolean;
}

/** A placeholder replaced, just before sending, by an id of that kind that exists then (or a stranger's UUID). */
const ref = (kind: Kind): fc.Arbitrary<string> => fc.nat({ max: 1000 }).map((n) => `${REF}${kind}:${n}`);
/** A placeholder replaced by the id of the fixture of that name (`named('routers:fuzz-r2')`). */
const named = (name: string): string => `\u0000named:${name}`;

function render(req: FuzzRequest, world: World): Sent {
  const resolveRefs = (text: string) => text.replace(/(?:\\u0000|\u0000)ref:(\w+):(\d+)/g, (_m, kind: Kind, n: string) => {
    const ids = world.ids[kind] ?? [];
    return ids.length > 0 ? ids[Number(n) % ids.length]! : '5a4d7fba-0000-4000-8000-000000000000';
  }).replace(/(?:\\u0000|\u0000)named:(\w+:[\w-]+)/g, (_m, name: string) => world.named.get(name) ?? '5a4d7fba-0000-4000-8000-000000000001');
  const segs = req.segments.map((s) => (s.raw ? s.id : percentEncode(resolveRefs(s.id))));
  const qs = (req.query ?? []).map(([k, v]) => `${percentEncode(k)}=${percentEncode(resolveRefs(v))}`).join('&');
  const path = `/v2.0/${segs.join('/')}${qs ? `?${qs}` : ''}`;
  const headers = { ...req.headers };
  const body = renderBody(req.body, resolveRefs, headers);
  return { method: req.method, path, headers, body };
}

// --- checks ----------------------------------------------------------------------------------

const knownOrphans = new Set<string>();

/** The route a request took, with ids replaced, so one bug is reported once whatever the id. */
const routeOf = (req: FuzzRequest) => req.segments.map((s, i) => (i === 0 || ['tags', 'add_router_interface', 'remove_router_interface', 'l3-agents', 'l3-routers'].includes(s.id) ? s.id : '{id}')).join('/');

const findings = new FuzzFindings<FuzzRequest>(routeOf);
const record: FuzzFindings<FuzzRequest>['record'] = (...args) => findings.record(...args);

/** Sends one request (twice when it is a retry) and checks every invariant; problems are recorded, never thrown. */
async function exercise(req: FuzzRequest): Promise<void> {
  const before = await observe();
  const sent = render(req, before);
  let res: RawResponse;
  try {
    res = await sendRaw(platform.apiUrl, sent);
  } catch (err) {
    record(req, sent, null, `no HTTP answer: ${(err as Error).message}`, 'no-answer');
    return;
  }
  findings.outcome(req, res);
  const after = await observe();
  if (res.status >= 500) record(req, sent, res, `server error ${res.status}`, '5xx');
  else if (res.status >= 400) {
    if (!isNeutronError(res.text)) record(req, sent, res, `${res.status} without a NeutronError body`, 'not-neutron-error');
    if (after.text !== before.text) record(req, sent, res, `refused with ${res.status} but changed something: ${firstDifference(before.text, after.text)}`, 'partial-write');
  } else if (res.status < 200 || res.status >= 300) {
    record(req, sent, res, `unexpected status ${res.status}`, 'odd-status');
  } else if (req.method === 'GET' && after.text !== before.text) {
    record(req, sent, res, `a GET changed something: ${firstDifference(before.text, after.text)}`, 'read-wrote');
  }
  if (req.retry && sent.headers['x-request-id'] && res.status < 500) {
    const again = await sendRaw(platform.apiUrl, sent);
    const parse = (text: string): unknown => { try { return text === '' ? '' : JSON.parse(text); } catch { return text; } };
    if (again.status !== res.status || !isDeepStrictEqual(parse(again.text), parse(res.text))) {
      record(req, sent, again, `retry with the same X-Request-Id answered ${again.status} ${again.text.slice(0, 200)}; the first answer was ${res.status} ${res.text.slice(0, 200)}`, 'retry-differs');
    }
    const retried = await observe();
    if (retried.text !== after.text) record(req, sent, again, `retry with the same X-Request-Id changed something: ${firstDifference(after.text, retried.text)}`, 'retry-wrote');
  }
  // Each disagreement is reported once, against the request after which it first appeared.
  const broken = (await orphans()).filter((p) => !knownOrphans.has(p));
  broken.forEach((p) => knownOrphans.add(p));
  if (broken.length > 0) record(req, sent, res, `L3 ports and records disagree afterwards: ${broken.join('; ')}`, 'orphan');
  const dead = servicesAlive(platform);
  if (dead) {
    record(req, sent, res, dead, 'crash');
    throw new Error(`${dead} after ${describeSent(sent)}; logs in ${platform.logDir}`);
  }
}

/** One property over `arb`, with the known reproductions first (FuzzFindings.run). */
const run = (name: string, arb: fc.Arbitrary<FuzzRequest>, numRuns: number, budgetMs: number, examples: FuzzRequest[] = []): Promise<void> =>
  findings.run(name, arb, exercise, { numRuns, budgetMs, examples, seed, logDir: platform.logDir });

// --- arbitraries -----------------------------------------------------------------------------

const boolish = fc.constantFrom<unknown>(true, false, 'true', 'False', 'yes', 1, null);
const octet = fc.integer({ min: 0, max: 255 });
/** Addresses in and around the fixtures' subnets, and anything else. */
const ip = fc.oneof(
  octet.map((o) => `10.20.0.${o}`), octet.map((o) => `203.0.113.${o}`), octet.map((o) => `198.51.100.${o}`), octet.map((o) => `10.21.0.${o}`),
  fc.constantFrom('10.20.0.1', '10.20.0.10', '203.0.113.1', 'fd00:20::1', 'fd00:198::5', 'FD00:20::0001', '10.20.0.300', '::'),
  fc.ipV4(), fc.ipV6(),
);
const cidr = fc.oneof(
  fc.tuple(octet, fc.integer({ min: 8, max: 32 })).map(([b, p]) => `192.168.${b}.0/${p}`),
  fc.constantFrom('0.0.0.0/0', '10.20.0.0/24', '10.99.0.5/16', 'fd00:99::/64', '::/0', '172.16.0.0/33', '10.0.0.0'),
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([a, p]) => `${a}/${p}`),
);
const route = fc.record({ destination: cidr, nexthop: ip }, { requiredKeys: [] });
const routes = fc.oneof(
  { weight: 6, arbitrary: fc.array(route, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.record({ destination: cidr, nexthop: octet.map((o) => `10.20.0.${o}`) }), { minLength: 29, maxLength: 33 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], {}, 'x', [null], [{ destination: '10.0.0.0/8' }]) },
);
const networkRef = fc.oneof({ weight: 6, arbitrary: ref('ext') }, { weight: 2, arbitrary: ref('networks') }, { weight: 1, arbitrary: fc.uuid() });
const fixedIpRequest = fc.record({ subnet_id: fc.oneof(ref('extsubnets'), ref('subnets'), fc.uuid()), ip_address: ip }, { requiredKeys: [] });
const gatewayInfo: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: networkRef.map((network_id) => ({ network_id })) },
  { weight: 3, arbitrary: fc.record({ network_id: networkRef, enable_snat: boolish, external_fixed_ips: fc.array(fixedIpRequest, { maxLength: 3 }) }, { requiredKeys: ['network_id'] }) },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(null, {}) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({ enable_snat: false }, { network_id: null }, 'x', [], { network_id: 'not-a-uuid' }) },
  { weight: 1, arbitrary: junk },
);

const ROUTER_ATTRS: Record<string, fc.Arbitrary<unknown>> = {
  name: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('a\u0000b', '\ud800', 'x'.repeat(300))),
  description: fc.string({ maxLength: 20 }),
  admin_state_up: boolish,
  external_gateway_info: gatewayInfo,
  routes,
  distributed: boolish,
  ha: boolish,
  availability_zone_hints: fc.array(fc.constantFrom('nova', 'az1', ''), { maxLength: 2 }),
  project_id: fc.constantFrom('fuzz', 'other', ''),
  tags: fc.array(tagValue, { maxLength: 2 }),
  status: fc.constantFrom('ACTIVE', 'DOWN'),
  id: fc.uuid(),
};
const FIP_ATTRS: Record<string, fc.Arbitrary<unknown>> = {
  floating_network_id: networkRef,
  port_id: fc.oneof({ weight: 6, arbitrary: ref('ports') }, { weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.uuid() }),
  fixed_ip_address: fc.oneof(ip, fc.constant(null)),
  floating_ip_address: ip,
  subnet_id: fc.oneof(ref('extsubnets'), ref('subnets'), fc.constant(null)),
  description: fc.string({ maxLength: 20 }),
  project_id: fc.constantFrom('fuzz', 'other', ''),
  router_id: ref('routers'),
  status: fc.constantFrom('ACTIVE', 'DOWN'),
  tags: fc.array(tagValue, { maxLength: 2 }),
};
const WRITABLE = {
  routers: { post: ['name', 'description', 'admin_state_up', 'external_gateway_info', 'availability_zone_hints', 'project_id'], put: ['name', 'description', 'admin_state_up', 'external_gateway_info', 'routes'] },
  floatingips: { post: ['floating_network_id', 'port_id', 'fixed_ip_address', 'floating_ip_address', 'subnet_id', 'description', 'project_id'], put: ['port_id', 'fixed_ip_address', 'description'] },
};
const REQUIRED = { routers: [] as string[], floatingips: ['floating_network_id'] };
type L3Collection = keyof typeof WRITABLE;
const MEMBER: Record<L3Collection, string> = { routers: 'router', floatingips: 'floatingip' };
const ATTRS: Record<L3Collection, Record<string, fc.Arbitrary<unknown>>> = { routers: ROUTER_ATTRS, floatingips: FIP_ATTRS };

/** Mostly a nearly right item (required attributes and a few writable ones), sometimes read-only or junk values. */
function item(c: L3Collection, verb: 'post' | 'put'): fc.Arbitrary<Record<string, unknown>> {
  const required = verb === 'post' ? REQUIRED[c] : [];
  const others = Object.keys(ATTRS[c]).filter((k) => !WRITABLE[c][verb].includes(k));
  return fc.record({
    chosen: fc.subarray(WRITABLE[c][verb].filter((k) => !required.includes(k)), { maxLength: 3 }),
    wrong: fc.oneof({ weight: 10, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.subarray(others, { minLength: 1, maxLength: 1 }) }),
    dropRequired: fc.oneof({ weight: 12, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  }).chain(({ chosen, wrong, dropRequired }) => {
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const k of [...(dropRequired ? [] : required), ...chosen, ...wrong]) {
      shape[k] = fc.oneof({ weight: 14, arbitrary: ATTRS[c][k]! }, { weight: 1, arbitrary: junk });
    }
    return fc.record(shape);
  });
}

function body(c: L3Collection, verb: 'post' | 'put'): fc.Arbitrary<unknown> {
  const one = item(c, verb);
  return fc.oneof(
    { weight: 14, arbitrary: one.map((i) => ({ [MEMBER[c]]: i })) },
    { weight: verb === 'post' ? 2 : 0, arbitrary: fc.array(one, { minLength: 1, maxLength: 3 }).map((items) => ({ [c]: items })) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], {}, { [MEMBER[c]]: null }, { [MEMBER[c]]: 'x' }, { router: {}, floatingip: {} }) },
    { weight: 1, arbitrary: junk },
  );
}

const headers = fc.tuple(caller, extraHeaders).map(([a, b]) => ({ ...a, ...b }));
const collection = fc.constantFrom<L3Collection>('routers', 'floatingips');
const pathId = (kind: Kind): fc.Arbitrary<{ raw: boolean; id: string }> => fc.oneof(
  { weight: 8, arbitrary: ref(kind).map((id) => ({ raw: false, id })) },
  { weight: 2, arbitrary: fc.uuid().map((id) => ({ raw: false, id })) },
  { weight: 1, arbitrary: fc.constantFrom('x', 'é', ' ', 'null', '5A4D7FBA-0000-4000-8000-000000000000', 'x'.repeat(3000)).map((id) => ({ raw: false, id })) },
  { weight: 1, arbitrary: fc.constantFrom('..', '%00', '%ZZ', 'a%2Fb', '%E2%80%AE').map((id) => ({ raw: true, id })) },
);
const seg = (id: string) => ({ raw: false, id });

const creates: fc.Arbitrary<FuzzRequest> = collection.chain((c) => fc.record({ headers, body: body(c, 'post'), retry: fc.boolean() })
  .map(({ headers: h, body: b, retry }): FuzzRequest => ({ method: 'POST', segments: [seg(c)], headers: h, body: { json: b }, retry })));

const updatesAndDeletes: fc.Arbitrary<FuzzRequest> = collection.chain((c) => fc.record({
  method: fc.constantFrom('PUT', 'PUT', 'PUT', 'DELETE'), id: pathId(c), headers, body: body(c, 'put'), retry: fc.boolean(),
}).map(({ method, id, headers: h, body: b, retry }): FuzzRequest => ({
  method, segments: [seg(c), id], headers: h, body: method === 'PUT' ? { json: b } : undefined, retry,
})));

const interfaceBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fc.oneof(ref('subnets'), ref('extsubnets')).map((subnet_id) => ({ subnet_id })) },
  { weight: 4, arbitrary: ref('ports').map((port_id) => ({ port_id })) },
  { weight: 2, arbitrary: fc.tuple(ref('ports'), ref('subnets')).map(([port_id, subnet_id]) => ({ port_id, subnet_id })) },
  { weight: 1, arbitrary: fc.uuid().map((subnet_id) => ({ subnet_id })) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>({}, null, [], 'x', { subnet_id: 'x' }, { port_id: null }, { subnet_id: ['a'] }, { router: {} }) },
  { weight: 1, arbitrary: junk },
);
const actions: fc.Arbitrary<FuzzRequest> = fc.record({
  verb: fc.constantFrom('add_router_interface', 'add_router_interface', 'remove_router_interface'),
  id: pathId('routers'), headers, body: interfaceBody, retry: fc.boolean(), method: fc.constantFrom('PUT', 'PUT', 'PUT', 'PUT', 'POST', 'GET'),
}).map(({ verb, id, headers: h, body: b, retry, method }): FuzzRequest => ({
  method, segments: [seg('routers'), id, seg(verb)], headers: h, body: method === 'GET' ? undefined : { json: b }, retry,
}));

const queryKey = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('name', 'status', 'admin_state_up', 'project_id', 'tenant_id', 'id', 'floating_ip_address', 'floating_network_id', 'port_id', 'router_id', 'fixed_ip_address', 'description', 'external_gateway_info', 'routes', 'distributed', 'ha') },
  { weight: 4, arbitrary: fc.constantFrom('fields', 'sort_key', 'sort_dir', 'limit', 'marker', 'page_reverse', 'tags', 'tags-any', 'not-tags', 'not-tags-any') },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const queryValue = fc.oneof(
  fc.constantFrom('true', 'false', 'ACTIVE', 'DOWN', '', 'fuzz', '1', '-1', 'asc', 'desc', 'name', 'id', 'router_id', 'a\u0000b', 'x'.repeat(2000)),
  ref('routers'), ref('floatingips'), ref('ports'), ip, fc.string({ maxLength: 12 }),
);
const reads: fc.Arbitrary<FuzzRequest> = fc.record({
  kind: fc.constantFrom('list', 'show', 'l3-agents', 'l3-routers'),
  c: collection, id: fc.oneof(pathId('routers'), pathId('floatingips')),
  query: fc.array(fc.tuple(queryKey, queryValue), { maxLength: 5 }), headers: caller,
}).map(({ kind, c, id, query, headers: h }): FuzzRequest => {
  switch (kind) {
    case 'list': return { method: 'GET', segments: [seg(c)], query, headers: h };
    case 'show': return { method: 'GET', segments: [seg(c), id], query, headers: h };
    case 'l3-agents': return { method: 'GET', segments: [seg('routers'), id, seg('l3-agents')], headers: h };
    default: return { method: 'GET', segments: [seg('agents'), id, seg('l3-routers')], headers: h };
  }
});

const tagRequests: fc.Arbitrary<FuzzRequest> = collection.chain((c) => fc.record({
  op: fc.constantFrom('list', 'replace', 'add', 'clear', 'remove'), id: pathId(c), tag: tagValue, body: tagsBody, headers: caller,
}).map(({ op, id, tag, body: b, headers: h }): FuzzRequest => {
  const tags = seg('tags');
  switch (op) {
    case 'list': return { method: 'GET', segments: [seg(c), id, tags], headers: h };
    case 'replace': return { method: 'PUT', segments: [seg(c), id, tags], headers: h, body: { json: b } };
    case 'add': return { method: 'PUT', segments: [seg(c), id, tags, seg(tag)], headers: h };
    case 'clear': return { method: 'DELETE', segments: [seg(c), id, tags], headers: h };
    default: return { method: 'DELETE', segments: [seg(c), id, tags, seg(tag)], headers: h };
  }
}));

const malformed: fc.Arbitrary<FuzzRequest> = fc.record({
  target: fc.constantFrom('routers', 'floatingips', 'router', 'floatingip', 'add_router_interface'),
  id: pathId('routers'), fid: pathId('floatingips'), text: malformedJson, contentType, headers: caller,
}).map(({ target, id, fid, text, contentType: ct, headers: h }): FuzzRequest => {
  const b = { text, contentType: ct };
  if (target === 'routers' || target === 'floatingips') return { method: 'POST', segments: [seg(target)], headers: h, body: b };
  if (target === 'router') return { method: 'PUT', segments: [seg('routers'), id], headers: h, body: b };
  if (target === 'floatingip') return { method: 'PUT', segments: [seg('floatingips'), fid], headers: h, body: b };
  return { method: 'PUT', segments: [seg('routers'), id, seg('add_router_interface')], headers: h, body: b };
});

// --- reproductions ---------------------------------------------------------------------------

const member = { 'x-project-id': 'fuzz', 'x-roles': 'member' };
const admin = { 'x-project-id': 'fuzz', 'x-roles': 'admin' };

/** Minimal reproductions of the bugs this fuzzer found (all fixed), run first whatever the seed. */
const KNOWN_BUGS = {
  creates: [
    // Was 400: `openstack router unset --external-gateway` sends {} (Neutron's dict_or_nodata: no gateway).
    { method: 'POST', segments: [seg('routers')], headers: member, body: { json: { router: { name: 'empty-gw', external_gateway_info: {} } } } },
    // Was a second router sharing the first one's gateway port: a retried create (same X-Request-Id) replayed
    // ipam's port but made a new router; deleting either took the other's gateway away.
    { method: 'POST', segments: [seg('routers')], headers: { ...member, 'x-request-id': 'retried-router' }, body: { json: { router: { external_gateway_info: { network_id: named('networks:fuzz-ext') } } } }, retry: true },
    // Was a second floating IP on the first one's port and address (its floatingip_ports row never written: undeletable).
    { method: 'POST', segments: [seg('floatingips')], headers: { ...member, 'x-request-id': 'retried-fip' }, body: { json: { floatingip: { floating_network_id: named('networks:fuzz-ext') } } }, retry: true },
    // Was a partial write: a bulk create whose second item was refused kept the first (Neutron's emulated bulk undoes it).
    { method: 'POST', segments: [seg('floatingips')], headers: member, body: { json: { floatingips: [{ floating_network_id: named('networks:fuzz-ext') }, { floating_network_id: named('networks:fuzz-net') }] } } },
    { method: 'POST', segments: [seg('routers')], headers: member, body: { json: { routers: [{ name: 'bulk', external_gateway_info: { network_id: named('networks:fuzz-ext') } }, { external_gateway_info: { network_id: named('networks:fuzz-net') } }] } } },
  ],
  updatesAndDeletes: [
    // Was 412 after the gateway had been moved: If-Match was checked only after the gateway change was recorded.
    { method: 'PUT', segments: [seg('routers'), seg(named('routers:other-r'))], headers: { ...admin, 'if-match': 'revision_number=99' }, body: { json: { router: { external_gateway_info: { network_id: named('networks:fuzz-ext') } } } } },
    // Was 400 after the gateway had been cleared (and its port deleted): the routes were refused in a second transaction.
    { method: 'PUT', segments: [seg('routers'), seg(named('routers:other-r'))], headers: admin, body: { json: { router: { external_gateway_info: null, routes: [{ destination: '0.0.0.0/0', nexthop: '172.31.0.1' }] } } } },
  ],
  actions: [
    // Was the interface port deleted under the router: a retried add_router_interface (same X-Request-Id) replayed
    // ipam's port, was refused (already has a port on the subnet) and its compensation removed that port.
    { method: 'PUT', segments: [seg('routers'), seg(named('routers:fuzz-r2')), seg('add_router_interface')], headers: { ...member, 'x-request-id': 'retried-interface' }, body: { json: { subnet_id: named('subnets:fuzz-sub-2') } }, retry: true },
  ],
} satisfies Record<string, FuzzRequest[]>;

// --- the properties --------------------------------------------------------------------------

describe('the L3 API under random input', () => {
  it('answers random router and floating IP creates with 201 or a 4xx that changed nothing, and leaves no orphan port', async () => {
    await run('creates', creates, 120, 10_000, KNOWN_BUGS.creates);
  }, 120_000);

  it('answers random updates and deletes the same way', async () => {
    await run('updates and deletes', updatesAndDeletes, 120, 10_000, KNOWN_BUGS.updatesAndDeletes);
  }, 120_000);

  it('answers random add/remove_router_interface actions the same way', async () => {
    await run('interface actions', actions, 100, 8_000, KNOWN_BUGS.actions);
  }, 120_000);

  it('answers random lists, shows and l3-agents views without a 5xx and without writing', async () => {
    await run('reads', reads, 80, 4_000);
  }, 120_000);

  it('answers random tag requests with 2xx or a 4xx that changed nothing', async () => {
    await run('tags', tagRequests, 50, 3_000);
  }, 120_000);

  it('answers malformed JSON with a NeutronError 4xx', async () => {
    await run('malformed JSON', malformed, 40, 2_000);
  }, 120_000);

  it('is still healthy afterwards: every service answers, nothing exited, a router and a floating IP still work end to end', async () => {
    expect(servicesAlive(platform)).toBeNull();
    for (const inst of platform.instances) expect((await fetch(`http://127.0.0.1:${inst.healthPort}/healthz`)).status).toBe(200);
    expect(await orphans()).toEqual([]);
    const call = async (method: string, path: string, b: unknown) => {
      const res = await sendRaw(platform.apiUrl, { method, path, headers: { 'content-type': 'application/json', ...member }, body: JSON.stringify(b) });
      expect({ path, status: res.status }).toEqual({ path, status: method === 'POST' ? 201 : 200 });
      return Object.values(JSON.parse(res.text) as Record<string, Doc>)[0]!;
    };
    const world = await observe();
    const net = await call('POST', '/v2.0/networks', { network: { name: 'after-fuzz' } });
    const subnet = await call('POST', '/v2.0/subnets', { subnet: { network_id: net.id, cidr: '10.250.0.0/24', ip_version: 4 } });
    const port = await call('POST', '/v2.0/ports', { port: { network_id: net.id } });
    const router = await call('POST', '/v2.0/routers', { router: { name: 'after-fuzz', external_gateway_info: { network_id: world.ids.ext[0] } } });
    const res = await sendRaw(platform.apiUrl, { method: 'PUT', path: `/v2.0/routers/${router.id}/add_router_interface`, headers: { 'content-type': 'application/json', ...member }, body: JSON.stringify({ subnet_id: subnet.id }) });
    expect(res.status).toBe(200);
    const fip = await call('POST', '/v2.0/floatingips', { floatingip: { floating_network_id: world.ids.ext[0], port_id: port.id } });
    expect(fip).toMatchObject({ port_id: port.id, router_id: router.id });
    expect(await orphans()).toEqual([]);
  });
});
