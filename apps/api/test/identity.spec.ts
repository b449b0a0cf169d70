import { describe, expect, it } from '@jest/globals';
import { eventually, type ServiceInstance } from '@muon/embedded';
import { ADMIN_PASSWORD, builtinPlatformForThisFile, expectKeystoneError, IdentityClient, passwordAuth } from './support/identity-client.js';
import { expectNeutronError, expectStatus, ids, type Json } from './support/neutron-client.js';

const platform = builtinPlatformForThisFile();
const api = new IdentityClient(() => platform.apiUrl);

/** A second gateway process on the same database and NATS: a replica, here with a 2-second token lifetime. */
async function shortLivedReplica(): Promise<{ client: IdentityClient; instance: ServiceInstance }> {
  const instance = await platform.spawnService('api', 1, { MUON_TOKEN_EXPIRATION_SECONDS: '2' });
  await platform.waitReady(instance, 'healthz');
  return { client: new IdentityClient(() => `http://127.0.0.1:${instance.healthPort}`), instance };
}

describe('the built-in identity (MUON_AUTH_MODE=builtin)', () => {
  let admin = '';
  const created: Record<string, Json> = {};

  it('answers version discovery without a token, as Keystone does', async () => {
    const root = await api.call('GET', '/identity');
    expect(root.status).toBe(300);
    expect(root.body.versions.values[0]).toMatchObject({ id: 'v3.14', status: 'stable', links: [{ rel: 'self', href: `${platform.apiUrl}/identity/v3/` }] });
    const v3 = await api.call('GET', '/identity/v3');
    expectStatus(v3, 200);
    expect(v3.body.version.id).toBe('v3.14');
    expect((await api.call('GET', '/identity/v3/')).body.version.id).toBe('v3.14'); // the href discovery links to
    expect((await api.call('GET', '/identity/')).status).toBe(300);
    for (const open of ['/', '/v2.0', '/healthz']) expect((await api.call('GET', open)).status).toBe(200);
  });

  it('issues the admin a project-scoped token with Keystone\'s body and a catalog of this gateway', async () => {
    const res = await api.call('POST', '/identity/v3/auth/tokens', undefined, passwordAuth('admin', ADMIN_PASSWORD, 'admin'));
    expectStatus(res, 201);
    admin = res.headers.get('x-subject-token')!;
    expect(admin).toMatch(/^m1\./);
    const token = res.body.token;
    expect(token).toMatchObject({
      methods: ['password'],
      user: { name: 'admin', domain: { id: 'default', name: 'Default' } },
      project: { name: 'admin', domain: { id: 'default', name: 'Default' } },
    });
    expect(token.roles.map((r: Json) => r.name).sort()).toEqual(['admin', 'member', 'reader']);
    expect(token.audit_ids).toHaveLength(1);
    expect(token.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const lifetime = Date.parse(token.expires_at) - Date.parse(token.issued_at);
    expect(lifetime).toBe(3600_000);
    const urls = Object.fromEntries(token.catalog.map((s: Json) => [s.type, s.endpoints.map((e: Json) => `${e.interface}@${e.region}=${e.url}`).sort()]));
    expect(urls.network).toEqual(['admin', 'internal', 'public'].map((i) => `${i}@RegionOne=${platform.apiUrl}`));
    expect(urls['load-balancer']).toEqual(['admin', 'internal', 'public'].map((i) => `${i}@RegionOne=${platform.apiUrl}/load-balancer`));
    expect(urls.identity).toEqual(['admin', 'internal', 'public'].map((i) => `${i}@RegionOne=${platform.apiUrl}/identity/v3`));
  });

  it('refuses a wrong password, an unknown user and an unknown project with Keystone\'s 401', async () => {
    expectKeystoneError(await api.call('POST', '/identity/v3/auth/tokens', undefined, passwordAuth('admin', 'wrong', 'admin')), 401, 'Unauthorized');
    expectKeystoneError(await api.call('POST', '/identity/v3/auth/tokens', undefined, passwordAuth('nobody', ADMIN_PASSWORD, 'admin')), 401, 'Unauthorized');
    expectKeystoneError(await api.call('POST', '/identity/v3/auth/tokens', undefined, passwordAuth('admin', ADMIN_PASSWORD, 'no-such-project')), 401, 'Unauthorized');
    expectKeystoneError(await api.call('POST', '/identity/v3/auth/tokens', undefined, { auth: {} }), 400, 'Bad Request');
  });

  it('answers 401 on the Neutron API without a valid project-scoped token', async () => {
    const none = await api.call('GET', '/v2.0/networks');
    expectNeutronError(none, 401, 'HTTPUnauthorized');
    expect(none.headers.get('www-authenticate')).toBe(`Keystone uri="${platform.apiUrl}/identity"`);
    expectNeutronError(await api.call('GET', '/v2.0/networks', 'm1.forged.token'), 401, 'HTTPUnauthorized');
    expectNeutronError(await api.call('GET', '/v2.0/extensions'), 401, 'HTTPUnauthorized');
    expectNeutronError(await api.call('GET', '/openapi.json'), 401, 'HTTPUnauthorized');
    expectNeutronError(await api.call('GET', '/v2.0/no-such-thing'), 401, 'HTTPUnauthorized');
    // With no scope Keystone scopes to the user's default project (admin's is admin); "unscoped" asks for none.
    const asked = await api.call('POST', '/identity/v3/auth/tokens', undefined, { auth: { ...passwordAuth('admin', ADMIN_PASSWORD).auth, scope: 'unscoped' } });
    expectStatus(asked, 201);
    expect(asked.body.token).not.toHaveProperty('project');
    const unscoped = asked.headers.get('x-subject-token')!;
    expectNeutronError(await api.call('GET', '/v2.0/networks', unscoped), 401, 'HTTPUnauthorized');
    expectStatus(await api.call('GET', '/v2.0/networks', admin), 200);
    expectKeystoneError(await api.call('GET', '/identity/v3/projects'), 401, 'Unauthorized');
  });

  it('validates (GET, HEAD) and revokes (DELETE) a token with X-Subject-Token', async () => {
    const mine = await api.token('admin', ADMIN_PASSWORD, 'admin');
    const shown = await api.call('GET', '/identity/v3/auth/tokens?nocatalog', admin, undefined, { 'x-subject-token': mine });
    expectStatus(shown, 200);
    expect(shown.headers.get('x-subject-token')).toBe(mine);
    expect(shown.body.token.user.name).toBe('admin');
    expect(shown.body.token).not.toHaveProperty('catalog');
    expect((await api.call('HEAD', '/identity/v3/auth/tokens', admin, undefined, { 'x-subject-token': mine })).status).toBe(200);

    expect((await api.call('DELETE', '/identity/v3/auth/tokens', admin, undefined, { 'x-subject-token': mine })).status).toBe(204);
    expectKeystoneError(await api.call('GET', '/identity/v3/auth/tokens', admin, undefined, { 'x-subject-token': mine }), 404, 'Not Found');
    expectNeutronError(await api.call('GET', '/v2.0/networks', mine), 401, 'HTTPUnauthorized');
    expectStatus(await api.call('GET', '/v2.0/networks', admin), 200);
  });

  it('manages projects, users and role grants through the admin API', async () => {
    created.projectA = await api.create(admin, 'projects', { name: 'project-a', description: 'first tenant' });
    created.projectB = await api.create(admin, 'projects', { name: 'project-b' });
    expect(created.projectA).toMatchObject({ name: 'project-a', domain_id: 'default', enabled: true, is_domain: false, parent_id: 'default', description: 'first tenant' });
    expect(created.projectA.links.self).toBe(`${platform.apiUrl}/identity/v3/projects/${created.projectA.id}`);
    expectKeystoneError(await api.call('POST', '/identity/v3/projects', admin, { project: { name: 'project-a' } }), 409, 'Conflict');

    created.alice = await api.create(admin, 'users', { name: 'alice', password: 'alice-pw', default_project_id: created.projectA.id });
    created.bob = await api.create(admin, 'users', { name: 'bob', password: 'bob-pw' });
    expect(created.alice).not.toHaveProperty('password');
    await api.grant(admin, created.projectA.id, created.alice.id, 'member');
    await api.grant(admin, created.projectB.id, created.bob.id, 'member');

    const byName = await api.call('GET', '/identity/v3/projects?name=project-b&domain_id=default', admin);
    expect(ids(byName.body.projects)).toEqual([created.projectB.id]);
    const renamed = await api.call('PATCH', `/identity/v3/projects/${created.projectB.id}`, admin, { project: { description: 'second tenant' } });
    expect(renamed.body.project).toMatchObject({ name: 'project-b', description: 'second tenant' });
    expect((await api.call('GET', `/identity/v3/projects/${created.projectB.id}/users/${created.bob.id}/roles/${await api.roleId(admin, 'member')}`, admin)).status).toBe(204);

    const assignments = await api.call('GET', `/identity/v3/role_assignments?user.id=${created.alice.id}&include_names=True`, admin);
    expect(assignments.body.role_assignments).toEqual([expect.objectContaining({
      role: { id: expect.any(String), name: 'member' },
      user: { id: created.alice.id, name: 'alice', domain: { id: 'default', name: 'Default' } },
      scope: { project: { id: created.projectA.id, name: 'project-a', domain: { id: 'default', name: 'Default' } } },
    })]);
    const effective = await api.call('GET', `/identity/v3/role_assignments?scope.project.id=${created.projectA.id}&effective`, admin);
    expect(effective.body.role_assignments.map((a: Json) => a.role.id).sort()).toEqual([await api.roleId(admin, 'member'), await api.roleId(admin, 'reader')].sort());
    expect((await api.call('GET', '/identity/v3/domains/default', admin)).body.domain).toMatchObject({ id: 'default', name: 'Default' });
  });

  it('lets only admins use the admin API (403 for a member)', async () => {
    const alice = await api.token('alice', 'alice-pw', 'project-a');
    expectKeystoneError(await api.call('GET', '/identity/v3/projects', alice), 403, 'Forbidden');
    expectKeystoneError(await api.call('POST', '/identity/v3/users', alice, { user: { name: 'mallory', password: 'x' } }), 403, 'Forbidden');
    expectKeystoneError(await api.call('PUT', `/identity/v3/projects/${created.projectA.id}/users/${created.alice.id}/roles/${await api.roleId(admin, 'admin')}`, alice), 403, 'Forbidden');
    // A user may still validate its own token.
    expectStatus(await api.call('GET', '/identity/v3/auth/tokens', alice, undefined, { 'x-subject-token': alice }), 200);
  });

  it('scopes Neutron resources to the token\'s project: each member sees only its own, the admin all', async () => {
    const alice = await api.token('alice', 'alice-pw', 'project-a');
    const bob = await api.token('bob', 'bob-pw', { id: created.projectB.id });
    const netA = (await api.call('POST', '/v2.0/networks', alice, { network: { name: 'net-a' } })).body.network;
    const netB = (await api.call('POST', '/v2.0/networks', bob, { network: { name: 'net-b' } })).body.network;
    expect(netA.project_id).toBe(created.projectA.id);
    expect(netB.project_id).toBe(created.projectB.id);
    expect(ids((await api.call('GET', '/v2.0/networks', alice)).body.networks)).toEqual([netA.id]);
    expect(ids((await api.call('GET', '/v2.0/networks', bob)).body.networks)).toEqual([netB.id]);
    expectNeutronError(await api.call('GET', `/v2.0/networks/${netA.id}`, bob), 404, 'NetworkNotFound');
    expect(ids((await api.call('GET', '/v2.0/networks', admin)).body.networks).sort()).toEqual([netA.id, netB.id].sort());
    // A member may not set admin-only attributes; the admin may.
    expect((await api.call('POST', '/v2.0/networks', alice, { network: { name: 'p', 'provider:network_type': 'vxlan' } })).status).toBe(403);
  });

  it('follows role assignments: no role, no project token; a removed role ends the project\'s tokens', async () => {
    const carol = await api.create(admin, 'users', { name: 'carol', password: 'carol-pw' });
    expectKeystoneError(await api.call('POST', '/identity/v3/auth/tokens', undefined, passwordAuth('carol', 'carol-pw', 'project-a')), 401, 'Unauthorized');
    await api.grant(admin, created.projectA.id, carol.id, 'reader');
    const reader = await api.call('POST', '/identity/v3/auth/tokens', undefined, passwordAuth('carol', 'carol-pw', 'project-a'));
    expect(reader.body.token.roles.map((r: Json) => r.name)).toEqual(['reader']);
    const token = reader.headers.get('x-subject-token')!;
    expectStatus(await api.call('GET', '/v2.0/networks', token), 200);

    const roleId = await api.roleId(admin, 'reader');
    expect((await api.call('DELETE', `/identity/v3/projects/${created.projectA.id}/users/${carol.id}/roles/${roleId}`, admin)).status).toBe(204);
    expectNeutronError(await api.call('GET', '/v2.0/networks', token), 401, 'HTTPUnauthorized');
    expectKeystoneError(await api.call('POST', '/identity/v3/auth/tokens', undefined, passwordAuth('carol', 'carol-pw', 'project-a')), 401, 'Unauthorized');
  });

  it('refuses the tokens of a user once it is disabled or deleted', async () => {
    const dave = await api.create(admin, 'users', { name: 'dave', password: 'dave-pw' });
    const erin = await api.create(admin, 'users', { name: 'erin', password: 'erin-pw' });
    await api.grant(admin, created.projectB.id, dave.id, 'member');
    await api.grant(admin, created.projectB.id, erin.id, 'member');
    const daveToken = await api.token('dave', 'dave-pw', 'project-b');
    const erinToken = await api.token('erin', 'erin-pw', 'project-b');

    expect((await api.call('DELETE', `/identity/v3/users/${dave.id}`, admin)).status).toBe(204);
    expectNeutronError(await api.call('GET', '/v2.0/networks', daveToken), 401, 'HTTPUnauthorized');
    expectKeystoneError(await api.call('GET', `/identity/v3/users/${dave.id}`, admin), 404, 'Not Found');

    expectStatus(await api.call('PATCH', `/identity/v3/users/${erin.id}`, admin, { user: { enabled: false } }), 200);
    expectNeutronError(await api.call('GET', '/v2.0/networks', erinToken), 401, 'HTTPUnauthorized');
    expectKeystoneError(await api.call('POST', '/identity/v3/auth/tokens', undefined, passwordAuth('erin', 'erin-pw', 'project-b')), 401, 'Unauthorized');
  });

  it('ends a changed password\'s tokens and accepts the new password', async () => {
    const bobToken = await api.token('bob', 'bob-pw', 'project-b');
    expectStatus(await api.call('PATCH', `/identity/v3/users/${created.bob.id}`, admin, { user: { password: 'bob-pw-2' } }), 200);
    expectNeutronError(await api.call('GET', '/v2.0/networks', bobToken), 401, 'HTTPUnauthorized');
    expectKeystoneError(await api.call('POST', '/identity/v3/auth/tokens', undefined, passwordAuth('bob', 'bob-pw', 'project-b')), 401, 'Unauthorized');
    expectStatus(await api.call('GET', '/v2.0/networks', await api.token('bob', 'bob-pw-2', 'project-b')), 200);
  });

  it('shares tokens and revocations between replicas, and lets tokens expire', async () => {
    const { client: replica, instance } = await shortLivedReplica();
    try {
      // The signing key is in the database: the first gateway's token works on the replica.
      expectStatus(await replica.call('GET', '/v2.0/networks', admin), 200);
      const short = await replica.token('alice', 'alice-pw', 'project-a');
      expectStatus(await api.call('GET', '/v2.0/networks', short), 200);

      // Revoked through one replica, refused by the other within the revocation list's refresh bound.
      const revokedElsewhere = await api.token('alice', 'alice-pw', 'project-a');
      expectStatus(await replica.call('GET', '/v2.0/networks', revokedElsewhere), 200);
      expect((await api.call('DELETE', '/identity/v3/auth/tokens', revokedElsewhere, undefined, { 'x-subject-token': revokedElsewhere })).status).toBe(204);
      const refused = await eventually(() => replica.call('GET', '/v2.0/networks', revokedElsewhere), (r) => r.status === 401, 3000);
      expectNeutronError(refused, 401, 'HTTPUnauthorized');

      // The replica's tokens live 2 s.
      await new Promise((r) => setTimeout(r, 2100));
      expectNeutronError(await api.call('GET', '/v2.0/networks', short), 401, 'HTTPUnauthorized');
      expectKeystoneError(await api.call('GET', '/identity/v3/auth/tokens', admin, undefined, { 'x-subject-token': short }), 404, 'Not Found');
    } finally {
      await platform.kill(instance);
    }
  });
});
