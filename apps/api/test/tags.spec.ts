import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NeutronClient, PROJECT_A, expectNeutronError, expectStatus, newPlatform, type Json } from './support/neutron-client.js';

const platform = newPlatform();
let api: NeutronClient;
/** One resource of each taggable collection. */
const resources: Record<string, Json> = {};

beforeAll(async () => {
  await platform.start();
  api = new NeutronClient(platform, PROJECT_A);
  const { network, subnet } = await api.networkWithSubnet('10.9.0.0/24');
  resources.networks = network;
  resources.subnets = subnet;
  resources.ports = await api.create('ports', { network_id: network.id });
  resources.subnetpools = await api.create('subnetpools', { name: 'tagged-pool', prefixes: ['10.99.0.0/16'] });
}, 60000);
afterAll(async () => { await platform.stop(); });

const COLLECTIONS = ['networks', 'subnets', 'ports', 'subnetpools'];
const tagsPath = (collection: string, tag?: string) => `/v2.0/${collection}/${resources[collection].id}/tags${tag === undefined ? '' : `/${encodeURIComponent(tag)}`}`;

describe.each(COLLECTIONS)('the tags sub-resource of %s', (collection) => {
  it('replaces all tags with PUT /tags and lists them with GET /tags and on the resource', async () => {
    const put = await api.call('PUT', tagsPath(collection), { tags: ['red', 'blue'] });
    expectStatus(put, 200);
    expect(put.body).toEqual({ tags: ['red', 'blue'] });
    const got = await api.call('GET', tagsPath(collection));
    expectStatus(got, 200);
    expect([...got.body.tags].sort()).toEqual(['blue', 'red']);
    expect([...(await api.show(collection, resources[collection].id)).tags].sort()).toEqual(['blue', 'red']);
  });

  it('adds one tag with PUT /tags/{tag} (201, and again without harm) and checks it with GET /tags/{tag}', async () => {
    expectStatus(await api.call('PUT', tagsPath(collection, 'green')), 201);
    expectStatus(await api.call('PUT', tagsPath(collection, 'green')), 201);
    expectStatus(await api.call('GET', tagsPath(collection, 'green')), 204);
    expectNeutronError(await api.call('GET', tagsPath(collection, 'purple')), 404, 'TagNotFound', 'Tag purple could not be found.');
    expect((await api.show(collection, resources[collection].id)).tags.filter((t: string) => t === 'green')).toEqual(['green']);
  });

  it('removes one tag with DELETE /tags/{tag}, and answers 404 TagNotFound for one it does not have', async () => {
    expectStatus(await api.call('DELETE', tagsPath(collection, 'red')), 204);
    expectNeutronError(await api.call('DELETE', tagsPath(collection, 'red')), 404, 'TagNotFound');
    expect((await api.show(collection, resources[collection].id)).tags).not.toContain('red');
  });

  it('removes every tag with DELETE /tags', async () => {
    expectStatus(await api.call('DELETE', tagsPath(collection)), 204);
    expect((await api.call('GET', tagsPath(collection))).body).toEqual({ tags: [] });
  });

  it('finds the resource by its tags', async () => {
    expectStatus(await api.call('PUT', tagsPath(collection), { tags: [`only-${collection}`] }), 200);
    expect((await api.list(collection, { tags: `only-${collection}` })).map((r: Json) => r.id)).toEqual([resources[collection].id]);
  });
});

describe('invalid tag requests', () => {
  it('answers 400 for a body that is not a list of tags, or too many tags, and keeps the tags', async () => {
    const net = resources.networks;
    expectStatus(await api.call('PUT', tagsPath('networks'), { tags: ['keep'] }), 200);
    for (const body of [{ tags: 'keep' }, { tags: [1, 2] }, { labels: ['x'] }, { tags: [''] }, { tags: ['x'.repeat(256)] }]) {
      expectStatus(await api.call('PUT', tagsPath('networks'), body), 400);
    }
    expectStatus(await api.call('PUT', tagsPath('networks'), { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }), 400);
    expectStatus(await api.call('PUT', tagsPath('networks', 'x'.repeat(256))), 400);
    expect((await api.show('networks', net.id)).tags).toEqual(['keep']);
  });

  it('answers 404 <Resource>NotFound for tags of a resource that does not exist', async () => {
    const missing = '0f1c3cde-6d6c-4b3c-9d0e-2a1b3c4d5e6f';
    expectNeutronError(await api.call('GET', `/v2.0/networks/${missing}/tags`), 404, 'NetworkNotFound');
    expectNeutronError(await api.call('PUT', `/v2.0/ports/${missing}/tags/x`), 404, 'PortNotFound');
    expectNeutronError(await api.call('DELETE', `/v2.0/subnetpools/${missing}/tags`), 404, 'SubnetPoolNotFound');
  });
});
