import { describe, expect, it } from '@jest/globals';
import { NetworkScenario } from '../../test/support/network-scenario.js';
import { loadDataplaneConfig } from './dataplane-config.js';
import { startHostDataplane } from './host-dataplane.js';

describe('the in-memory host dataplane (the embedded default without root or OVS)', () => {
  it('does nothing until it has a desired state, then converges and shows the switch like ovs-vsctl', async () => {
    const config = loadDataplaneConfig({ MUON_HOST_ID: 'hostA', MUON_AGENT_DATAPLANE: 'memory' }, '/nonexistent');
    const dp = await startHostDataplane(config, { kind: 'memory', reason: 'test' }, { log: () => {} });
    try {
      await dp.loop.whenIdle();
      expect(await dp.drivers.ovs.show()).not.toContain('br-int');
      const s = new NetworkScenario();
      const net = s.network('neta', 1001);
      const sub = s.subnet(net, '203.0.113.0/26', '203.0.113.1');
      s.port('dhcpa', net, sub, '203.0.113.2', 'hostA', 'network:dhcp');
      dp.desired.set(s.inputs(dp.hostConfig));
      await new Promise((r) => setTimeout(r, 100));
      await dp.loop.whenIdle();
      expect(await dp.drivers.ovs.show()).toMatch(/Bridge br-int\n(.|\n)*Port tap64680001-00\n\s+tag: 1/);
    } finally {
      await dp.stop();
    }
  });
});
