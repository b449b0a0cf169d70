import { describe, expect, it } from '@jest/globals';
import { NeutronClient, PROJECT_A, expectNeutronError, expectStatus, platformForThisFile } from './support/neutron-client.js';

const platform = platformForThisFile();
const api = new NeutronClient(platform, PROJECT_A);

const ifMatch = (revision: number | string) => ({ 'If-Match': `revision_number=${revision}` });

describe('revision_number', () => {
  it('starts at 1 and goes up by one with every change of every resource', async () => {
    const { network, subnet } = await api.networkWithSubnet('10.90.0.0/24');
    const port = await api.create('ports', { network_id: network.id });
    const pool = await api.create('subnetpools', { name: 'rev-pool', prefixes: ['10.91.0.0/16'] });
    for (const [collection, resource] of [['subnets', subnet], ['ports', port], ['subnetpools', pool]] as const) {
      expect(resource.revision_number).toBe(1);
      expect((await api.update(collection, resource.id, { name: 'one' })).revision_number).toBe(2);
      expect((await api.update(collection, resource.id, { name: 'two' })).revision_number).toBe(3);
      expect((await api.show(collection, resource.id)).revision_number).toBe(3);
    }
  });

  it('stays put when an update changes nothing', async () => {
    const net = await api.create('networks', { name: 'same' });
    expect((await api.update('networks', net.id, { name: 'same', admin_state_up: true })).revision_number).toBe(1);
  });

  it('goes up when tags change, and when the network gains or loses a subnet', async () => {
    const net = await api.create('networks', { name: 'tagged' });
    expectStatus(await api.call('PUT', `/v2.0/networks/${net.id}/tags/blue`), 201);
    expect((await api.show('networks', net.id)).revision_number).toBe(2);
    const subnet = await api.create('subnets', { network_id: net.id, cidr: '10.92.0.0/24', ip_version: 4 });
    expect((await api.show('networks', net.id)).revision_number).toBe(3);
    await api.remove('subnets', subnet.id);
    expect((await api.show('networks', net.id)).revision_number).toBe(4);
  });
});

describe('If-Match: revision_number=N', () => {
  it('updates when N is the current revision', async () => {
    const net = await api.create('networks', { name: 'guarded' });
    const updated = await api.update('networks', net.id, { name: 'guarded-2' }, ifMatch(1));
    expect(updated).toMatchObject({ name: 'guarded-2', revision_number: 2 });
  });

  it('answers 412 RevisionNumberConstraintFailed when N is stale, changing nothing', async () => {
    const net = await api.create('networks', { name: 'stale' });
    await api.update('networks', net.id, { name: 'stale-2' });
    const res = await api.call('PUT', `/v2.0/networks/${net.id}`, { network: { name: 'lost-update' } }, ifMatch(1));
    expectNeutronError(res, 412, 'RevisionNumberConstraintFailed', 'Constrained to 1, but current revision is 2');
    expect(await api.show('networks', net.id)).toMatchObject({ name: 'stale-2', revision_number: 2 });
  });

  it('guards updates of subnets and ports the same way', async () => {
    const { network, subnet } = await api.networkWithSubnet('10.93.0.0/24');
    const port = await api.create('ports', { network_id: network.id });
    expectNeutronError(await api.call('PUT', `/v2.0/subnets/${subnet.id}`, { subnet: { name: 'x' } }, ifMatch(5)), 412, 'RevisionNumberConstraintFailed');
    expectNeutronError(await api.call('PUT', `/v2.0/ports/${port.id}`, { port: { name: 'x' } }, ifMatch(5)), 412, 'RevisionNumberConstraintFailed');
    expect((await api.update('ports', port.id, { name: 'x' }, ifMatch(1))).name).toBe('x');
  });

  it('guards deletes: 412 when stale, 204 when current', async () => {
    const net = await api.create('networks', { name: 'delete-guarded' });
    await api.update('networks', net.id, { name: 'delete-guarded-2' });
    expectNeutronError(await api.call('DELETE', `/v2.0/networks/${net.id}`, undefined, ifMatch(1)), 412, 'RevisionNumberConstraintFailed');
    expect((await api.show('networks', net.id)).id).toBe(net.id);
    expectStatus(await api.call('DELETE', `/v2.0/networks/${net.id}`, undefined, ifMatch(2)), 204);
    expectNeutronError(await api.call('GET', `/v2.0/networks/${net.id}`), 404, 'NetworkNotFound');
  });
});
