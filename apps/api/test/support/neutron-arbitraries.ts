/**
 * fast-check arbitraries for the Neutron API of networks, subnets, subnet pools and ports: bodies that
 * are nearly right (the attributes of the resource with plausible values, some mis-typed, some
 * missing, some extra), bodies that are not objects at all, query strings and ids of every odd kind.
 *
 * A generated request may name existing resources through references (`ref`), resolved against the
 * read model just before it is sent, so that the fuzzer reaches the owner's code and not only 404s.
 */
import fc from 'fast-check';
import { COLLECTIONS, MEMBER, type Collection } from './read-model-snapshot.js';

/** Replaced by an existing id of the collection (index modulo the count), or a fresh UUID if none. */
export const REF = '\u0000ref:';
/** Replaced, after JSON.stringify, by `depth` nested arrays or objects written as text. */
export const DEEP = '\u0000deep:';

export const ref = (collection: Collection): fc.Arbitrary<string> => fc.nat({ max: 1000 }).map((n) => `${REF}${collection}:${n}`);
const deep: fc.Arbitrary<string> = fc.tuple(fc.constantFrom('arr', 'obj'), fc.constantFrom(64, 1000, 20_000, 100_000)).map(([k, d]) => `${DEEP}${k}:${d}`);
const huge: fc.Arbitrary<string> = fc.constantFrom(256, 4096, 300_000).chain((n) => fc.constantFrom('x', 'é', '😀', '\u0000', '"').map((c) => c.repeat(n)));
const unicodeText = fc.string({ unit: 'grapheme', maxLength: 40 });
const oddText = fc.oneof(
  fc.string({ maxLength: 20 }),
  unicodeText,
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' ', '\n', 'null', 'true', '0', '-1', '1e999', '${x}', "'; drop table ports; --", '%00', '\\', '../../etc/passwd',
    // What JSON can carry and PostgreSQL's text and jsonb cannot: NUL, lone surrogates.
    '\u0000', 'a\u0000b', '\ud800', 'x\udfff'),
);

