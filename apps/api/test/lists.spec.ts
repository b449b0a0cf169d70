import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NeutronClient, PROJECT_A, expectNeutronError, expectStatus, ids, newPlatform, type Json } from './support/neutron-client.js';

const platform = newPlatform();
let api: NeutronClient;
/** Seven networks tagged 'listing', created in beforeAll: names n0..n6, admin_state_up on for even ones. */
let nets: Json[];
const byName = (name: string) => nets.find((n) => n.name === name)!;

beforeAll(async () => {
  await platform.start();
  api = new NeutronClient(platform, PROJECT_A);
  nets = [];
  const tagsOf = ['red', 'red,blue', 'blue', 'green', 'red,green', '', 'blue,green'];
  const descriptions = ['b', 'a', 'b', 'a', 'b', 'a', 'b'];
  for (let i = 0; i < 7; i++) {
    const net = await api.create('networks', { name: `n${i}`, admin_state_up: i % 2 === 0, description: descriptions[i] });
    const tags = ['listing', ...tagsOf[i]!.split(',').filter(Boolean)];
    expectStatus(await api.call('PUT', `/v2.0/networks/${net.id}/tags`, { tags }), 200);
    nets.push(await api.show('networks', net.id));
  }
}, 60000);
afterAll(async () => { await platform.stop(); });

const listing = (query: Record<string, string | number | boolean | (string | number | boolean)[]> = {}) =>
  api.list('networks', { tags: 'listing', ...query });
const names = (items: Json[]) => items.map((n) => n.name);
const sortedNames = (items: Json[]) => names(items).sort();

describe('filters', () => {
  it('ORs repeated values of one attribute and ANDs different attributes', async () => {
    expect(sortedNames(await listing({ name: ['n1', 'n2', 'n3'] }))).toEqual(['n1', 'n2', 'n3']);
    expect(sortedNames(await listing({ name: ['n1', 'n2', 'n3'], admin_state_up: true }))).toEqual(['n2']);
    expect(await listing({ name: 'nobody' })).toEqual([]);
  });

  it('converts boolean filters as Neutron does: any case, or 1/0', async () => {
    expect(sortedNames(await listing({ admin_state_up: 'False' }))).toEqual(['n1', 'n3', 'n5']);
    expect(sortedNames(await listing({ admin_state_up: '1' }))).toEqual(['n0', 'n2', 'n4', 'n6']);
    expectNeutronError(await api.call('GET', '/v2.0/networks?admin_state_up=maybe'), 400, 'InvalidInput');
  });

  it('answers 400 for an attribute that is not a filter', async () => {
    expectNeutronError(await api.call('GET', '/v2.0/networks?colour=red'), 400, 'HTTPBadRequest', /colour/);
  });

  it('filters on the empty string (empty-string-filtering)', async () => {
    const { network } = await api.networkWithSubnet('10.5.0.0/24');
    const plain = await api.create('ports', { network_id: network.id });
    const vm = await api.create('ports', { network_id: network.id, device_owner: 'compute:nova' });
    expect(ids(await api.list('ports', { network_id: network.id, device_owner: '' }))).toEqual([plain.id]);
    expect(ids(await api.list('ports', { network_id: network.id, device_owner: 'compute:nova' }))).toEqual([vm.id]);
  });

  it('matches fixed_ips by ip_address, subnet_id and ip_address_substr (ip-substring-filtering)', async () => {
    const { network, subnet } = await api.networkWithSubnet('10.6.0.0/24');
    const p1 = await api.create('ports', { network_id: network.id, fixed_ips: [{ ip_address: '10.6.0.15' }] });
    const p2 = await api.create('ports', { network_id: network.id, fixed_ips: [{ ip_address: '10.6.0.150' }] });
    const p3 = await api.create('ports', { network_id: network.id, fixed_ips: [{ ip_address: '10.6.0.27' }] });
    expect(ids(await api.list('ports', { fixed_ips: 'ip_address=10.6.0.15' }))).toEqual([p1.id]);
    expect(ids(await api.list('ports', { fixed_ips: ['ip_address=10.6.0.15', 'ip_address=10.6.0.27'] })).sort()).toEqual([p1.id, p3.id].sort());
    expect(ids(await api.list('ports', { fixed_ips: 'ip_address_substr=10.6.0.15' })).sort()).toEqual([p1.id, p2.id].sort());
    expect((await api.list('ports', { fixed_ips: `subnet_id=${subnet.id}` })).length).toBe(3);
  });

  it('lists what changed since a time (changed_since of standard-attr-timestamp)', async () => {
    const since = new Date(Date.now() + 1000).toISOString().slice(0, 19) + 'Z';
    await new Promise((r) => setTimeout(r, 1500));
    const fresh = await api.create('networks', { name: 'fresh' });
    const changed = await api.list('networks', { changed_since: since });
    expect(ids(changed)).toEqual([fresh.id]);
    expect(ids(await api.list('networks', { changed_since: '2000-01-01T00:00:00Z' }))).toContain(nets[0].id);
    expectNeutronError(await api.call('GET', '/v2.0/networks?changed_since=yesterday'), 400, 'InvalidInput');
  });
});

