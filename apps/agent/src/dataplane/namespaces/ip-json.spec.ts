import { describe, expect, it } from '@jest/globals';
import { parseIpAddrJson, parseIpLinkNames } from './ip-json.js';

describe('ip -j parsing', () => {
  it('reads name, MAC, MTU, up and addresses, leaving out IPv6 link-local', () => {
    const json = JSON.stringify([{
      ifindex: 2, ifname: 'ns-64680001-00', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], mtu: 1450, address: 'FA:16:3E:00:00:10',
      addr_info: [{ family: 'inet', local: '203.0.113.2', prefixlen: 26 }, { family: 'inet6', local: 'fe80::f816:3eff:fe00:10', prefixlen: 64 }],
    }, { ifname: 'ns-down', flags: ['BROADCAST'], mtu: 1500, address: '00:00:00:00:00:01' }]);
    expect(parseIpAddrJson(json)).toEqual([
      { name: 'ns-64680001-00', mac: 'fa:16:3e:00:00:10', mtu: 1450, up: true, addresses: ['203.0.113.2/26'] },
      { name: 'ns-down', mac: '00:00:00:00:00:01', mtu: 1500, up: false, addresses: [] },
    ]);
  });
  it('lists link names', () => {
    expect(parseIpLinkNames('[{"ifname":"lo"},{"ifname":"tap1"}]')).toEqual(['lo', 'tap1']);
    expect(parseIpLinkNames('')).toEqual([]);
  });
});
