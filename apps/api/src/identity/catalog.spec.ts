import { describe, expect, it } from '@jest/globals';
import { buildCatalog } from './catalog.js';

describe('service catalog', () => {
  it('offers identity, network and load-balancer at the gateway, on three interfaces in the region', () => {
    const catalog = buildCatalog('http://127.0.0.1:9696/', 'RegionOne');
    expect(catalog.map((s) => [s.type, s.name])).toEqual([['identity', 'keystone'], ['network', 'neutron'], ['load-balancer', 'octavia']]);
    const urls = (type: string) => catalog.find((s) => s.type === type)!.endpoints.map((e) => [e.interface, e.region, e.region_id, e.url]);
    expect(urls('network')).toEqual(['public', 'internal', 'admin'].map((i) => [i, 'RegionOne', 'RegionOne', 'http://127.0.0.1:9696']));
    expect(urls('load-balancer')[0]![3]).toBe('http://127.0.0.1:9696/load-balancer');
    expect(urls('identity')[0]![3]).toBe('http://127.0.0.1:9696/identity/v3');
  });

  it('gives the same ids every time, and distinct ids to each endpoint', () => {
    const a = buildCatalog('http://x', 'R1');
    expect(buildCatalog('http://x', 'R1')).toEqual(a);
    const endpointIds = a.flatMap((s) => s.endpoints.map((e) => e.id));
    expect(new Set(endpointIds).size).toBe(9);
    expect(endpointIds.every((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
  });
});