describe('fields', () => {
  it('returns only the requested fields, repeated or not, and ignores unknown ones', async () => {
    const items = await listing({ fields: ['id', 'name', 'no_such_field'], name: 'n0' });
    expect(items).toEqual([{ id: byName('n0').id, name: 'n0' }]);
    const one = await api.show('networks', byName('n1').id, 'fields=name&fields=tags');
    expect(one).toEqual({ name: 'n1', tags: byName('n1').tags });
  });

  it('treats unknown fields alike on a list and a show, and an empty fields= as all', async () => {
    expect(await listing({ fields: 'no_such_field', name: 'n2' })).toEqual([{}]);
    expect(await api.show('networks', byName('n2').id, 'fields=no_such_field')).toEqual({});
    expect(await api.show('networks', byName('n2').id, 'fields=')).toEqual(byName('n2'));
  });
});

describe('sorting', () => {
  it('sorts by a key in either direction', async () => {
    expect(names(await listing({ sort_key: 'name', sort_dir: 'asc' }))).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
    expect(names(await listing({ sort_key: 'name', sort_dir: 'desc' }))).toEqual(['n6', 'n5', 'n4', 'n3', 'n2', 'n1', 'n0']);
  });

  it('sorts by several keys in order', async () => {
    const items = await listing({ sort_key: ['description', 'name'], sort_dir: ['asc', 'desc'] });
    expect(names(items)).toEqual(['n5', 'n3', 'n1', 'n6', 'n4', 'n2', 'n0']);
  });

  it('answers 400 for an unknown sort key, a bad direction and unpaired keys', async () => {
    expectStatus(await api.call('GET', '/v2.0/networks?sort_key=colour&sort_dir=asc'), 400);
    expectStatus(await api.call('GET', '/v2.0/networks?sort_key=name&sort_dir=up'), 400);
    expectStatus(await api.call('GET', '/v2.0/networks?sort_key=name&sort_key=id&sort_dir=asc'), 400);
  });
});