/** Anything at all where an attribute's value should be: the mis-typed case. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: huge },
  { weight: 1, arbitrary: deep },
  { weight: 3, arbitrary: fc.constantFrom(null, '', ' ', 0, -1, 1.5, 1e308, -0, 2 ** 53, true, false, [], {}, [null], { a: 1 }, 'True', '4', '6') },
  { weight: 2, arbitrary: oddText },
);

const boolish = fc.constantFrom<unknown>(true, false, 'true', 'false', 'True', 'FALSE', 'yes', 1, 0, null);
const octet = fc.integer({ min: 0, max: 255 });
const ipv4 = fc.oneof(fc.ipV4(), octet.map((o) => `10.20.0.${o}`), octet.map((o) => `10.20.1.${o}`), fc.constantFrom('10.20.0.300', '10.20.0', '010.020.000.001', '0.0.0.0', '255.255.255.255'));
const ipv6 = fc.oneof(fc.ipV6(), fc.integer({ min: 0, max: 0xffff }).map((n) => `fd00:20::${n.toString(16)}`), fc.constantFrom('::', '::1', 'fd00:20::', 'FD00:20::0001', 'fd00:20:::1', 'fe80::1%eth0'));
const ip = fc.oneof(ipv4, ipv6);
const cidrV4 = fc.oneof(
  fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 33 })).map(([a, p]) => `${a}/${p}`),
  fc.tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 32 })).map(([b, p]) => `10.${b}.0.0/${p}`),
  fc.constantFrom('10.20.0.0/24', '10.20.0.0/16', '10.128.0.0/16', '10.20.0.5/24', '0.0.0.0/0', '10.0.0.0/8', '10.20.0.0/31', '10.20.0.0/32', '10.20.0.0/-1', '10.20.0.0'),
);
const cidrV6 = fc.oneof(
  fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 129 })).map(([a, p]) => `${a}/${p}`),
  fc.constantFrom('fd00:20::/64', 'fd00:21::/64', 'fd00::/8', '::/0', 'fd00:20::/127', 'fd00:20::/128', 'fd00:20::1/64'),
);
const cidr = fc.oneof(cidrV4, cidrV6);
const hex2 = fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, '0'));
const mac = fc.oneof(
  fc.tuple(hex2, hex2, hex2).map(([a, b, c]) => `fa:16:3e:${a}:${b}:${c}`),
  fc.constantFrom('fa:16:3e:00:00:01', 'FA-16-3E-00-00-02', '01:00:5e:00:00:01', 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00', 'fa:16:3e:00:00', 'fa:16:3e:00:00:0g', 'fa-16:3e:00:00:01'),
);
const uuid = fc.uuid();
const prefixLen = fc.oneof(fc.integer({ min: 0, max: 130 }), fc.constantFrom<unknown>('24', '-1', 24.5, null));
const smallArray = <T>(a: fc.Arbitrary<T>) => fc.array(a, { maxLength: 4 });

const standard: Record<string, fc.Arbitrary<unknown>> = {
  id: uuid,
  project_id: fc.constantFrom('fuzz', 'other', '', 'x'.repeat(300)),
  tenant_id: fc.constantFrom('fuzz', 'other', ''),
  description: fc.oneof(oddText, huge),
  tags: smallArray(oddText),
  created_at: fc.constant('2020-01-01T00:00:00Z'),
  updated_at: fc.constant('2020-01-01T00:00:00Z'),
  revision_number: fc.integer(),
};

/** Plausible values for each attribute of each resource (what a confused but honest client sends). */
const PLAUSIBLE: Record<Collection, Record<string, fc.Arbitrary<unknown>>> = {
  networks: {
    ...standard,
    name: fc.oneof(oddText, huge),
    admin_state_up: boolish,
    shared: boolish,
    'router:external': boolish,
    mtu: fc.oneof(fc.integer({ min: -10, max: 10_000 }), fc.constantFrom<unknown>('1500', '68', '67', 9001)),
    port_security_enabled: boolish,
    'provider:network_type': fc.constantFrom<unknown>('flat', 'vlan', 'vxlan', 'local', 'gre', 'geneve', '', null),
    'provider:physical_network': fc.constantFrom<unknown>('physnet1', 'public', 'physnet2', null, '', 'x'.repeat(65)),
    'provider:segmentation_id': fc.oneof(fc.integer({ min: -1, max: 4100 }), fc.integer({ min: 16_777_200, max: 16_777_300 }), fc.constantFrom<unknown>('100', null, 2 ** 31)),
    availability_zone_hints: smallArray(fc.constantFrom('nova', 'az1', '')),
    availability_zones: smallArray(fc.constant('nova')),
    is_default: boolish,
    status: fc.constantFrom('ACTIVE', 'DOWN'),
    subnets: smallArray(uuid),
  },
  subnets: {
    ...standard,
    name: oddText,
    network_id: fc.oneof({ weight: 9, arbitrary: ref('networks') }, { weight: 1, arbitrary: uuid }),
    ip_version: fc.constantFrom<unknown>(4, 6, '4', '6', 5, null, 4.0),
    cidr: fc.oneof({ weight: 8, arbitrary: cidr }, { weight: 1, arbitrary: fc.constant(null) }),
    prefixlen: prefixLen,
    subnetpool_id: fc.oneof(ref('subnetpools'), fc.constant(null), uuid),
    use_default_subnetpool: boolish,
    gateway_ip: fc.oneof(ip, fc.constant(null)),
    allocation_pools: smallArray(fc.record({ start: ip, end: ip }, { requiredKeys: [] })),
    dns_nameservers: fc.oneof(smallArray(ip), fc.constant(null)),
    host_routes: fc.oneof(smallArray(fc.record({ destination: cidr, nexthop: ip })), fc.constant(null)),
    enable_dhcp: boolish,
    ipv6_ra_mode: fc.constantFrom<unknown>('slaac', 'dhcpv6-stateful', 'dhcpv6-stateless', null, 'x'),
    ipv6_address_mode: fc.constantFrom<unknown>('slaac', 'dhcpv6-stateful', 'dhcpv6-stateless', null, 'x'),
    segment_id: fc.oneof(uuid, fc.constant(null)),
    service_types: smallArray(fc.constantFrom('compute:nova', 'network:router_gateway', '', 'x')),
  },
  subnetpools: {
    ...standard,
    name: oddText,
    prefixes: fc.array(cidr, { maxLength: 3 }),
    default_prefixlen: prefixLen,
    min_prefixlen: prefixLen,
    max_prefixlen: prefixLen,
    ip_version: fc.constantFrom(4, 6),
    shared: boolish,
    is_default: boolish,
    address_scope_id: fc.oneof(uuid, fc.constant(null)),
    default_quota: fc.oneof(fc.integer({ min: -1, max: 100 }), fc.constant(null)),
  },
  ports: {
    ...standard,
    name: oddText,
    network_id: fc.oneof({ weight: 9, arbitrary: ref('networks') }, { weight: 1, arbitrary: uuid }),
    admin_state_up: boolish,
    mac_address: mac,
    fixed_ips: fc.array(
      fc.record({ subnet_id: fc.oneof({ weight: 4, arbitrary: ref('subnets') }, { weight: 1, arbitrary: uuid }), ip_address: ip }, { requiredKeys: [] }),
      { maxLength: 4 },
    ),
    device_id: fc.oneof(oddText, uuid),
    device_owner: fc.constantFrom('', 'compute:nova', 'network:dhcp', 'network:router_interface', 'network:router_gateway', 'network:floatingip', 'x'),
    status: fc.constantFrom('ACTIVE', 'DOWN'),
    security_groups: fc.oneof(smallArray(uuid), fc.constant(null)),
    port_security_enabled: boolish,
    allowed_address_pairs: fc.oneof(smallArray(fc.record({ ip_address: fc.oneof(ip, cidr), mac_address: mac }, { requiredKeys: ['ip_address'] })), fc.constant(null)),
    extra_dhcp_opts: fc.oneof(
      smallArray(fc.record({ opt_name: fc.constantFrom('tftp-server', 'bootfile-name', '', 'a\nb'), opt_value: fc.oneof(oddText, fc.constant(null)), ip_version: fc.constantFrom<unknown>(4, 6, '4', 7) }, { requiredKeys: ['opt_name'] })),
      fc.constant(null),
    ),
    'binding:host_id': fc.constantFrom('', 'host-1', 'x'.repeat(256)),
    'binding:vnic_type': fc.constantFrom<unknown>('normal', 'direct', 'baremetal', 'bogus'),
    'binding:profile': fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), deep, fc.constant(null)),
    'binding:vif_type': fc.constant('ovs'),
    'binding:vif_details': fc.constant({}),
    dns_name: fc.constantFrom('', 'host1', 'a.example.org.', '-bad', 'x'.repeat(64), 'UPPER'),
    propagate_uplink_status: boolish,
  },
};

