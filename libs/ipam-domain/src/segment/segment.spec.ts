import { describe, expect, it } from '@jest/globals';
import { seededRandomBelow } from '../ranges/random-source.js';
import { assertSegmentShape, maxMtuFor, planSegment } from './provider-segment.js';
import { firstFreeSegmentId, randomSegmentId } from './segment-candidates.js';
import { DEFAULT_SEGMENT_CONFIG, parseVlanRanges, parseVxlanRanges, type SegmentConfig } from './segment-config.js';

const config: SegmentConfig = {
  ...DEFAULT_SEGMENT_CONFIG,
  vxlanRanges: [{ min: 1001, max: 2000 }],
  vlanRanges: { physnet1: [{ min: 100, max: 200 }], physnet2: [] },
  flatNetworks: ['public'],
};
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

describe('segment range configuration', () => {
  it('parses VNI ranges', () => {
    expect(parseVxlanRanges('1001:2000, 3000:3100')).toEqual([{ min: 1001, max: 2000 }, { min: 3000, max: 3100 }]);
  });

  it('parses VLAN ranges per physical network, with or without ranges', () => {
    expect(parseVlanRanges('physnet1:100:200,physnet1:300:310,physnet2')).toEqual({
      physnet1: [{ min: 100, max: 200 }, { min: 300, max: 310 }], physnet2: [],
    });
  });

  it('refuses reversed, out-of-range and malformed ranges', () => {
    expect(() => parseVxlanRanges('2000:1000')).toThrow(/end is less than start/);
    expect(() => parseVxlanRanges('0:10')).toThrow(/outside/);
    expect(() => parseVlanRanges('physnet1:1:4095')).toThrow(/outside/);
    expect(() => parseVlanRanges('physnet1:100')).toThrow(/expected/);
    expect(() => parseVxlanRanges('a:b')).toThrow(/not an integer/);
  });
});

describe('provider attributes', () => {
  it('gives a network without provider attributes a VXLAN id from the tenant ranges', () => {
    expect(planSegment({}, config)).toEqual({ kind: 'pick', network_type: 'vxlan', choices: [{ physical_network: null, ranges: [{ min: 1001, max: 2000 }] }] });
  });

  it('answers 503 NoNetworkAvailable when no tenant type has ranges', () => {
    expect(errorOf(() => planSegment({}, { ...config, vxlanRanges: [] }))).toMatchObject({ status: 503, type: 'NoNetworkAvailable' });
  });

  it('requires a physical network and no segmentation id for flat networks', () => {
    expect(planSegment({ 'provider:network_type': 'flat', 'provider:physical_network': 'public' }, config))
      .toEqual({ kind: 'fixed', segment: { network_type: 'flat', physical_network: 'public', segmentation_id: null } });
    expect(errorOf(() => planSegment({ 'provider:network_type': 'flat' }, config)).message).toContain('physical_network required for flat provider network');
    expect(errorOf(() => planSegment({ 'provider:network_type': 'flat', 'provider:physical_network': 'public', 'provider:segmentation_id': 5 }, config)).type).toBe('InvalidInput');
    expect(errorOf(() => planSegment({ 'provider:network_type': 'flat', 'provider:physical_network': 'other' }, config)).message).toContain("physical_network 'other' unknown");
  });

  it('takes a given VLAN 1..4094 on a known physical network', () => {
    expect(planSegment({ 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet2', 'provider:segmentation_id': 4094 }, config))
      .toEqual({ kind: 'fixed', segment: { network_type: 'vlan', physical_network: 'physnet2', segmentation_id: 4094 } });
    expect(errorOf(() => planSegment({ 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1', 'provider:segmentation_id': 4095 }, config)).message)
      .toContain('segmentation_id out of range (1 through 4094)');
    expect(errorOf(() => planSegment({ 'provider:network_type': 'vlan', 'provider:segmentation_id': 10 }, config)).message)
      .toContain('segmentation_id requires physical_network');
  });

  it('picks a VLAN from the ranges of the given physical network, or of any when none is given', () => {
    expect(planSegment({ 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet1' }, config))
      .toMatchObject({ kind: 'pick', choices: [{ physical_network: 'physnet1' }] });
    expect(planSegment({ 'provider:network_type': 'vlan' }, config)).toMatchObject({ kind: 'pick', choices: [{ physical_network: 'physnet1' }] });
    expect(errorOf(() => planSegment({ 'provider:network_type': 'vlan', 'provider:physical_network': 'physnet2' }, config)).status).toBe(503);
  });

  it('refuses a physical network on a VXLAN network and VNIs beyond 24 bits', () => {
    expect(errorOf(() => planSegment({ 'provider:network_type': 'vxlan', 'provider:physical_network': 'physnet1' }, config)).type).toBe('InvalidInput');
    expect(errorOf(() => planSegment({ 'provider:network_type': 'vxlan', 'provider:segmentation_id': 2 ** 24 }, config)).message).toContain('1 through 16777215');
    expect(planSegment({ 'provider:network_type': 'vxlan', 'provider:segmentation_id': 5 }, config)).toMatchObject({ kind: 'fixed' });
  });

  it('refuses a physical network or id without a network type', () => {
    expect(errorOf(() => planSegment({ 'provider:physical_network': 'physnet1' }, config)).message).toContain('network_type required');
  });

  it('checks the shape of a reserved segment', () => {
    expect(() => assertSegmentShape({ network_type: 'vxlan', physical_network: null, segmentation_id: 1001 })).not.toThrow();
    expect(() => assertSegmentShape({ network_type: 'vlan', physical_network: 'physnet1', segmentation_id: null })).toThrow();
  });

  it('gives VXLAN networks 50 bytes less MTU than the physical network', () => {
    expect(maxMtuFor('vxlan', config)).toBe(1450);
    expect(maxMtuFor('vlan', config)).toBe(1500);
    expect(maxMtuFor('flat', { globalPhysnetMtu: 9000 })).toBe(9000);
  });
});

describe('segment id candidates', () => {
  it('picks random ids only inside the ranges', () => {
    const random = seededRandomBelow(9);
    for (let i = 0; i < 100; i++) {
      const id = randomSegmentId([{ min: 10, max: 12 }, { min: 50, max: 50 }], random);
      expect([10, 11, 12, 50]).toContain(id);
    }
  });

  it('finds the next free id and answers null when the range is exhausted', () => {
    expect(firstFreeSegmentId([{ min: 1, max: 5 }], [3, 1, 2])).toBe(4);
    expect(firstFreeSegmentId([{ min: 1, max: 5 }], [5], 5)).toBe(1);
    expect(firstFreeSegmentId([{ min: 1, max: 2 }], [1, 2])).toBeNull();
  });
});
