import { describe, expect, it } from '@jest/globals';
import { ADMIN, NeutronClient, PROJECT_A, PROJECT_B, expectNeutronError, ids, platformForThisFile, type Json } from './support/neutron-client.js';

const platform = platformForThisFile();
const api = new NeutronClient(platform, PROJECT_A);
const admin = api.as(ADMIN);

const postPool = (subnetpool: Record<string, unknown>, client = api) => client.call('POST', '/v2.0/subnetpools', { subnetpool });
const subnetFrom = (network: Json, pool: Json, extra: Record<string, unknown> = {}) =>
  api.call('POST', '/v2.0/subnets', { subnet: { network_id: network.id, subnetpool_id: pool.id, ip_version: pool.ip_version, ...extra } });

describe('creating a subnet pool', () => {
  it('derives the IP version, compacts the prefixes and fills Neutron\'s prefix-length defaults', async () => {
    const pool = await api.create('subnetpools', { name: 'compact', prefixes: ['10.50.1.0/24', '10.50.0.0/24'] });
    expect(pool).toMatchObject({
      name: 'compact', ip_version: 4, prefixes: ['10.50.0.0/23'], min_prefixlen: 8, max_prefixlen: 32, default_prefixlen: 8,
      shared: false, is_default: false, address_scope_id: null, default_quota: null, description: '', tags: [], revision_number: 1,
      project_id: 'project-a', tenant_id: 'project-a',
    });
    const v6 = await api.create('subnetpools', { name: 'v6', prefixes: ['2001:db8:5000::/48'] });
    expect(v6).toMatchObject({ ip_version: 6, min_prefixlen: 64, max_prefixlen: 128, default_prefixlen: 64 });
  });

  it('refuses an empty name, no prefixes, mixed IP versions and impossible bounds', async () => {
    expect((await postPool({ name: '', prefixes: ['10.51.0.0/16'] })).status).toBe(400);
    expect((await postPool({ name: 'no-prefixes', prefixes: [] })).status).toBe(400);
    expectNeutronError(await postPool({ name: 'mixed', prefixes: ['10.51.0.0/16', '2001:db8::/48'] }), 400, 'PrefixVersionMismatch');
    expectNeutronError(await postPool({ name: 'bounds', prefixes: ['10.51.0.0/16'], min_prefixlen: 28, max_prefixlen: 24 }), 400, 'IllegalSubnetPoolPrefixBounds');
    expectNeutronError(await postPool({ name: 'default-out', prefixes: ['10.51.0.0/16'], min_prefixlen: 20, default_prefixlen: 16 }), 400, 'IllegalSubnetPoolPrefixBounds');
    expect(await api.list('subnetpools', { name: ['mixed', 'bounds', 'default-out', 'no-prefixes'] })).toEqual([]);
  });

  it('lets only an admin make a pool shared or default', async () => {
    expectNeutronError(await postPool({ name: 'member-shared', prefixes: ['10.52.0.0/16'], shared: true }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await postPool({ name: 'member-default', prefixes: ['10.52.0.0/16'], is_default: true }), 403, 'PolicyNotAuthorized');
  });
});

describe('allocating subnets from a pool', () => {
  it('gives a subnet the pool\'s default prefix length, then the next free block', async () => {
    const pool = await api.create('subnetpools', { name: 'alloc', prefixes: ['10.60.0.0/16'], default_prefixlen: 26 });
    const net = await api.create('networks', { name: 'from-pool' });
    const first = (await subnetFrom(net, pool)).body.subnet;
    const second = (await subnetFrom(net, pool)).body.subnet;
    expect(first).toMatchObject({ cidr: '10.60.0.0/26', subnetpool_id: pool.id, gateway_ip: '10.60.0.1', allocation_pools: [{ start: '10.60.0.2', end: '10.60.0.62' }] });
    expect(second).toMatchObject({ cidr: '10.60.0.64/26', subnetpool_id: pool.id });
  });

  it('honours prefixlen, and a specific free CIDR inside the pool', async () => {
    const pool = await api.create('subnetpools', { name: 'sized', prefixes: ['10.61.0.0/16'], min_prefixlen: 20, max_prefixlen: 28, default_prefixlen: 24 });
    const net = await api.create('networks', { name: 'sized-net' });
    const s22 = await subnetFrom(net, pool, { prefixlen: 22 });
    expect(s22.status).toBe(201);
    expect(s22.body.subnet.cidr).toBe('10.61.0.0/22');
    const specific = await subnetFrom(net, pool, { cidr: '10.61.128.0/24' });
    expect(specific.status).toBe(201);
    expect(specific.body.subnet).toMatchObject({ cidr: '10.61.128.0/24', subnetpool_id: pool.id });
  });

  it('refuses prefix lengths outside the pool\'s bounds with 400', async () => {
    const pool = await api.create('subnetpools', { name: 'bounded', prefixes: ['10.62.0.0/16'], min_prefixlen: 20, max_prefixlen: 28, default_prefixlen: 24 });
    const net = await api.create('networks', { name: 'bounded-net' });
    expectNeutronError(await subnetFrom(net, pool, { prefixlen: 29 }), 400, 'MaxPrefixSubnetAllocationError');
    expectNeutronError(await subnetFrom(net, pool, { prefixlen: 19 }), 400, 'MinPrefixSubnetAllocationError');
    expect(await api.list('subnets', { network_id: net.id })).toEqual([]);
  });

  it('refuses a CIDR that is taken or outside the pool, and says so when the pool is exhausted', async () => {
    const pool = await api.create('subnetpools', { name: 'small', prefixes: ['10.63.0.0/24'], default_prefixlen: 25, min_prefixlen: 24 });
    const net = await api.create('networks', { name: 'small-net' });
    expect((await subnetFrom(net, pool)).body.subnet.cidr).toBe('10.63.0.0/25');
    const other = await api.create('networks', { name: 'small-net-2' });
    expectNeutronError(await subnetFrom(other, pool, { cidr: '10.63.0.0/25' }), 409, 'SubnetAllocationError');
    expectNeutronError(await subnetFrom(other, pool, { cidr: '10.64.0.0/25' }), 409, 'SubnetAllocationError');
    expect((await subnetFrom(other, pool)).body.subnet.cidr).toBe('10.63.0.128/25');
    expectNeutronError(await subnetFrom(other, pool, { cidr: null }), 409, 'SubnetAllocationError');
  });

  it('refuses an IPv4 subnet from an IPv6 pool', async () => {
    const pool = await api.create('subnetpools', { name: 'v6-only', prefixes: ['2001:db8:6500::/48'] });
    const net = await api.create('networks', { name: 'v6-only-net' });
    expect((await subnetFrom(net, pool, { ip_version: 4 })).status).toBe(400);
    expect((await subnetFrom(net, pool)).body.subnet.cidr).toBe('2001:db8:6500::/64');
  });

  it('allocates from the default pool with use_default_subnetpool', async () => {
    const pool = await admin.create('subnetpools', { name: 'default-v4', prefixes: ['10.70.0.0/16'], default_prefixlen: 24, is_default: true, shared: true });
    expect(pool).toMatchObject({ is_default: true, shared: true });
    expectNeutronError(await postPool({ name: 'second-default', prefixes: ['10.71.0.0/16'], is_default: true }, admin), 400, 'InvalidInput');
    const net = await api.create('networks', { name: 'default-pool-net' });
    const subnet = await api.create('subnets', { network_id: net.id, ip_version: 4, use_default_subnetpool: true });
    expect(subnet).toMatchObject({ cidr: '10.70.0.0/24', subnetpool_id: pool.id });
    expect(subnet).not.toHaveProperty('use_default_subnetpool');
  });
});

describe('changing and deleting a pool', () => {
  it('grows its prefixes but never drops address space', async () => {
    const pool = await api.create('subnetpools', { name: 'grow', prefixes: ['10.80.0.0/24'] });
    expect((await api.update('subnetpools', pool.id, { prefixes: ['10.80.0.0/24', '10.80.1.0/24'] })).prefixes).toEqual(['10.80.0.0/23']);
    expectNeutronError(await api.call('PUT', `/v2.0/subnetpools/${pool.id}`, { subnetpool: { prefixes: ['10.80.0.0/24'] } }), 400, 'IllegalSubnetPoolPrefixUpdate');
    expect((await api.show('subnetpools', pool.id)).prefixes).toEqual(['10.80.0.0/23']);
  });

  it('answers 400 SubnetPoolDeleteError while subnets use it, and deletes it afterwards', async () => {
    const pool = await api.create('subnetpools', { name: 'busy', prefixes: ['10.81.0.0/16'], default_prefixlen: 24 });
    const net = await api.create('networks', { name: 'busy-net' });
    const subnet = (await subnetFrom(net, pool)).body.subnet;
    expectNeutronError(await api.call('DELETE', `/v2.0/subnetpools/${pool.id}`), 400, 'SubnetPoolDeleteError');
    await api.remove('subnets', subnet.id);
    await api.remove('subnetpools', pool.id);
    expectNeutronError(await api.call('GET', `/v2.0/subnetpools/${pool.id}`), 404, 'SubnetPoolNotFound');
  });
});

describe('who sees a pool', () => {
  it('shows a shared pool to every project and a private one only to its own', async () => {
    const shared = await admin.create('subnetpools', { name: 'everyone', prefixes: ['10.90.0.0/16'], shared: true });
    const own = await api.create('subnetpools', { name: 'mine', prefixes: ['10.91.0.0/16'] });
    const seen = ids(await api.as(PROJECT_B).list('subnetpools'));
    expect(seen).toContain(shared.id);
    expect(seen).not.toContain(own.id);
    expectNeutronError(await api.as(PROJECT_B).call('GET', `/v2.0/subnetpools/${own.id}`), 404, 'SubnetPoolNotFound');
  });

  it('lets another project allocate from a shared pool but not from a private one', async () => {
    const shared = await admin.create('subnetpools', { name: 'for-all', prefixes: ['10.92.0.0/16'], default_prefixlen: 24, shared: true });
    const own = await api.create('subnetpools', { name: 'a-only', prefixes: ['10.93.0.0/16'], default_prefixlen: 24 });
    const b = api.as(PROJECT_B);
    const net = await b.create('networks', { name: 'b-net' });
    expectNeutronError(await b.call('POST', '/v2.0/subnets', { subnet: { network_id: net.id, subnetpool_id: own.id, ip_version: 4 } }), 404, 'SubnetPoolNotFound');
    expect(await b.list('subnets', { network_id: net.id })).toEqual([]);
    const subnet = await b.create('subnets', { network_id: net.id, subnetpool_id: shared.id, ip_version: 4 });
    expect(subnet).toMatchObject({ cidr: '10.92.0.0/24', subnetpool_id: shared.id, project_id: 'project-b' });
  });
});