/** Attributes a create needs, so that some generated creates succeed. */
const REQUIRED: Record<Collection, string[]> = {
  networks: [],
  subnets: ['network_id', 'ip_version', 'cidr'],
  subnetpools: ['name', 'prefixes'],
  ports: ['network_id'],
};
/** Attributes a client may send at all on POST / PUT (others are tried too, but less often). */
const WRITABLE: Record<Collection, { post: string[]; put: string[] }> = {
  networks: { post: ['name', 'admin_state_up', 'shared', 'router:external', 'mtu', 'port_security_enabled', 'provider:network_type', 'provider:physical_network', 'provider:segmentation_id', 'availability_zone_hints', 'is_default', 'description', 'project_id'], put: ['name', 'admin_state_up', 'shared', 'router:external', 'mtu', 'port_security_enabled', 'is_default', 'description'] },
  subnets: { post: ['name', 'network_id', 'ip_version', 'cidr', 'prefixlen', 'subnetpool_id', 'use_default_subnetpool', 'gateway_ip', 'allocation_pools', 'dns_nameservers', 'host_routes', 'enable_dhcp', 'ipv6_ra_mode', 'ipv6_address_mode', 'segment_id', 'service_types', 'description'], put: ['name', 'gateway_ip', 'allocation_pools', 'dns_nameservers', 'host_routes', 'enable_dhcp', 'service_types', 'description'] },
  subnetpools: { post: ['name', 'prefixes', 'default_prefixlen', 'min_prefixlen', 'max_prefixlen', 'shared', 'is_default', 'address_scope_id', 'default_quota', 'description'], put: ['name', 'prefixes', 'default_prefixlen', 'min_prefixlen', 'max_prefixlen', 'is_default', 'address_scope_id', 'default_quota', 'description'] },
  ports: { post: ['name', 'network_id', 'admin_state_up', 'mac_address', 'fixed_ips', 'device_id', 'device_owner', 'security_groups', 'port_security_enabled', 'allowed_address_pairs', 'extra_dhcp_opts', 'binding:host_id', 'binding:vnic_type', 'binding:profile', 'dns_name', 'propagate_uplink_status', 'description'], put: ['name', 'admin_state_up', 'mac_address', 'fixed_ips', 'device_id', 'device_owner', 'security_groups', 'port_security_enabled', 'allowed_address_pairs', 'extra_dhcp_opts', 'binding:host_id', 'binding:vnic_type', 'binding:profile', 'dns_name', 'description'] },
};

