import { describe, expect, it } from '@jest/globals';
import { ADMIN, NeutronClient, PROJECT_A, expectNeutronError, platformForThisFile, type Caller } from './support/neutron-client.js';

const platform = platformForThisFile();
const api = new NeutronClient(platform, PROJECT_A);
const admin = api.as(ADMIN);
const project = (name: string): Caller => ({ project: name, roles: 'member' });

describe('quotas', () => {
  it('shows a project its own limits, Neutron\'s defaults until an admin sets others, and not another project\'s', async () => {
    const res = await api.call('GET', '/v2.0/quotas/project-a');
    expect(res.status).toBe(200);
    expect(res.body.quota).toEqual({
      network: 100, subnet: 100, subnetpool: -1, port: 500, router: 10, floatingip: 50, security_group: 10, security_group_rule: 100, rbac_policy: 10, loadbalancer: 10,
    });
    expect((await api.call('GET', '/v2.0/quotas/project-a/default')).body.quota).toEqual(res.body.quota);
    expectNeutronError(await api.call('GET', '/v2.0/quotas/project-b'), 403, 'PolicyNotAuthorized');
    expectNeutronError(await api.call('GET', '/v2.0/quotas'), 403, 'PolicyNotAuthorized');
  });

  it('lets only an admin set limits, validates them, and lists the projects that have their own', async () => {
    expectNeutronError(await api.call('PUT', '/v2.0/quotas/project-a', { quota: { network: 1000 } }), 403, 'PolicyNotAuthorized');
    expectNeutronError(await admin.call('PUT', '/v2.0/quotas/q-list', { quota: { network: -2 } }), 400, 'HTTPBadRequest');
    expectNeutronError(await admin.call('PUT', '/v2.0/quotas/q-list', { quota: { widgets: 2 } }), 400, 'HTTPBadRequest');
    expectNeutronError(await admin.call('PUT', '/v2.0/quotas/q-list', { network: 2 }), 400, 'HTTPBadRequest');
    const updated = await admin.call('PUT', '/v2.0/quotas/q-list', { quota: { network: 7, port: '-1' } });
    expect(updated.status).toBe(200);
    expect(updated.body.quota).toMatchObject({ network: 7, port: -1, subnet: 100 });
    expect((await admin.call('PUT', '/v2.0/quotas/q-list', { quota: { subnet: 3 } })).body.quota).toMatchObject({ network: 7, port: -1, subnet: 3 });
    const listed = (await admin.call('GET', '/v2.0/quotas')).body.quotas;
    expect(listed.find((q: { project_id: string }) => q.project_id === 'q-list')).toMatchObject({ project_id: 'q-list', tenant_id: 'q-list', network: 7, subnet: 3 });
    expect((await admin.call('DELETE', '/v2.0/quotas/q-list')).status).toBe(204);
    expect((await admin.call('GET', '/v2.0/quotas/q-list')).body.quota).toMatchObject({ network: 100, port: 500, subnet: 100 });
  });

  it('refuses a create over the limit with 409 OverQuota and creates nothing, also in a bulk request', async () => {
    const q = api.as(project('q-over'));
    await admin.call('PUT', '/v2.0/quotas/q-over', { quota: { network: 2 } });
    await q.create('networks', { name: 'one' });
    expectNeutronError(await q.call('POST', '/v2.0/networks', { networks: [{ name: 'two' }, { name: 'three' }] }), 409, 'OverQuota', "Quota exceeded for resources: ['network'].");
    await q.create('networks', { name: 'two' });
    expectNeutronError(await q.call('POST', '/v2.0/networks', { network: { name: 'three' } }), 409, 'OverQuota');
    expect((await q.list('networks')).map((n) => n.name).sort()).toEqual(['one', 'two']);
    const details = (await q.call('GET', '/v2.0/quotas/q-over/details')).body.quota;
    expect(details.network).toEqual({ used: 2, limit: 2, reserved: 0 });
    expect(details.port).toEqual({ used: 0, limit: 500, reserved: 0 });
  });

  it('holds under concurrency: 50 parallel creates against a quota of 10 leave exactly 10', async () => {
    const q = api.as(project('q-race'));
    await admin.call('PUT', '/v2.0/quotas/q-race', { quota: { port: 10 } });
    const { network } = await q.networkWithSubnet('10.77.0.0/24');
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => q.call('POST', '/v2.0/ports', { port: { network_id: network.id, name: `p${i}` } })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.NeutronError.type).toBe('OverQuota');
    expect(await q.list('ports', { network_id: network.id })).toHaveLength(10);
    expect((await q.call('GET', '/v2.0/quotas/q-race/details')).body.quota.port).toEqual({ used: 10, limit: 10, reserved: 0 });
  });

  it('counts resources by the project that owns them, not by who created them', async () => {
    await admin.call('PUT', '/v2.0/quotas/q-owner', { quota: { network: 1 } });
    await admin.create('networks', { name: 'for-owner', project_id: 'q-owner' });
    expectNeutronError(await admin.call('POST', '/v2.0/networks', { network: { name: 'second', project_id: 'q-owner' } }), 409, 'OverQuota');
  });
});
