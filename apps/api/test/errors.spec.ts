import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN, NeutronClient, PROJECT_A, expectNeutronError, expectStatus, newPlatform, type Json } from './support/neutron-client.js';

const platform = newPlatform();
let api: NeutronClient;
let network: Json;
let subnet: Json;
let port: Json;

beforeAll(async () => {
  await platform.start();
  api = new NeutronClient(platform, PROJECT_A);
  ({ network, subnet } = await api.networkWithSubnet('10.77.0.0/24', { name: 'errors-subnet' }, { name: 'errors-net' }));
  port = await api.create('ports', { network_id: network.id, name: 'errors-port' });
}, 60000);
afterAll(async () => { await platform.stop(); });

/**
 * Every resource, as an admin's lists show it, by id and revision: a refused request must create,
 * delete and change nothing (any change a user could see bumps revision_number).
 */
async function snapshot(): Promise<Json> {
  const [networks, subnets, ports, subnetpools] = await Promise.all(['networks', 'subnets', 'ports', 'subnetpools']
    .map((c) => api.as(ADMIN).list(c, { fields: ['id', 'revision_number', 'updated_at'], sort_key: 'id', sort_dir: 'asc' })));
  return { networks, subnets, ports, subnetpools };
}

async function expectRefusedAndNothingChanged(send: () => Promise<Json>, status = 400, type?: string): Promise<Json> {
  const before = await snapshot();
  const res = await send();
  expectNeutronError(res, status, type ?? res.body?.NeutronError?.type);
  expect(await snapshot()).toEqual(before);
  return res;
}

describe('malformed requests', () => {
  it('answers 400 with a NeutronError body for malformed JSON', async () => {
    for (const body of ['{"network": {"name": "x"', '{network: 1}', '[1,2', 'nul']) {
      const res = await expectRefusedAndNothingChanged(() => api.call('POST', '/v2.0/networks', body), 400, 'HTTPBadRequest');
      expect(res.body.NeutronError.message).toMatch(/malformed/i);
    }
    await expectRefusedAndNothingChanged(() => api.call('PUT', `/v2.0/networks/${network.id}`, '{"network": '), 400, 'HTTPBadRequest');
  });

  it('answers 400 when the body does not hold the resource', async () => {
    for (const body of [{}, { port: { name: 'x' } }, [], 'null', { network: 'x' }, { network: [] }]) {
      await expectRefusedAndNothingChanged(() => api.call('POST', '/v2.0/networks', body), 400, 'HTTPBadRequest');
    }
    await expectRefusedAndNothingChanged(() => api.call('POST', '/v2.0/networks'), 400, 'HTTPBadRequest');
  });
});

describe('unknown and read-only attributes', () => {
  it('answers 400 for an attribute the resource does not have, naming it', async () => {
    const res = await expectRefusedAndNothingChanged(() => api.call('POST', '/v2.0/networks', { network: { name: 'x', colour: 'red' } }), 400, 'HTTPBadRequest');
    expect(res.body.NeutronError.message).toContain('colour');
    await expectRefusedAndNothingChanged(() => api.call('PUT', `/v2.0/ports/${port.id}`, { port: { colour: 'red' } }), 400, 'HTTPBadRequest');
  });

  it('answers 400 for attributes that cannot be set on create or update', async () => {
    for (const attrs of [{ id: network.id }, { status: 'DOWN' }, { subnets: [] }, { revision_number: 7 }, { created_at: '2020-01-01T00:00:00Z' }]) {
      await expectRefusedAndNothingChanged(() => api.call('POST', '/v2.0/networks', { network: attrs }), 400, 'HTTPBadRequest');
    }
    await expectRefusedAndNothingChanged(() => api.call('PUT', `/v2.0/subnets/${subnet.id}`, { subnet: { cidr: '10.78.0.0/24' } }), 400);
    await expectRefusedAndNothingChanged(() => api.call('PUT', `/v2.0/ports/${port.id}`, { port: { network_id: network.id } }), 400);
    await expectRefusedAndNothingChanged(() => api.call('PUT', `/v2.0/networks/${network.id}`, { network: { tenant_id: 'other' } }), 400);
  });

  it('answers 400 when a required attribute is missing', async () => {
    await expectRefusedAndNothingChanged(() => api.call('POST', '/v2.0/subnets', { subnet: { cidr: '10.79.0.0/24', ip_version: 4 } }), 400);
    await expectRefusedAndNothingChanged(() => api.call('POST', '/v2.0/subnets', { subnet: { network_id: network.id, cidr: '10.79.0.0/24' } }), 400);
    await expectRefusedAndNothingChanged(() => api.call('POST', '/v2.0/ports', { port: {} }), 400);
  });
});