const value = (collection: Collection, name: string): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 12, arbitrary: PLAUSIBLE[collection][name] ?? junk }, { weight: 1, arbitrary: junk });

/** One resource's attributes: a clean item half the time (so that many succeed), a noisy one otherwise. */
function item(collection: Collection, verb: 'post' | 'put'): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(cleanItem(collection, verb), noisyItem(collection, verb));
}

/** Required attributes and a few writable ones, with plausible values only. */
function cleanItem(collection: Collection, verb: 'post' | 'put'): fc.Arbitrary<Record<string, unknown>> {
  const required = verb === 'post' ? REQUIRED[collection] : [];
  return fc.subarray(WRITABLE[collection][verb].filter((k) => !required.includes(k)), { maxLength: 3 }).chain((chosen) => {
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const k of [...required, ...chosen]) shape[k] = PLAUSIBLE[collection][k]!;
    return fc.record(shape);
  });
}

/** A subset of the writable attributes, sometimes mis-typed, missing, read-only or unknown. */
function noisyItem(collection: Collection, verb: 'post' | 'put'): fc.Arbitrary<Record<string, unknown>> {
  const writable = WRITABLE[collection][verb];
  const others = Object.keys(PLAUSIBLE[collection]).filter((k) => !writable.includes(k));
  const required = verb === 'post' ? REQUIRED[collection] : [];
  return fc.record({
    required: fc.subarray(required, { minLength: Math.max(0, required.length - 1) }).chain((keys) => fc.oneof(
      { weight: 4, arbitrary: fc.constant(required) }, { weight: 1, arbitrary: fc.constant(keys) })),
    chosen: fc.subarray(writable, { maxLength: 5 }),
    wrong: fc.oneof({ weight: 8, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.subarray(others, { minLength: 1, maxLength: 2 }) }),
    extra: fc.oneof({ weight: 10, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.array(fc.oneof(oddText, fc.constantFrom('constructor', 'toString', 'hasOwnProperty', 'valueOf', 'network', 'port')), { minLength: 1, maxLength: 2 }) }),
  }).chain(({ required: req, chosen, wrong, extra }) => {
    const keys = [...new Set([...req, ...chosen, ...wrong])];
    const shape: Record<string, fc.Arbitrary<unknown>> = {};
    for (const k of keys) shape[k] = value(collection, k);
    for (const k of extra) shape[k] = junk;
    return fc.record(shape);
  });
}

