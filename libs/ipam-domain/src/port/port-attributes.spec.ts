import { describe, expect, it } from '@jest/globals';
import { normaliseAllowedAddressPairs } from './address-pairs.js';
import { extraDhcpOptsOnCreate, mergeExtraDhcpOpts } from './extra-dhcp-opts.js';
import { assertSecurityStillApplies, securityGroupsForNewPort } from './port-security.js';

const MAC = 'fa:16:3e:00:00:01';
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

describe('allowed address pairs', () => {
  it("fills in the port's MAC and accepts addresses and CIDRs", () => {
    expect(normaliseAllowedAddressPairs([{ ip_address: '10.0.0.100' }, { ip_address: '10.1.0.0/16', mac_address: 'FA:16:3E:00:00:02' }], MAC, 10))
      .toEqual([{ ip_address: '10.0.0.100', mac_address: MAC }, { ip_address: '10.1.0.0/16', mac_address: 'fa:16:3e:00:00:02' }]);
  });

  it('refuses duplicates, multicast addresses and MACs, and more pairs than allowed', () => {
    expect(errorOf(() => normaliseAllowedAddressPairs([{ ip_address: '10.0.0.1' }, { ip_address: '10.0.0.1' }], MAC, 10)).type).toBe('DuplicateAddressPairInRequest');
    expect(errorOf(() => normaliseAllowedAddressPairs([{ ip_address: '224.0.0.5' }], MAC, 10)).status).toBe(400);
    expect(errorOf(() => normaliseAllowedAddressPairs([{ ip_address: '10.0.0.1', mac_address: '01:00:5e:00:00:01' }], MAC, 10)).status).toBe(400);
    expect(errorOf(() => normaliseAllowedAddressPairs([{ ip_address: '10.0.0.1' }, { ip_address: '10.0.0.2' }], MAC, 1)))
      .toMatchObject({ status: 400, type: 'AllowedAddressPairExhausted' });
  });
});

describe('extra DHCP options', () => {
  it('defaults ip_version to 4 and drops options created without a value', () => {
    expect(extraDhcpOptsOnCreate([{ opt_name: 'bootfile-name', opt_value: 'pxelinux.0' }, { opt_name: 'tftp-server', opt_value: null }]))
      .toEqual([{ opt_name: 'bootfile-name', opt_value: 'pxelinux.0', ip_version: 4 }]);
  });

  it('merges an update by name and IP version, null removing an option', () => {
    const current = [{ opt_name: 'a', opt_value: '1', ip_version: 4 as const }, { opt_name: 'b', opt_value: '2', ip_version: 4 as const }];
    expect(mergeExtraDhcpOpts(current, [{ opt_name: 'a', opt_value: null }, { opt_name: 'b', opt_value: '3' }, { opt_name: 'b', opt_value: '6', ip_version: 6 }]))
      .toEqual([{ opt_name: 'b', opt_value: '3', ip_version: 4 }, { opt_name: 'b', opt_value: '6', ip_version: 6 }]);
  });

  it('allows an empty value only for router and classless-static-route', () => {
    expect(extraDhcpOptsOnCreate([{ opt_name: 'router', opt_value: '' }])).toHaveLength(1);
    expect(errorOf(() => extraDhcpOptsOnCreate([{ opt_name: 'dns-server', opt_value: '' }])).status).toBe(400);
  });
});

describe('port security and security groups', () => {
  const base = { portSecurityEnabled: true, hasAddress: true, deviceOwner: 'compute:nova', requestedGroups: undefined, defaultSecurityGroupId: 'default-sg', addressPairCount: 0 };

  it("gives a VM port the project's default group", () => {
    expect(securityGroupsForNewPort(base)).toEqual(['default-sg']);
  });

  it('gives no default group to network-owned ports, ports without port security, or without addresses', () => {
    expect(securityGroupsForNewPort({ ...base, deviceOwner: 'network:dhcp' })).toEqual([]);
    expect(securityGroupsForNewPort({ ...base, portSecurityEnabled: false })).toEqual([]);
    expect(securityGroupsForNewPort({ ...base, hasAddress: false })).toEqual([]);
  });

  it('answers 409 for named groups on a port without port security, or address pairs without it', () => {
    expect(errorOf(() => securityGroupsForNewPort({ ...base, portSecurityEnabled: false, requestedGroups: ['sg'] })))
      .toMatchObject({ status: 409, type: 'PortSecurityAndIPRequiredForSecurityGroups' });
    expect(errorOf(() => securityGroupsForNewPort({ ...base, portSecurityEnabled: false, addressPairCount: 1 })).type).toBe('AddressPairAndPortSecurityRequired');
    expect(securityGroupsForNewPort({ ...base, requestedGroups: ['a', 'a', 'b'] })).toEqual(['a', 'b']);
  });

  it('refuses to turn port security off while groups remain', () => {
    expect(errorOf(() => assertSecurityStillApplies({ port_security_enabled: false, hasAddress: true, security_groups: ['sg'], addressPairCount: 0 }, false)).type)
      .toBe('PortSecurityPortHasSecurityGroup');
  });
});
