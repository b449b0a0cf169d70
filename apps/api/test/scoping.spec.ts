import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN, NeutronClient, PROJECT_A, PROJECT_B, expectNeutronError, ids, newPlatform, type Json } from './support/neutron-client.js';

const platform = newPlatform();
let a: NeutronClient;
let b: NeutronClient;
let admin: NeutronClient;
/** Project A's private resources. */
let own: { network: Json; subnet: Json; port: Json; subnetpool: Json };
/** A network the admin shares with everyone, with a subnet. */
let shared: { network: Json; subnet: Json };

beforeAll(async () => {
  await platform.start();
  a = new NeutronClient(platform, PROJECT_A);
  b = a.as(PROJECT_B);
  admin = a.as(ADMIN);
  const { network, subnet } = await a.networkWithSubnet('10.1.0.0/24');
  const port = await a.create('ports', { network_id: network.id });
  const subnetpool = await a.create('subnetpools', { name: 'a-pool', prefixes: ['10.200.0.0/16'] });
  own = { network, subnet, port, subnetpool };
  shared = await admin.networkWithSubnet('10.2.0.0/24', {}, { shared: true, name: 'shared-net' });
}, 60000);
afterAll(async () => { await platform.stop(); });

const NOT_FOUND: Record<string, string> = { networks: 'NetworkNotFound', subnets: 'SubnetNotFound', ports: 'PortNotFound', subnetpools: 'SubnetPoolNotFound' };
const resources = () => Object.entries({ networks: own.network, subnets: own.subnet, ports: own.port, subnetpools: own.subnetpool });

describe('another project\'s resources', () => {
  it('are 404 for show, update and delete, exactly as if they did not exist', async () => {
    for (const [collection, resource] of resources()) {
      const member = collection === 'subnetpools' ? 'subnetpool' : collection.replace(/s$/, '');
      expectNeutronError(await b.call('GET', `/v2.0/${collection}/${resource.id}`), 404, NOT_FOUND[collection]!);
      expectNeutronError(await b.call('PUT', `/v2.0/${collection}/${resource.id}`, { [member]: { name: 'stolen' } }), 404, NOT_FOUND[collection]!);
      expectNeutronError(await b.call('DELETE', `/v2.0/${collection}/${resource.id}`), 404, NOT_FOUND[collection]!);
      expect((await a.show(collection, resource.id)).name).toBe(resource.name);
    }
  });

  it('are 404 through the tags sub-resource too', async () => {
    expectNeutronError(await b.call('GET', `/v2.0/networks/${own.network.id}/tags`), 404, 'NetworkNotFound');
    expectNeutronError(await b.call('PUT', `/v2.0/networks/${own.network.id}/tags/mine`), 404, 'NetworkNotFound');
    expectNeutronError(await b.call('PUT', `/v2.0/ports/${own.port.id}/tags`, { tags: ['x'] }), 404, 'PortNotFound');
    expect((await a.show('networks', own.network.id)).tags).toEqual([]);
  });

  it('never appear in lists, not even when filtered by id', async () => {
    for (const [collection, resource] of resources()) {
      expect(ids(await b.list(collection))).not.toContain(resource.id);
      expect(await b.list(collection, { id: resource.id })).toEqual([]);
    }
  });

  it('cannot be built on: a port or subnet on another project\'s network is 404 NetworkNotFound', async () => {
    expectNeutronError(await b.call('POST', '/v2.0/ports', { port: { network_id: own.network.id } }), 404, 'NetworkNotFound');
    expectNeutronError(await b.call('POST', '/v2.0/subnets', { subnet: { network_id: own.network.id, cidr: '10.3.0.0/24', ip_version: 4 } }), 404, 'NetworkNotFound');
    expect(ids(await a.list('ports', { network_id: own.network.id }))).toEqual([own.port.id]);
  });

  it('cannot be claimed by naming another project_id unless the caller is an admin', async () => {
    expectNeutronError(await b.call('POST', '/v2.0/networks', { network: { name: 'for-a', project_id: 'project-a' } }), 403, 'PolicyNotAuthorized');
    const mine = await b.create('networks', { name: 'for-b', project_id: 'project-b' });
    expect(mine).toMatchObject({ project_id: 'project-b', tenant_id: 'project-b' });
    const given = await admin.create('networks', { name: 'for-a-by-admin', tenant_id: 'project-a' });
    expect(given).toMatchObject({ project_id: 'project-a', tenant_id: 'project-a' });
    expect(ids(await a.list('networks'))).toContain(given.id);
    expect(ids(await b.list('networks'))).not.toContain(given.id);
  });
});

