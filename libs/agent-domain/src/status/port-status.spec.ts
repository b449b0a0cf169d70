import { describe, expect, it } from '@jest/globals';
import { convergedActual, scenario, DHCP_A, VM1, VM2 } from '../../test/host-fixtures.js';
import { desiredHostState } from '../desired/desired-host.js';
import { qvoName } from '../names/neutron-names.js';
import { observePortStatuses } from './port-status.js';

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
