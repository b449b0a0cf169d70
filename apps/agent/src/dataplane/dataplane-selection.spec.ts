import { describe, expect, it } from '@jest/globals';
import { loadDataplaneConfig, parseBridgeMappings } from './dataplane-config.js';
import { selectDataplane } from './dataplane-selection.js';

describe('choosing the dataplane', () => {
  const ok = { root: true, missing: [] };
  it('auto takes the real one when it can, and the in-memory one with the reason when it cannot', () => {
    expect(selectDataplane('auto', ok)).toEqual({ kind: 'real', reason: 'root, Open vSwitch and dnsmasq present' });
    expect(selectDataplane('auto', { root: false, missing: [] })).toEqual({ kind: 'memory', reason: 'in-memory dataplane: not running as root' });
    expect(selectDataplane('auto', { root: true, missing: ['ovs-vswitchd'] })).toEqual({ kind: 'memory', reason: 'in-memory dataplane: missing ovs-vswitchd' });
  });
  it('real refuses to start without what it needs; off and memory need nothing', () => {
    expect(() => selectDataplane('real', { root: false, missing: [] })).toThrow(/not running as root/);
    expect(selectDataplane('off', ok).kind).toBe('off');
    expect(selectDataplane('memory', ok).kind).toBe('memory');
  });
});

describe('agent dataplane configuration', () => {
  it('defaults to auto, the host name, .muon/hosts/<host>, the muon-<host> namespace, public on br-ex, and the l2, dhcp and l3 agents', () => {
    expect(loadDataplaneConfig({ MUON_HOST_ID: 'compute1' }, '/srv/muon')).toEqual({
      mode: 'auto', host: 'compute1', stateDir: '/srv/muon/.muon/hosts/compute1', hostNamespace: 'muon-compute1', tunnelIp: undefined, bridgeMappings: { public: 'br-ex' },
      namespacePrefix: '', teardownOnExit: false, capabilities: ['l2', 'dhcp', 'l3'], resyncMs: 60000,
    });
  });
  it('takes an empty MUON_AGENT_BRIDGE_MAPPINGS as no mappings at all', () => {
    expect(loadDataplaneConfig({ MUON_AGENT_BRIDGE_MAPPINGS: '' }).bridgeMappings).toEqual({});
  });
  it('refuses unknown capabilities and an agent without l2', () => {
    expect(() => loadDataplaneConfig({ MUON_AGENT_CAPABILITIES: 'l2,bgp' })).toThrow(/unknown bgp/);
    expect(() => loadDataplaneConfig({ MUON_AGENT_CAPABILITIES: 'dhcp' })).toThrow(/must include l2/);
  });
  it('reads bridge mappings and rejects malformed ones and unknown modes', () => {
    expect(parseBridgeMappings('physnet1:br-eth1, physnet2:br-eth2')).toEqual({ physnet1: 'br-eth1', physnet2: 'br-eth2' });
    expect(() => parseBridgeMappings('physnet1')).toThrow(/not physnet:bridge/);
    expect(() => loadDataplaneConfig({ MUON_AGENT_DATAPLANE: 'kernel' })).toThrow(/off, auto, real or memory/);
  });
});