/** A POST or PUT body: usually the right wrapper around a nearly right item, sometimes anything. */
export function resourceBody(collection: Collection, verb: 'post' | 'put'): fc.Arbitrary<unknown> {
  const member = MEMBER[collection];
  const one = item(collection, verb);
  return fc.oneof(
    { weight: 14, arbitrary: one.map((i) => ({ [member]: i })) },
    { weight: verb === 'post' ? 3 : 0, arbitrary: fc.array(one, { minLength: 0, maxLength: 3 }).map((items) => ({ [collection]: items })) },
    { weight: 1, arbitrary: fc.tuple(one, fc.constantFrom(...COLLECTIONS.map((c) => MEMBER[c]))).map(([i, m]) => ({ [m]: i })) },
    { weight: 1, arbitrary: one.map((i) => ({ [member]: i, extra: 1 })) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], {}, 'network', 42, true, { [member]: null }, { [member]: [] }, { [member]: 'x' }, { [collection]: {} }, { [collection]: null }) },
    { weight: 1, arbitrary: junk.map((j) => ({ [member]: j })) },
    { weight: 1, arbitrary: junk },
  );
}

/** Query parameters of a list or show: filters, fields, sorting, paging, tag filters and nonsense. */
export function queryString(collection: Collection): fc.Arbitrary<[string, string][]> {
  const attrs = Object.keys(PLAUSIBLE[collection]);
  const key = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...attrs) },
    { weight: 6, arbitrary: fc.constantFrom('fields', 'sort_key', 'sort_dir', 'limit', 'marker', 'page_reverse', 'tags', 'tags-any', 'not-tags', 'not-tags-any') },
    { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'fixed_ips', 'name~', 'fields[]', 'id', 'tenant_id', 'binding:profile') },
    { weight: 1, arbitrary: oddText },
  );
  const plausibleValue = (k: string): fc.Arbitrary<string> => {
    switch (k) {
      case 'sort_dir': return fc.constantFrom('asc', 'desc', 'ASC', '', 'up');
      case 'sort_key': case 'fields': return fc.oneof(fc.constantFrom(...attrs), oddText);
      case 'limit': return fc.oneof(fc.integer({ min: -2, max: 5 }).map(String), fc.constantFrom('0', '1e3', '99999999999999999999', ' 2 ', 'x', ''));
      case 'marker': return fc.oneof(ref(collection), fc.uuid(), oddText);
      case 'page_reverse': return fc.constantFrom('true', 'false', 'True', '1', 'x');
      case 'fixed_ips': return fc.oneof(ip.map((a) => `ip_address=${a}`), ref('subnets').map((s) => `subnet_id=${s}`), fc.constantFrom('True', '=x', 'bogus=1', 'ip_address_substr=10.', 'ip_address'));
      case 'network_id': case 'subnet_id': case 'subnetpool_id': return fc.oneof(ref('networks'), fc.uuid(), oddText);
      case 'id': return fc.oneof(ref(collection), fc.uuid(), oddText);
      default: return fc.oneof(
        fc.constantFrom('true', 'false', '4', '6', '1500', 'ACTIVE', '', 'null', 'fuzz'),
        oddText,
        fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 1200 }),
      );
    }
  };
  return fc.array(key.chain((k) => plausibleValue(k).map((v): [string, string] => [k, v])), { maxLength: 6 });
}

