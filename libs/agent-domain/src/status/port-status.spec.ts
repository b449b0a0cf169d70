import { describe, expect, it } from '@jest/globals';
import { convergedActual, scenario, DHCP_A, VM1, VM2 } from '../../test/host-fixtures.js';
import { desiredHostState } from '../desired/desired-host.js';
import { qvoName } from '../names/neutron-names.js';
import { observePortStatuses } from './port-status.js';
import { observeFloatingIpStatuses } from './floatingip-status.js';
import { FIP, QG, QG_NAME, QR_A, QR_NAME, ROUTER_NS, router, routerScenario } from '../../test/router-fixtures.js';

describe('observed port status', () => {
  const desired = desiredHostState(scenario());
  it('is ACTIVE for every port wired here', () => {
    expect(observePortStatuses(desired, convergedActual(desired))).toEqual({ [VM1]: 'ACTIVE', [VM2]: 'ACTIVE', [DHCP_A]: 'ACTIVE' });
  });
  it('is DOWN for an unplugged VM, a VM not yet tagged, and a DHCP port whose dnsmasq is not running', () => {
    const actual = convergedActual(desired);
    const brInt = actual.ovs.bridges[0]!;
    brInt.ports = brInt.ports.filter((p) => p.name !== qvoName(VM1));
    brInt.ports.find((p) => p.name === qvoName(VM2))!.tag = 4095;
    actual.dhcp[0]!.pid = undefined;
    expect(observePortStatuses(desired, actual)).toEqual({ [VM1]: 'DOWN', [VM2]: 'DOWN', [DHCP_A]: 'DOWN' });
  });
});

describe('observed status of router ports and floating IPs', () => {
  const desired = desiredHostState(routerScenario());
  const ns = (actual: ReturnType<typeof convergedActual>) => actual.namespaces.find((n) => n.name === ROUTER_NS)!;

  it('is ACTIVE for the qr- and qg- legs and the floating IP of a router in place', () => {
    const actual = convergedActual(desired);
    expect(observePortStatuses(desired, actual)).toMatchObject({ [QR_A]: 'ACTIVE', [QG]: 'ACTIVE' });
    expect(observeFloatingIpStatuses(desired, actual)).toEqual({ [FIP]: 'ACTIVE' });
  });

  it('is DOWN for a leg whose namespace end is down or whose OVS port vswitchd could not open', () => {
    const actual = convergedActual(desired);
    ns(actual).links.find((l) => l.name === QR_NAME)!.up = false;
    actual.ovs.bridges.find((b) => b.name === 'br-ex')!.ports.find((p) => p.name === QG_NAME)!.interfaces[0]!.ofport = -1;
    expect(observePortStatuses(desired, actual)).toMatchObject({ [QR_A]: 'DOWN', [QG]: 'DOWN' });
  });

  it('has a floating IP DOWN while its address is missing from qg- or the nat table differs', () => {
    const noAddress = convergedActual(desired);
    const qg = ns(noAddress).links.find((l) => l.name === QG_NAME)!;
    qg.addresses = qg.addresses.filter((a) => a !== '203.0.113.140/32');
    expect(observeFloatingIpStatuses(desired, noAddress)).toEqual({ [FIP]: 'DOWN' });
    const natEdited = convergedActual(desired);
    natEdited.routers[0]!.nat = '*nat\nCOMMIT\n';
    expect(observeFloatingIpStatuses(desired, natEdited)).toEqual({ [FIP]: 'DOWN' });
  });

  it('reports the ports and floating IPs of a router that is admin down as DOWN', () => {
    const down = desiredHostState(routerScenario({ routers: [router({ admin_state_up: false })] }));
    const actual = convergedActual(desired);
    expect(observePortStatuses(down, actual)).toMatchObject({ [QR_A]: 'DOWN', [QG]: 'DOWN' });
    expect(observeFloatingIpStatuses(down, actual)).toEqual({ [FIP]: 'DOWN' });
  });
});
