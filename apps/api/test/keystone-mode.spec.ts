import { describe, expect, it } from '@jest/globals';
import { eventually } from '@muon/embedded';
import { ADMIN_PASSWORD, builtinPlatformForThisFile, IdentityClient } from './support/identity-client.js';
import { expectNeutronError, expectStatus, ids } from './support/neutron-client.js';

/**
 * MUON_AUTH_MODE=keystone: one platform's gateway runs the built-in identity and plays the external
 * Keystone; a second gateway process, in keystone mode, validates every token against it with its
 * service user, as neutron-server's keystonemiddleware does.
 */
const platform = builtinPlatformForThisFile();
const keystone = new IdentityClient(() => platform.apiUrl);
let neutronUrl = '';
const neutron = new IdentityClient(() => neutronUrl);
const CACHE_SECONDS = 2;

describe('keystone mode', () => {
  let admin = '';
  let alice = '';
  let bob = '';

  it('starts a gateway that validates tokens with an external Keystone', async () => {
    admin = await keystone.token('admin', ADMIN_PASSWORD, 'admin');
    const service = await keystone.create(admin, 'projects', { name: 'service' });
    await keystone.create(admin, 'roles', { name: 'service' });
    const user = await keystone.create(admin, 'users', { name: 'neutron', password: 'neutron-secret' });
    await keystone.grant(admin, service.id, user.id, 'service');
    for (const [name, project] of [['alice', 'tenant-a'], ['bob', 'tenant-b']] as const) {
      const p = await keystone.create(admin, 'projects', { name: project });
      const u = await keystone.create(admin, 'users', { name, password: `${name}-pw` });
      await keystone.grant(admin, p.id, u.id, 'member');
    }
    alice = await keystone.token('alice', 'alice-pw', 'tenant-a');
    bob = await keystone.token('bob', 'bob-pw', 'tenant-b');

    const instance = await platform.spawnService('api', 1, {
      MUON_AUTH_MODE: 'keystone',
      // Written the way operators write www_authenticate_uri: without the version.
      MUON_KEYSTONE_URL: `${platform.apiUrl}/identity`,
      MUON_KEYSTONE_USERNAME: 'neutron', MUON_KEYSTONE_PASSWORD: 'neutron-secret', MUON_KEYSTONE_PROJECT_NAME: 'service',
      MUON_KEYSTONE_CACHE_SECONDS: String(CACHE_SECONDS),
    });
    await platform.waitReady(instance, 'healthz');
    neutronUrl = `http://127.0.0.1:${instance.healthPort}`;
    expectStatus(await neutron.call('GET', '/'), 200);
  });

  it('answers 401 without a valid token, pointing at the Keystone', async () => {
    const none = await neutron.call('GET', '/v2.0/networks');
    expectNeutronError(none, 401, 'HTTPUnauthorized');
    expect(none.headers.get('www-authenticate')).toBe(`Keystone uri="${platform.apiUrl}/identity"`);
    expectNeutronError(await neutron.call('GET', '/v2.0/networks', 'not-a-token'), 401, 'HTTPUnauthorized');
  });

  it('takes the project and roles from Keystone: members see their own, the admin everything', async () => {
    const netA = (await neutron.call('POST', '/v2.0/networks', alice, { network: { name: 'a' } })).body.network;
    const netB = (await neutron.call('POST', '/v2.0/networks', bob, { network: { name: 'b' } })).body.network;
    expect(netA.project_id).toBe((await keystone.call('GET', '/identity/v3/projects?name=tenant-a', admin)).body.projects[0].id);
    expect(ids((await neutron.call('GET', '/v2.0/networks', alice)).body.networks)).toEqual([netA.id]);
    expect(ids((await neutron.call('GET', '/v2.0/networks', bob)).body.networks)).toEqual([netB.id]);
    expect(ids((await neutron.call('GET', '/v2.0/networks', admin)).body.networks).sort()).toEqual([netA.id, netB.id].sort());
  });

  it(`honours a revocation within the validation cache's bound (${CACHE_SECONDS} s)`, async () => {
    const token = await keystone.token('alice', 'alice-pw', 'tenant-a');
    expectStatus(await neutron.call('GET', '/v2.0/networks', token), 200); // now cached
    expect((await keystone.call('DELETE', '/identity/v3/auth/tokens', admin, undefined, { 'x-subject-token': token })).status).toBe(204);
    const revokedAt = Date.now();
    // Until the cached validation expires, the gateway does not ask Keystone again.
    expectStatus(await neutron.call('GET', '/v2.0/networks', token), 200);
    const refused = await eventually(() => neutron.call('GET', '/v2.0/networks', token), (r) => r.status === 401, (CACHE_SECONDS + 3) * 1000, 100);
    expectNeutronError(refused, 401, 'HTTPUnauthorized');
    expect(Date.now() - revokedAt).toBeLessThan((CACHE_SECONDS + 1) * 1000);
    // Other tokens are unaffected.
    expectStatus(await neutron.call('GET', '/v2.0/networks', alice), 200);
  });

  it('refuses the tokens of a user deleted in Keystone once the cache bound has passed', async () => {
    const bobId = (await keystone.call('GET', '/identity/v3/users?name=bob', admin)).body.users[0].id;
    expectStatus(await neutron.call('GET', '/v2.0/networks', bob), 200);
    expect((await keystone.call('DELETE', `/identity/v3/users/${bobId}`, admin)).status).toBe(204);
    const refused = await eventually(() => neutron.call('GET', '/v2.0/networks', bob), (r) => r.status === 401, (CACHE_SECONDS + 3) * 1000, 100);
    expectNeutronError(refused, 401, 'HTTPUnauthorized');
  });
});
