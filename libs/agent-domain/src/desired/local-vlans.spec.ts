import { describe, expect, it } from '@jest/globals';
import type { ActualOvsPort } from '../actual/actual-host.js';
import { allocateLocalVlans, existingLocalVlans } from './local-vlans.js';

const port = (name: string, tag: number | undefined, net?: string): ActualOvsPort =>
  ({ name, tag, externalIds: {}, otherConfig: net ? { net_uuid: net } : {}, interfaces: [] });

describe('local VLAN allocation (per host)', () => {
  it('gives new networks the lowest free tags', () => {
    expect(allocateLocalVlans(['n2', 'n1'], {})).toEqual({ n1: 1, n2: 2 });
  });
  it('keeps the tag a network already has, so a restart re-tags nothing', () => {
    expect(allocateLocalVlans(['n1', 'n2', 'n3'], { n2: 1, n3: 7 })).toEqual({ n2: 1, n3: 7, n1: 2 });
  });
  it('frees the tag of a network that has no port left here', () => {
    expect(allocateLocalVlans(['n3'], { n1: 1, n3: 2 })).toEqual({ n3: 2 });
    expect(allocateLocalVlans(['n3', 'n4'], { n3: 2 })).toEqual({ n3: 2, n4: 1 });
  });
  it('resolves two networks claiming one tag by keeping it for one and re-tagging the other', () => {
    expect(allocateLocalVlans(['n1', 'n2'], { n1: 5, n2: 5 })).toEqual({ n1: 5, n2: 1 });
  });
  it('ignores out-of-range tags and fails when all 4094 are taken', () => {
    expect(allocateLocalVlans(['n1'], { n1: 4095 })).toEqual({ n1: 1 });
    const many = Array.from({ length: 4095 }, (_, i) => `n${String(i).padStart(5, '0')}`);
    expect(() => allocateLocalVlans(many, {})).toThrow(/no local VLAN left/);
  });
  it('reads existing tags from br-int ports, by majority, ignoring the dead VLAN and other bridges', () => {
    const ovs = {
      id: 'x',
      bridges: [
        { name: 'br-int', datapathType: 'netdev', failMode: undefined, ports: [port('a', 3, 'n1'), port('b', 3, 'n1'), port('c', 9, 'n1'), port('d', 4095, 'n2'), port('e', 4), port('f', 6, 'n3')] },
        { name: 'br-tun', datapathType: 'netdev', failMode: 'secure', ports: [port('g', 8, 'n4')] },
      ],
    };
    expect(existingLocalVlans(ovs, 'br-int')).toEqual({ n1: 3, n3: 6 });
  });
});
