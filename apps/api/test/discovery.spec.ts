import { beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN, NeutronClient, PROJECT_A, expectNeutronError, expectStatus, ids, platformForThisFile, type Json } from './support/neutron-client.js';

const platform = platformForThisFile();
const api = new NeutronClient(platform, PROJECT_A);
const admin = api.as(ADMIN);

/** GET without any identity headers, as discovery clients do. */
async function anonymous(path: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${platform.apiUrl}${path}`);
  return { status: res.status, body: JSON.parse(await res.text()) };
}

let cidrCounter = 0;
const freshNetwork = () => api.networkWithSubnet(`10.${100 + cidrCounter++}.0.0/24`);

/**
 * For every extension alias the API lists, a request that only works if the extension is really
 * there. The list of aliases must be exactly these keys: an alias without a probe is an alias that
 * nobody checked, and a probe without an alias is a feature we do not advertise.
 */
/** A router with a gateway and an interface, and a floating IP on a port behind it (built once, for the L3 probes). */
let l3Scene: Promise<{ router: Json; fip: Json }> | undefined;
const l3 = () => (l3Scene ??= (async () => {
  const ext = await admin.create('networks', { name: 'probe-public', 'router:external': true });
  await admin.create('subnets', { network_id: ext.id, cidr: '203.0.113.0/28', ip_version: 4 });
  const { network, subnet } = await api.networkWithSubnet('198.51.100.128/28');
  const router = await api.create('routers', { name: 'probe', external_gateway_info: { network_id: ext.id } });
  expectStatus(await api.call('PUT', `/v2.0/routers/${router.id}/add_router_interface`, { subnet_id: subnet.id }), 200);
  const vm = await api.create('ports', { network_id: network.id });
  const fip = await api.create('floatingips', { floating_network_id: ext.id, port_id: vm.id });
  return { router, fip };
})());

const PROBES: Record<string, () => Promise<void>> = {
  'router': async () => {
    const { router, fip } = await l3();
    expect(ids(await api.list('routers'))).toContain(router.id);
    expect(fip.router_id).toBe(router.id);
  },
  'ext-gw-mode': async () => {
    expect((await l3()).router.external_gateway_info.enable_snat).toBe(true);
  },
  'l3-ext-gw-mode': async () => {
    expect((await l3()).router.external_gateway_info.external_fixed_ips).toHaveLength(1);
  },
  'extraroute': async () => {
    expect((await api.update('routers', (await l3()).router.id, { routes: [] })).routes).toEqual([]);
  },
  'dvr': async () => {
    expect((await admin.show('routers', (await l3()).router.id)).distributed).toBe(false);
    expectNeutronError(await admin.call('POST', '/v2.0/routers', { router: { distributed: true } }), 400, 'HTTPBadRequest');
  },
  'l3-ha': async () => {
    expect((await admin.show('routers', (await l3()).router.id)).ha).toBe(false);
  },
  'router_availability_zone': async () => {
    expect((await l3()).router).toMatchObject({ availability_zone_hints: [], availability_zones: [] });
  },
  'l3_agent_scheduler': async () => {
    // No L3 agent runs beside this platform: the router is not hosted anywhere yet.
    expect((await admin.call('GET', `/v2.0/routers/${(await l3()).router.id}/l3-agents`)).body).toEqual({ agents: [] });
  },
  'fip-port-details': async () => {
    expect((await l3()).fip.port_details).toMatchObject({ status: 'DOWN', device_owner: '' });
  },
  'quotas': async () => {
    expect((await admin.call('GET', '/v2.0/quotas/project-a')).body.quota).toMatchObject({ network: 100, port: 500 });
  },
  'quota_details': async () => {
    expect((await api.call('GET', '/v2.0/quotas/project-a/details')).body.quota.network).toEqual({ used: expect.any(Number), limit: 100, reserved: 0 });
  },
  'agent': async () => {
    // No agent runs beside this platform; the collection answers, empty (agents.spec.ts has them).
    expect(await admin.list('agents')).toEqual([]);
  },
  'rbac-policies': async () => {
    const net = await api.create('networks', { name: 'rbac-probe' });
    const policy = await api.create('rbac-policies', { object_type: 'network', object_id: net.id, action: 'access_as_shared', target_tenant: 'project-b' });
    expect(ids(await api.as({ project: 'project-b', roles: 'member' }).list('networks'))).toContain(net.id);
    expect(ids(await api.list('rbac-policies'))).toContain(policy.id);
  },
  'allowed-address-pairs': async () => {
    const { network } = await freshNetwork();
    const port = await api.create('ports', { network_id: network.id, allowed_address_pairs: [{ ip_address: '192.0.2.10' }] });
    expect(port.allowed_address_pairs).toEqual([{ ip_address: '192.0.2.10', mac_address: port.mac_address }]);
  },
  'binding': async () => {
    const { network } = await freshNetwork();
    const port = await admin.create('ports', { network_id: network.id, 'binding:host_id': 'compute-7', 'binding:vnic_type': 'direct' });
    expect(port).toMatchObject({ 'binding:host_id': 'compute-7', 'binding:vnic_type': 'direct', 'binding:vif_type': 'unbound', 'binding:profile': {}, 'binding:vif_details': {} });
  },
  'default-subnetpools': async () => {
    const pool = await admin.create('subnetpools', { name: 'default-v6', prefixes: ['2001:db8:d000::/40'], is_default: true, shared: true });
    const net = await api.create('networks', { name: 'uses-default-pool' });
    const subnet = await api.create('subnets', { network_id: net.id, ip_version: 6, use_default_subnetpool: true });
    expect(subnet).toMatchObject({ subnetpool_id: pool.id, cidr: '2001:db8:d000::/64' });
  },
  'empty-string-filtering': async () => {
    const { network } = await freshNetwork();
    const unnamed = await api.create('ports', { network_id: network.id });
    await api.create('ports', { network_id: network.id, name: 'named' });
    expect(ids(await api.list('ports', { network_id: network.id, name: '' }))).toEqual([unnamed.id]);
  },
  'external-net': async () => {
    const ext = await admin.create('networks', { name: 'ext', 'router:external': true });
    expect(ext['router:external']).toBe(true);
    expect(ids(await api.list('networks', { 'router:external': true }))).toContain(ext.id);
  },
  'extra_dhcp_opt': async () => {
    const { network } = await freshNetwork();
    const port = await api.create('ports', { network_id: network.id, extra_dhcp_opts: [{ opt_name: 'domain-search', opt_value: 'example.org' }] });
    expect(port.extra_dhcp_opts).toEqual([{ opt_name: 'domain-search', opt_value: 'example.org', ip_version: 4 }]);
  },
  'filter-validation': async () => {
    expectNeutronError(await api.call('GET', '/v2.0/ports?no_such_attribute=1'), 400, 'HTTPBadRequest');
  },
  'ip-substring-filtering': async () => {
    const { network } = await freshNetwork();
    const port = await api.create('ports', { network_id: network.id });
    const ip = port.fixed_ips[0].ip_address as string;
    expect(ids(await api.list('ports', { fixed_ips: `ip_address_substr=${ip.slice(0, -1)}` }))).toContain(port.id);
  },
  'net-mtu': async () => {
    expect((await api.create('networks', { name: 'mtu' })).mtu).toBe(1450);
  },
  'net-mtu-writable': async () => {
    const net = await api.create('networks', { name: 'mtu-writable', mtu: 1400 });
    expect((await api.update('networks', net.id, { mtu: 1350 })).mtu).toBe(1350);
  },
  'pagination': async () => {
    await api.create('networks', { name: 'page-1' });
    await api.create('networks', { name: 'page-2' });
    const res = await api.call('GET', '/v2.0/networks?limit=1');
    expect(res.body.networks).toHaveLength(1);
    expect(res.body.networks_links[0].rel).toBe('next');
  },
  'port-security': async () => {
    const { network } = await freshNetwork();
    expect((await api.create('ports', { network_id: network.id, port_security_enabled: false })).port_security_enabled).toBe(false);
  },
  'project-id': async () => {
    const net = await api.create('networks', { name: 'project-id' });
    expect(net).toMatchObject({ project_id: 'project-a', tenant_id: 'project-a' });
    expect(ids(await api.list('networks', { project_id: 'project-a' }))).toContain(net.id);
  },
  'provider': async () => {
    const net = await admin.create('networks', { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 3000 });
    expect(net).toMatchObject({ 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 3000 });
  },
  'revision-if-match': async () => {
    const net = await api.create('networks', { name: 'if-match' });
    const res = await api.call('PUT', `/v2.0/networks/${net.id}`, { network: { name: 'x' } }, { 'If-Match': 'revision_number=9' });
    expectNeutronError(res, 412, 'RevisionNumberConstraintFailed');
  },
  'sort-key-validation': async () => {
    expectStatus(await api.call('GET', '/v2.0/networks?sort_key=no_such_key&sort_dir=asc'), 400);
  },
  'sorting': async () => {
    await api.create('networks', { name: 'zzz-sorted' });
    const desc = await api.list('networks', { sort_key: 'name', sort_dir: 'desc' });
    expect(desc[0].name).toBe('zzz-sorted');
  },
  'standard-attr-description': async () => {
    const { network, subnet } = await freshNetwork();
    for (const [collection, id] of [['networks', network.id], ['subnets', subnet.id]]) {
      expect((await api.update(collection!, id, { description: 'described' })).description).toBe('described');
    }
  },
  'standard-attr-revisions': async () => {
    const net = await api.create('networks', { name: 'rev' });
    expect((await api.update('networks', net.id, { name: 'rev-2' })).revision_number).toBe(net.revision_number + 1);
  },
  'standard-attr-tag': async () => {
    const net = await api.create('networks', { name: 'tag' });
    expectStatus(await api.call('PUT', `/v2.0/networks/${net.id}/tags/probe`), 201);
    expect(ids(await api.list('networks', { tags: 'probe' }))).toEqual([net.id]);
  },
  'standard-attr-timestamp': async () => {
    const net = await api.create('networks', { name: 'timestamps' });
    expect(net.created_at).toMatch(/Z$/);
    expect(ids(await api.list('networks', { changed_since: net.updated_at }))).toContain(net.id);
  },
  'subnet-service-types': async () => {
    const net = await api.create('networks', { name: 'service-types' });
    const vms = await api.create('subnets', { network_id: net.id, cidr: '10.250.0.0/24', ip_version: 4, service_types: ['compute:nova'] });
    expect(vms.service_types).toEqual(['compute:nova']);
    const vmPort = await api.create('ports', { network_id: net.id, device_owner: 'compute:nova' });
    expect(vmPort.fixed_ips[0].subnet_id).toBe(vms.id);
    expectNeutronError(await api.call('POST', '/v2.0/ports', { port: { network_id: net.id, device_owner: 'network:dhcp' } }), 409, 'IpAddressGenerationFailureNoMatchingSubnet');
  },
  'subnet_allocation': async () => {
    const pool = await api.create('subnetpools', { name: 'probe-pool', prefixes: ['10.251.0.0/16'], default_prefixlen: 24 });
    const net = await api.create('networks', { name: 'pool-probe' });
    expect((await api.create('subnets', { network_id: net.id, ip_version: 4, subnetpool_id: pool.id })).cidr).toBe('10.251.0.0/24');
  },
  'uplink-status-propagation': async () => {
    const { network } = await freshNetwork();
    expect((await api.create('ports', { network_id: network.id, propagate_uplink_status: true })).propagate_uplink_status).toBe(true);
  },
};

describe('version discovery', () => {
  it('answers GET / with the v2.0 version document, without authentication', async () => {
    const res = await anonymous('/');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ rel: 'self', href: `${platform.apiUrl}/v2.0/` }] }] });
  });

  it('answers GET /v2.0 with the collections it serves', async () => {
    const res = await anonymous('/v2.0');
    expect(res.status).toBe(200);
    const collections = res.body.resources.map((r: Json) => r.collection).sort();
    expect(collections).toEqual(['networks', 'ports', 'subnetpools', 'subnets']);
    const networks = res.body.resources.find((r: Json) => r.collection === 'networks');
    expect(networks).toEqual({ name: 'network', collection: 'networks', links: [{ rel: 'self', href: `${platform.apiUrl}/v2.0/networks` }] });
  });
});

describe('extensions', () => {
  let listed: Json[];
  beforeAll(async () => {
    const res = await anonymous('/v2.0/extensions');
    expect(res.status).toBe(200);
    listed = res.body.extensions;
  });

  it('lists exactly the extensions that are implemented, each described as Neutron describes one', async () => {
    expect(listed.map((e) => e.alias).sort()).toEqual(Object.keys(PROBES).sort());
    for (const ext of listed) {
      expect(Object.keys(ext).sort()).toEqual(['alias', 'description', 'links', 'name', 'updated']);
      expect(ext.name.length).toBeGreaterThan(0);
      expect(ext.description.length).toBeGreaterThan(0);
    }
  });

  it('shows one extension by alias and answers 404 for an alias it does not have', async () => {
    const one = await anonymous('/v2.0/extensions/external-net');
    expect(one.status).toBe(200);
    expect(one.body.extension).toEqual(listed.find((e) => e.alias === 'external-net'));
    expect((await anonymous('/v2.0/extensions/security-group')).status).toBe(404);
  });

  it.each(Object.keys(PROBES).sort())('honours %s', async (alias) => {
    await PROBES[alias]!();
  });
});

/** Every `$ref` of a document as a JSON pointer that does not resolve in it. */
function unresolvedRefs(doc: Json): string[] {
  const refs: string[] = [];
  const walk = (node: Json) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') refs.push(value);
        else walk(value);
      }
    }
  };
  walk(doc);
  return refs.filter((ref) => {
    if (!ref.startsWith('#/')) return true;
    let node: Json = doc;
    for (const part of ref.slice(2).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))) {
      node = node?.[part];
      if (node === undefined) return true;
    }
    return false;
  });
}

describe('machine-readable contracts', () => {
  it('serves /openapi.json: valid OpenAPI with every collection and its schemas', async () => {
    const res = await anonymous('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toMatch(/^3\./);
    for (const collection of ['networks', 'subnets', 'subnetpools', 'ports']) {
      expect(res.body.paths[`/v2.0/${collection}`]).toHaveProperty('get');
      expect(res.body.paths[`/v2.0/${collection}`]).toHaveProperty('post');
      expect(res.body.paths[`/v2.0/${collection}/{id}`]).toHaveProperty('put');
      expect(res.body.paths[`/v2.0/${collection}/{id}`]).toHaveProperty('delete');
    }
    expect(Object.keys(res.body.components.schemas.Network.properties)).toEqual(expect.arrayContaining(['id', 'name', 'mtu', 'provider:network_type']));
    expect(res.body.components.schemas.PortCreate.properties).toHaveProperty('fixed_ips');
    expect(res.body.components.schemas.PortCreate.properties).not.toHaveProperty('status');
    expect(res.body.components.schemas).toHaveProperty('NeutronError');
    expect(unresolvedRefs(res.body)).toEqual([]);
  });

  it('serves /asyncapi.json: valid AsyncAPI with a channel per IPAM event', async () => {
    const res = await anonymous('/asyncapi.json');
    expect(res.status).toBe(200);
    expect(res.body.asyncapi).toMatch(/^3\./);
    const addresses = Object.values(res.body.channels).map((c: Json) => c.address);
    for (const type of ['network.created', 'network.updated', 'network.deleted', 'subnet.created', 'subnetpool.deleted', 'port.created', 'port.status_changed']) {
      expect(addresses).toContain(`muon.evt.ipam.${type}`);
    }
    const portCreated = Object.values(res.body.components.messages).find((m: Json) => m.name === 'ipam.port.created') as Json;
    expect(portCreated.payload.properties.data.properties.port.properties).toHaveProperty('fixed_ips');
    expect(unresolvedRefs(res.body)).toEqual([]);
  });
});