describe('an admin', () => {
  it('sees every project\'s resources in lists and can filter them by project', async () => {
    for (const [collection, resource] of resources()) expect(ids(await admin.list(collection))).toContain(resource.id);
    const bNet = await b.create('networks', { name: 'b-net' });
    const projectB = await admin.list('networks', { project_id: 'project-b' });
    expect(ids(projectB)).toContain(bNet.id);
    expect(projectB.every((n: Json) => n.project_id === 'project-b')).toBe(true);
    expect(ids(await admin.list('networks', { tenant_id: 'project-a' }))).toContain(own.network.id);
  });

  it('shows, updates and deletes another project\'s resources', async () => {
    const net = await a.create('networks', { name: 'admin-target' });
    expect((await admin.show('networks', net.id)).project_id).toBe('project-a');
    expect((await admin.update('networks', net.id, { name: 'renamed-by-admin' })).name).toBe('renamed-by-admin');
    await admin.remove('networks', net.id);
    expectNeutronError(await a.call('GET', `/v2.0/networks/${net.id}`), 404, 'NetworkNotFound');
  });
});

describe('a shared network', () => {
  it('is visible to every project, in lists and by id', async () => {
    expect(ids(await b.list('networks'))).toContain(shared.network.id);
    expect((await b.show('networks', shared.network.id)).shared).toBe(true);
    expect(ids(await b.list('networks', { shared: true }))).toContain(shared.network.id);
  });

  it('shows its subnets to every project, as Neutron does', async () => {
    expect(ids(await b.list('subnets'))).toContain(shared.subnet.id);
    expect((await b.show('subnets', shared.subnet.id)).cidr).toBe('10.2.0.0/24');
  });

  it('takes ports from any project, which own them', async () => {
    const port = await b.create('ports', { network_id: shared.network.id });
    expect(port).toMatchObject({ project_id: 'project-b', network_id: shared.network.id });
    expect(port.fixed_ips[0].subnet_id).toBe(shared.subnet.id);
    expect(ids(await b.list('ports'))).toContain(port.id);
    expect(ids(await a.list('ports'))).not.toContain(port.id);
    await b.remove('ports', port.id);
  });

  it('shows the network\'s owner every port on it, which the owner may delete but not change', async () => {
    const owner = a.as({ project: 'admin-project', roles: 'member' });
    const port = await b.create('ports', { network_id: shared.network.id, name: 'b-on-admin-net' });
    expect(ids(await owner.list('ports', { network_id: shared.network.id }))).toContain(port.id);
    expect((await owner.show('ports', port.id)).project_id).toBe('project-b');
    expectNeutronError(await owner.call('PUT', `/v2.0/ports/${port.id}`, { port: { name: 'taken over' } }), 403, 'PolicyNotAuthorized');
    await owner.remove('ports', port.id);
    expectNeutronError(await b.call('GET', `/v2.0/ports/${port.id}`), 404, 'PortNotFound');
  });

  it('lets only its owner pick addresses, change or delete it, or add subnets (403 for others)', async () => {
    expectNeutronError(await b.call('POST', '/v2.0/ports', { port: { network_id: shared.network.id, fixed_ips: [{ ip_address: '10.2.0.50' }] } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await b.call('PUT', `/v2.0/networks/${shared.network.id}`, { network: { name: 'mine now' } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await b.call('DELETE', `/v2.0/networks/${shared.network.id}`), 403, 'PolicyNotAuthorized');
    expectNeutronError(await b.call('POST', '/v2.0/subnets', { subnet: { network_id: shared.network.id, cidr: '10.4.0.0/24', ip_version: 4 } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await b.call('PUT', `/v2.0/subnets/${shared.subnet.id}`, { subnet: { name: 'mine now' } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await b.call('DELETE', `/v2.0/subnets/${shared.subnet.id}`), 403, 'PolicyNotAuthorized');
    expect((await admin.show('networks', shared.network.id)).name).toBe('shared-net');
    expect((await admin.show('subnets', shared.subnet.id)).name).toBe('');
  });
});

describe('unsharing a network', () => {
  it('answers 409 InvalidSharedSetting while another project uses it, and unshares it once they are gone', async () => {
    const { network } = await admin.networkWithSubnet('10.6.0.0/24', {}, { shared: true, name: 'to-unshare' });
    const port = await b.create('ports', { network_id: network.id });
    expectNeutronError(await admin.call('PUT', `/v2.0/networks/${network.id}`, { network: { shared: false } }), 409, 'InvalidSharedSetting');
    expect((await b.show('networks', network.id)).shared).toBe(true);
    await b.remove('ports', port.id);
    expect((await admin.update('networks', network.id, { shared: false })).shared).toBe(false);
    expectNeutronError(await b.call('GET', `/v2.0/networks/${network.id}`), 404, 'NetworkNotFound');
  });
});

describe('an external network that is not shared', () => {
  it('is visible to every project, but its subnets are not, and it takes no ports from them', async () => {
    const { network, subnet } = await admin.networkWithSubnet('10.5.0.0/24', {}, { 'router:external': true, name: 'public' });
    expect(ids(await b.list('networks'))).toContain(network.id);
    expect(ids(await b.list('subnets'))).not.toContain(subnet.id);
    expectNeutronError(await b.call('GET', `/v2.0/subnets/${subnet.id}`), 404, 'SubnetNotFound');
    expectNeutronError(await b.call('POST', '/v2.0/ports', { port: { network_id: network.id } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await b.call('PUT', `/v2.0/networks/${network.id}`, { network: { name: 'mine' } }), 403, 'PolicyNotAuthorized');
  });
});

describe('admin-only attributes', () => {
  it('are hidden from members in shows, lists and create/update answers', async () => {
    for (const attr of ['provider:network_type', 'provider:physical_network', 'provider:segmentation_id']) {
      expect(await a.show('networks', own.network.id)).not.toHaveProperty(attr);
      expect((await a.list('networks', { id: own.network.id }))[0]).not.toHaveProperty(attr);
      expect(await a.update('networks', own.network.id, { description: 'touched' })).not.toHaveProperty(attr);
      expect(await admin.show('networks', own.network.id)).toHaveProperty(attr);
    }
    for (const attr of ['binding:host_id', 'binding:profile', 'binding:vif_type', 'binding:vif_details']) {
      expect(await a.show('ports', own.port.id)).not.toHaveProperty(attr);
      expect(await admin.show('ports', own.port.id)).toHaveProperty(attr);
    }
  });

  it('cannot be asked for with fields, filtered or sorted on by members', async () => {
    expect(await a.show('networks', own.network.id, 'fields=id&fields=provider:network_type')).toEqual({ id: own.network.id });
    expectNeutronError(await a.call('GET', '/v2.0/networks?provider:network_type=vxlan'), 400, 'HTTPBadRequest');
    expect((await a.call('GET', '/v2.0/ports?sort_key=binding:host_id&sort_dir=asc')).status).toBe(400);
    expect((await admin.list('networks', { 'provider:network_type': 'vxlan', id: own.network.id })).length).toBe(1);
  });

  it('answer 403 PolicyNotAuthorized when a member sets them, changing nothing', async () => {
    expectNeutronError(await a.call('POST', '/v2.0/ports', { port: { network_id: own.network.id, 'binding:host_id': 'compute-9' } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await a.call('PUT', `/v2.0/ports/${own.port.id}`, { port: { 'binding:host_id': 'compute-9' } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await a.call('PUT', `/v2.0/ports/${own.port.id}`, { port: { 'binding:profile': { a: 1 } } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await a.call('PUT', `/v2.0/networks/${own.network.id}`, { network: { 'provider:segmentation_id': 5 } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await a.call('PUT', `/v2.0/networks/${own.network.id}`, { network: { shared: true } }), 403, 'PolicyNotAuthorized');
    expect((await admin.show('ports', own.port.id))['binding:host_id']).toBe('');
    expect((await admin.show('networks', own.network.id)).shared).toBe(false);
    expect(ids(await a.list('ports', { network_id: own.network.id }))).toEqual([own.port.id]);
  });

  it('are settable by an admin', async () => {
    const updated = await admin.update('ports', own.port.id, { 'binding:host_id': 'compute-1' });
    expect(updated['binding:host_id']).toBe('compute-1');
    expect(await a.show('ports', own.port.id)).not.toHaveProperty('binding:host_id');
  });
});