describe('pagination', () => {
  const pagePath = (query: string) => `/v2.0/networks?tags=listing&sort_key=name&sort_dir=asc&${query}`;

  it('pages with limit and marker, linking to the next page until the end', async () => {
    const seen: string[] = [];
    let res = await api.call('GET', pagePath('limit=3'));
    for (let page = 0; page < 5; page++) {
      expectStatus(res, 200);
      seen.push(...names(res.body.networks));
      const next = (res.body.networks_links ?? []).find((l: Json) => l.rel === 'next');
      if (!next) break;
      expect(next.href).toContain('limit=3');
      expect(next.href).toContain(`marker=${res.body.networks.at(-1).id}`);
      res = await api.call('GET', new URL(next.href).pathname + new URL(next.href).search);
    }
    expect(seen).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
  });

  it('starts after the marker and offers a previous link back', async () => {
    const res = await api.call('GET', pagePath(`limit=2&marker=${byName('n2').id}`));
    expect(names(res.body.networks)).toEqual(['n3', 'n4']);
    const rels = res.body.networks_links.map((l: Json) => l.rel).sort();
    expect(rels).toEqual(['next', 'previous']);
    const previous = res.body.networks_links.find((l: Json) => l.rel === 'previous');
    expect(previous.href).toContain(`marker=${byName('n3').id}`);
    expect(previous.href).toMatch(/page_reverse=True/i);
  });

  it('reads backwards from the marker with page_reverse, keeping the requested order', async () => {
    const res = await api.call('GET', pagePath(`limit=2&marker=${byName('n4').id}&page_reverse=True`));
    expect(names(res.body.networks)).toEqual(['n2', 'n3']);
  });

  it('has no links without a limit, and none after the last page', async () => {
    const all = await api.call('GET', pagePath(''));
    expect(all.body).not.toHaveProperty('networks_links');
    const last = await api.call('GET', pagePath(`limit=5&marker=${byName('n4').id}`));
    expect(names(last.body.networks)).toEqual(['n5', 'n6']);
    expect(last.body.networks_links.map((l: Json) => l.rel)).toEqual(['previous']);
  });

  it('answers 404 for a marker that does not exist and 400 for a bad limit', async () => {
    expectNeutronError(await api.call('GET', '/v2.0/networks?limit=2&marker=0b1c3cde-6d6c-4b3c-9d0e-2a1b3c4d5e6f'), 404, 'NetworkNotFound');
    expectStatus(await api.call('GET', '/v2.0/networks?limit=-1'), 400);
    expectStatus(await api.call('GET', '/v2.0/networks?limit=ten'), 400);
  });
});

describe('long lists', () => {
  it('a list larger than the gateway buffers streams (chunked), complete and in order; a short one has a length', async () => {
    const net = await api.create('networks', { name: 'long-list' });
    await api.create('subnets', { network_id: net.id, cidr: '198.51.100.0/24', ip_version: 4 });
    const created = await api.call('POST', '/v2.0/ports', { ports: Array.from({ length: 200 }, (_, i) => ({ network_id: net.id, name: `long-${i}`, description: 'x'.repeat(200) })) });
    expectStatus(created, 201);
    const res = await api.call('GET', `/v2.0/ports?network_id=${net.id}&sort_key=name&sort_dir=desc`);
    expectStatus(res, 200);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-type')).toBe('application/json');
    const expected = created.body.ports.map((p: Json) => p.name).sort().reverse();
    expect(names(res.body.ports)).toEqual(expected);
    expect(new Set(res.body.ports.map((p: Json) => p.fixed_ips[0].ip_address)).size).toBe(200);

    const short = await api.call('GET', `/v2.0/ports?network_id=${net.id}&limit=2&fields=id`);
    expect(Number(short.headers.get('content-length'))).toBeGreaterThan(0);
    expect(short.body.ports).toHaveLength(2);
    expect(short.body.ports_links.map((l: Json) => l.rel)).toEqual(['next']);
  });
});

describe('tag filters', () => {
  it('tags matches resources with all the tags, comma-separated or repeated', async () => {
    expect(sortedNames(await api.list('networks', { tags: 'listing,red' }))).toEqual(['n0', 'n1', 'n4']);
    expect(sortedNames(await api.list('networks', { tags: ['red', 'green'] }))).toEqual(['n4']);
  });

  it('tags-any matches resources with any of the tags', async () => {
    expect(sortedNames(await listing({ 'tags-any': 'red,green' }))).toEqual(['n0', 'n1', 'n3', 'n4', 'n6']);
  });

  it('not-tags excludes resources that have all the tags; not-tags-any those with any', async () => {
    expect(sortedNames(await listing({ 'not-tags': 'red,blue' }))).toEqual(['n0', 'n2', 'n3', 'n4', 'n5', 'n6']);
    expect(sortedNames(await listing({ 'not-tags-any': 'red,blue' }))).toEqual(['n3', 'n5']);
  });

  it('combines tag filters with attribute filters', async () => {
    expect(sortedNames(await listing({ 'tags-any': 'blue', admin_state_up: true }))).toEqual(['n2', 'n6']);
  });
});
