import { describe, expect, it } from '@jest/globals';
import { flowCookie, flowLines, renderFlowTable } from './flow-table.js';
import type { TunnelFlowIntent } from './flow-intents.js';

const tunnelIntent: TunnelFlowIntent = {
  kind: 'tunnel', bridge: 'br-tun', patchPort: 'patch-int', tunnelPorts: ['vxlan-c6336402'],
  networks: [{ tag: 1, vni: 1001, tunnelPorts: ['vxlan-c6336402'] }],
};
const ofports: Record<string, number> = { 'patch-int': 1, 'vxlan-c6336402': 10, 'vxlan-c6336403': 11, 'int-br-eth1': 5, 'phy-br-eth1': 2, qvodead: 7 };

describe('br-tun flow table', () => {
  it('is the tag ↔ VNI table of DATAPLANE.md §2', () => {
    const t = renderFlowTable(tunnelIntent, (n) => ofports[n]);
    expect(t.complete).toBe(true);
    expect(t.flows).toEqual([
      'table=0,priority=0,actions=drop',
      'table=0,priority=1,in_port=1,actions=resubmit(,2)',
      'table=0,priority=1,in_port=10,actions=resubmit(,4)',
      'table=2,priority=0,actions=drop',
      'table=2,priority=1,dl_vlan=1,actions=strip_vlan,set_tunnel:1001,output:10',
      'table=4,priority=0,actions=drop',
      'table=4,priority=1,tun_id=1001,actions=mod_vlan_vid:1,output:1',
    ]);
    expect(flowLines(t)[0]).toBe(`cookie=0x${t.cookie},table=0,priority=0,actions=drop`);
  });
  it('floods a network to every host that shares it, and sends nothing for a network no other host has', () => {
    const t = renderFlowTable({ ...tunnelIntent, tunnelPorts: ['vxlan-c6336402', 'vxlan-c6336403'],
      networks: [{ tag: 1, vni: 1001, tunnelPorts: ['vxlan-c6336403', 'vxlan-c6336402'] }, { tag: 2, vni: 1002, tunnelPorts: [] }] }, (n) => ofports[n]);
    expect(t.flows).toContain('table=2,priority=1,dl_vlan=1,actions=strip_vlan,set_tunnel:1001,output:10,output:11');
    expect(t.flows.filter((f) => f.includes('dl_vlan=2'))).toEqual([]);
    expect(t.flows).toContain('table=4,priority=1,tun_id=1002,actions=mod_vlan_vid:2,output:1');
  });
  it('leaves out flows for ports vswitchd has not numbered yet and says the table is incomplete', () => {
    const t = renderFlowTable(tunnelIntent, (n) => (n === 'patch-int' ? 1 : undefined));
    expect(t.complete).toBe(false);
    expect(t.flows.some((f) => f.includes('output:'))).toBe(true); // table 4 → patch
    expect(t.flows.some((f) => f.includes('set_tunnel'))).toBe(false);
  });
});

describe('provider flow tables', () => {
  it('br-int tags frames from a physical bridge (VLAN and flat)', () => {
    const t = renderFlowTable({ kind: 'integration', bridge: 'br-int',
      physical: [{ patchPort: 'int-br-eth1', segments: [{ tag: 3, segmentationId: 100 }, { tag: 4, segmentationId: null }] }] }, (n) => ofports[n]);
    expect(t.flows).toEqual([
      'table=0,priority=0,actions=NORMAL',
      'table=0,priority=2,in_port=5,actions=drop',
      'table=0,priority=3,in_port=5,dl_vlan=100,actions=mod_vlan_vid:3,NORMAL',
      'table=0,priority=3,in_port=5,vlan_tci=0x0000/0x1fff,actions=mod_vlan_vid:4,NORMAL',
    ]);
  });
  it('a physical bridge swaps the local tag for the provider VLAN, or strips it for flat', () => {
    const t = renderFlowTable({ kind: 'physical', bridge: 'br-eth1', patchPort: 'phy-br-eth1', segments: [{ tag: 3, segmentationId: 100 }, { tag: 4, segmentationId: null }] }, (n) => ofports[n]);
    expect(t.flows).toEqual([
      'table=0,priority=0,actions=NORMAL',
      'table=0,priority=2,in_port=2,actions=drop',
      'table=0,priority=4,in_port=2,dl_vlan=3,actions=mod_vlan_vid:100,NORMAL',
      'table=0,priority=4,in_port=2,dl_vlan=4,actions=strip_vlan,NORMAL',
    ]);
  });
});

describe('flow cookie', () => {
  it('is stable for the same flows, differs when a flow differs, and is never 0', () => {
    expect(flowCookie(['a', 'b'])).toBe(flowCookie(['a', 'b']));
    expect(flowCookie(['a', 'b'])).not.toBe(flowCookie(['a', 'c']));
    expect(flowCookie(['a'])).toMatch(/^[0-9a-f]{1,16}$/);
    expect(flowCookie([])).not.toBe('0');
  });
});