describe('wrong types', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['networks', 'name as a number', { name: 5 }],
    ['networks', 'admin_state_up as a word', { admin_state_up: 'maybe' }],
    ['networks', 'admin_state_up as a number', { admin_state_up: 2 }],
    ['networks', 'mtu as text', { mtu: 'big' }],
    ['networks', 'port_security_enabled as an object', { port_security_enabled: {} }],
    ['ports', 'fixed_ips as an object', { fixed_ips: { ip_address: '10.77.0.9' } }],
    ['ports', 'a fixed IP with an unknown key', { fixed_ips: [{ address: '10.77.0.9' }] }],
    ['ports', 'network_id that is not a UUID', { network_id: 'net-1' }],
    ['ports', 'allowed_address_pairs without ip_address', { allowed_address_pairs: [{ mac_address: 'fa:16:3e:00:00:01' }] }],
    ['subnets', 'ip_version as a word', { ip_version: 'four' }],
    ['subnets', 'dns_nameservers as a string', { dns_nameservers: '8.8.8.8' }],
    ['subnets', 'allocation_pools with a bad address', { allocation_pools: [{ start: '10.77.0.x', end: '10.77.0.9' }] }],
    ['subnets', 'host_routes without nexthop', { host_routes: [{ destination: '10.0.0.0/8' }] }],
  ];
  it.each(cases)('answers 400 for %s: %s', async (collection, _what, attrs) => {
    const base: Record<string, Record<string, unknown>> = {
      networks: { name: 'typed' }, ports: { network_id: network.id }, subnets: { network_id: network.id, cidr: '10.80.0.0/24', ip_version: 4 },
    };
    const member = collection.replace(/s$/, '');
    const res = await expectRefusedAndNothingChanged(() => api.call('POST', `/v2.0/${collection}`, { [member]: { ...base[collection], ...attrs } }), 400);
    expect(res.body.NeutronError.message).toContain(Object.keys(attrs)[0]!);
  });

  it('answers 400 for a wrong type on update and keeps the resource as it was', async () => {
    await expectRefusedAndNothingChanged(() => api.call('PUT', `/v2.0/networks/${network.id}`, { network: { admin_state_up: 'maybe' } }), 400);
    await expectRefusedAndNothingChanged(() => api.call('PUT', `/v2.0/ports/${port.id}`, { port: { fixed_ips: 'all' } }), 400);
  });
});

describe('out-of-range values', () => {
  it('answers 400 for values outside what Neutron accepts, creating nothing', async () => {
    const requests: [string, Record<string, unknown>][] = [
      ['networks', { network: { mtu: 67 } }],
      ['networks', { network: { name: 'x'.repeat(256) } }],
      ['networks', { network: { description: 'x'.repeat(256) } }],
      ['subnets', { subnet: { network_id: network.id, cidr: '10.81.0.0/33', ip_version: 4 } }],
      ['subnets', { subnet: { network_id: network.id, cidr: '10.81.0.0/24', ip_version: 5 } }],
      ['subnets', { subnet: { network_id: network.id, cidr: '300.1.0.0/24', ip_version: 4 } }],
      ['ports', { port: { network_id: network.id, mac_address: 'fa:16:3e:00:00:00:00' } }],
      ['ports', { port: { network_id: network.id, fixed_ips: [{ ip_address: '10.77.0.256' }] } }],
      ['ports', { port: { network_id: network.id, 'binding:vnic_type': 'warp' } }],
    ];
    for (const [collection, body] of requests) {
      await expectRefusedAndNothingChanged(() => api.call('POST', `/v2.0/${collection}`, body), 400);
    }
    const vlan = { network: { 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 4095 } };
    await expectRefusedAndNothingChanged(() => api.as(ADMIN).call('POST', '/v2.0/networks', vlan), 400);
  });

  it('answers 400 for a tag list that is not a list of tags, leaving the tags alone', async () => {
    for (const body of [{ tags: 'red' }, { tags: [1] }, {}, { tags: ['x'.repeat(256)] }]) {
      await expectRefusedAndNothingChanged(() => api.call('PUT', `/v2.0/networks/${network.id}/tags`, body), 400);
    }
  });
});

describe('what is not there', () => {
  it('answers 404 for an unknown collection and an unknown id, in Neutron\'s error shape', async () => {
    expectNeutronError(await api.call('GET', '/v2.0/widgets'), 404, 'HTTPNotFound');
    expectNeutronError(await api.call('GET', '/v2.0/networks/0e1c3cde-6d6c-4b3c-9d0e-2a1b3c4d5e6f'), 404, 'NetworkNotFound');
    expectNeutronError(await api.call('GET', '/v2.0/subnets/not-a-uuid'), 404, 'SubnetNotFound');
    expectNeutronError(await api.call('PUT', '/v2.0/ports/0e1c3cde-6d6c-4b3c-9d0e-2a1b3c4d5e6f', { port: { name: 'x' } }), 404, 'PortNotFound');
    expectNeutronError(await api.call('DELETE', '/v2.0/subnetpools/0e1c3cde-6d6c-4b3c-9d0e-2a1b3c4d5e6f'), 404, 'SubnetPoolNotFound');
  });

  it('answers 405 for a verb a collection or a member does not serve, and 404 for an unknown collection', async () => {
    expectNeutronError(await api.call('PATCH', `/v2.0/networks/${network.id}`, { network: { name: 'x' } }), 405, 'HTTPMethodNotAllowed');
    expectNeutronError(await api.call('POST', `/v2.0/ports/${port.id}`, { port: {} }), 405, 'HTTPMethodNotAllowed');
    expectNeutronError(await api.call('PUT', '/v2.0/networks', { network: {} }), 405, 'HTTPMethodNotAllowed');
    expectNeutronError(await api.call('DELETE', '/v2.0/subnets'), 405, 'HTTPMethodNotAllowed');
    expectNeutronError(await api.call('DELETE', '/v2.0/widgets'), 404, 'HTTPNotFound');
    expect((await api.show('networks', network.id)).name).toBe('errors-net');
  });

  it('keeps the resources of a refused request readable', async () => {
    expectStatus(await api.call('GET', `/v2.0/networks/${network.id}`), 200);
    expect((await api.show('ports', port.id)).name).toBe('errors-port');
  });
});
