import { IpamErrors, isNetworkOwnedPort } from '@muon/contracts';

export interface PortSecurityInput {
  portSecurityEnabled: boolean;
  hasAddress: boolean;
  deviceOwner: string;
  /** undefined when the request does not name security groups. */
  requestedGroups: readonly string[] | undefined;
  defaultSecurityGroupId: string | null | undefined;
  addressPairCount: number;
}

/**
 * Security groups filter by address, so Neutron only applies them to ports with port security
 * and an address. Named groups on any other port are a conflict; the project's default group is
 * given only where it can apply, and never to network-owned (infrastructure) ports.
 * Allowed address pairs only mean something with port security on.
 */
export function securityGroupsForNewPort(input: PortSecurityInput): string[] {
  const canFilter = input.portSecurityEnabled && input.hasAddress;
  if (input.addressPairCount > 0 && !input.portSecurityEnabled) throw IpamErrors.addressPairAndPortSecurityRequired();
  if (input.requestedGroups !== undefined) {
    if (input.requestedGroups.length > 0 && !canFilter) throw IpamErrors.portSecurityAndIpRequiredForSecurityGroups();
    return [...new Set(input.requestedGroups)];
  }
  if (!canFilter || isNetworkOwnedPort(input.deviceOwner) || !input.defaultSecurityGroupId) return [];
  return [input.defaultSecurityGroupId];
}

/** The same rules when a port changes: its groups must still be able to apply. */
export function assertSecurityStillApplies(next: {
  port_security_enabled: boolean; hasAddress: boolean; security_groups: readonly string[]; addressPairCount: number;
}, groupsNamedInRequest: boolean): void {
  if (next.addressPairCount > 0 && !next.port_security_enabled) throw IpamErrors.addressPairAndPortSecurityRequired();
  if (next.security_groups.length > 0 && !(next.port_security_enabled && next.hasAddress)) {
    throw groupsNamedInRequest ? IpamErrors.portSecurityAndIpRequiredForSecurityGroups() : IpamErrors.portSecurityPortHasSecurityGroup();
  }
}
