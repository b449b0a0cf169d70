import { describe, expect, it } from '@jest/globals';
import {
  dhcpNamespace, hostnameForIp, integrationPatchName, namespaceLinkName, physicalPatchName, qvoName, routerGatewayName, routerInterfaceName, routerNamespace, tapName, tunnelPortName,
} from './neutron-names.js';

describe('Neutron names', () => {
  const id = 'c0ffee12-3456-4789-abcd-ef0123456789';
  it('names legs after the first 11 characters of the port id, within Linux 15-character limit', () => {
    expect(tapName(id)).toBe('tapc0ffee12-34');
    expect(namespaceLinkName(id)).toBe('ns-c0ffee12-34');
    expect(qvoName(id)).toBe('qvoc0ffee12-34');
    expect(tapName(id).length).toBeLessThanOrEqual(15);
  });
  it('names namespaces qdhcp-<network id> and qrouter-<router id> behind the host prefix', () => {
    expect(dhcpNamespace('', 'n1')).toBe('qdhcp-n1');
    expect(dhcpNamespace('mt42-hA-', 'n1')).toBe('mt42-hA-qdhcp-n1');
    expect(routerNamespace('mt42-hA-', 'r1')).toBe('mt42-hA-qrouter-r1');
  });
  it('names router legs qr-/qg- after the port id, within 15 characters', () => {
    expect(routerInterfaceName(id)).toBe('qr-c0ffee12-34');
    expect(routerGatewayName(id)).toBe('qg-c0ffee12-34');
  });
  it('names a tunnel port after the remote address in hex, like Neutron', () => {
    expect(tunnelPortName('198.51.100.2')).toBe('vxlan-c6336402');
  });
  it('names bridge-mapping patch ports int-/phy- and keeps them within 15 characters', () => {
    expect(integrationPatchName('br-eth1')).toBe('int-br-eth1');
    expect(physicalPatchName('br-provider-long')).toBe('phy-br-provider');
  });
  it('dashes an address into a hostname', () => {
    expect(hostnameForIp('203.0.113.16')).toBe('host-203-0-113-16');
  });
});