/** An id in a path: an existing one mostly; otherwise a stranger, a traversal, unicode, or something very long. */
export const pathId = (collection: Collection): fc.Arbitrary<{ raw: boolean; id: string }> => fc.oneof(
  { weight: 6, arbitrary: ref(collection).map((id) => ({ raw: false, id })) },
  { weight: 2, arbitrary: fc.uuid().map((id) => ({ raw: false, id })) },
  { weight: 1, arbitrary: ref(collection).map((id) => ({ raw: false, id: `${id}.json` })) },
  { weight: 2, arbitrary: fc.oneof(unicodeText, oddText, fc.constantFrom('x'.repeat(5000), 'é'.repeat(500), '.json', ' ', 'null')).map((id) => ({ raw: false, id })) },
  // Sent without escaping: traversal, double dots, encoded slashes and bad percent escapes.
  { weight: 2, arbitrary: fc.constantFrom('..', '../..', '../../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%2e%2e', '%2e%2e%2f', '%00', '%ZZ', '%', 'a%2Fb', '.', '%C0%AF', '%E2%80%AE').map((id) => ({ raw: true, id })) },
);

export const tagValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('red', 'blue', 'green') },
  { weight: 2, arbitrary: unicodeText },
  { weight: 1, arbitrary: fc.constantFrom('', 'a,b', ' ', 'x'.repeat(300), '%2F', '..') },
);

export const tagsBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.array(tagValue, { maxLength: 5 }).map((tags) => ({ tags })) },
  { weight: 1, arbitrary: fc.array(tagValue, { minLength: 60, maxLength: 80 }).map((tags) => ({ tags })) },
  { weight: 1, arbitrary: junk.map((tags) => ({ tags })) },
  { weight: 1, arbitrary: junk },
);

/** Who sends it: a member of the fuzzing project mostly, sometimes another project or an admin. */
export const caller = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Record<string, string>>({ 'x-project-id': 'fuzz', 'x-roles': 'member' }) },
  { weight: 1, arbitrary: fc.constant<Record<string, string>>({ 'x-project-id': 'other', 'x-roles': 'member' }) },
  { weight: 2, arbitrary: fc.constant<Record<string, string>>({}) },
  { weight: 1, arbitrary: fc.constant<Record<string, string>>({ 'x-project-id': 'fuzz', 'x-roles': 'admin' }) },
  { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>({ 'x-project-id': '', 'x-roles': '' }, { 'x-project-id': 'fuzz', 'x-roles': ',,,' }, { 'x-tenant-id': 'fuzz' }) },
);

/** Extra headers a client may add: If-Match, an idempotency key (fresh: a reused one is its own bug, see fuzz.spec.ts). */
export const extraHeaders = fc.record({
  ifMatch: fc.option(fc.constantFrom('revision_number=1', 'revision_number=2', 'revision_number=99', 'junk', 'revision_number=-1', 'revision_number=99999999999999999999'), { freq: 5 }),
  requestId: fc.option(fc.uuid(), { freq: 3 }),
}).map(({ ifMatch, requestId }) => {
  const h: Record<string, string> = {};
  if (ifMatch !== null) h['if-match'] = ifMatch;
  if (requestId !== null) h['x-request-id'] = requestId;
  return h;
});

/** Text that is not JSON, or JSON that a strict parser must refuse. */
export const malformedJson: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ' ', '{', '}', '{"network":', '{"network":{}', '{"network":{"name":"a"}}}', "{'network':{}}", '{"network":{"name":"a",}}',
    'null', 'NaN', 'undefined', '\uFEFF{"network":{}}', '{"network":{"name":"\\ud800"}}', '{"network":{"name":"\\u0000"}}',
    '{"__proto__":{"isAdmin":true}}', '{"network":{"__proto__":{"shared":true}}}', '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"network":{"name":"a","name":"b"}}', '{"port":{"network_id":"a"}} trailing', '[]', '"string"', '1e400', '{"a":' + '['.repeat(10_000),
    '\u0000', '{"network":{"mtu":1e400}}', '{"network":{"mtu":-0}}', '{"port":{"fixed_ips":[{"ip_address":"10.20.0.5"}]', 'true',
  ),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.jsonValue().map((v) => JSON.stringify(v)).chain((s) => fc.nat({ max: Math.max(0, s.length - 1) }).map((cut) => s.slice(0, cut))),
);

export const contentType = fc.constantFrom('application/json', 'application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/xml', '');
