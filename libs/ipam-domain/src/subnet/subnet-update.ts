import { Errors, IpamErrors, type Subnet } from '@muon/contracts';
import { parseCidr } from '../cidr/cidr.js';
import { parseIpAddress } from '../cidr/ip-address.js';
import { changedKeys } from '../standard-attributes/create-defaults.js';
import { assertGatewayOutsidePools, storedPoolRanges, validateAllocationPools, type ValidatedPool } from './allocation-pools.js';
import {
  assertDhcpCompatible, DEFAULT_SUBNET_LIMITS, normaliseDnsNameservers, normaliseHostRoutes, normaliseServiceTypes,
  parseGatewayIp, type GatewayAddress,
} from './subnet-attributes.js';
import type { SubnetCommand } from './subnet.commands.js';

type UpdateCommand = Extract<SubnetCommand, { type: 'update' }>;

/**
 * Applies a PUT to a subnet with Neutron's rules: what may change is re-validated against the
 * CIDR, which never changes. Returns the changed fields, or an empty object when the request
 * changes nothing (Neutron then keeps the revision).
 */
export function subnetChanges(current: Subnet, command: UpdateCommand): Partial<Subnet> {
  const c = command.changes;
  const limits = command.limits ?? DEFAULT_SUBNET_LIMITS;
  const cidr = parseCidr(current.cidr)!;
  const next: Partial<Subnet> = {};
  if (c.name !== undefined) next.name = c.name;
  if (c.description !== undefined) next.description = c.description;
  if (c.service_types !== undefined) next.service_types = normaliseServiceTypes(c.service_types);
  if (c.dns_nameservers !== undefined) next.dns_nameservers = normaliseDnsNameservers(c.dns_nameservers, current.ip_version, limits, current.id);
  if (c.host_routes !== undefined) next.host_routes = normaliseHostRoutes(c.host_routes, current.ip_version, limits, current.id);

  if (c.enable_dhcp !== undefined) {
    // Turning DHCP on re-checks the prefix; subnets that already serve DHCP are left alone.
    if (c.enable_dhcp && !current.enable_dhcp) assertDhcpCompatible(cidr);
    if (!c.enable_dhcp && (current.ipv6_ra_mode !== null || current.ipv6_address_mode !== null)) {
      throw Errors.invalidInput('Cannot disable enable_dhcp with ipv6 attributes set');
    }
    next.enable_dhcp = c.enable_dhcp;
  }

  let gateway: GatewayAddress | null = current.gateway_ip === null ? null : parseGatewayAddress(current.gateway_ip);
  let gatewayChanged = false;
  if (c.gateway_ip !== undefined) {
    const wanted = c.gateway_ip === null ? null : parseGatewayIp(c.gateway_ip, cidr);
    gatewayChanged = (wanted?.text ?? null) !== current.gateway_ip;
    if (gatewayChanged && current.gateway_ip !== null && command.gatewayPortId) {
      throw IpamErrors.gatewayIpInUse(current.gateway_ip, command.gatewayPortId);
    }
    gateway = wanted;
    next.gateway_ip = wanted?.text ?? null;
  }

  let pools: ValidatedPool[] | null = null;
  if (c.allocation_pools !== undefined) {
    pools = validateAllocationPools(c.allocation_pools, cidr);
    next.allocation_pools = pools.map((p) => p.pool);
  }
  if (gateway && (gatewayChanged || pools)) assertGatewayOutsidePools(gateway, pools ?? storedPoolRanges(current.allocation_pools));

  const changed = changedKeys(current, next);
  return Object.fromEntries(changed.map((k) => [k, next[k]]));
}

/** The stored gateway, already validated when it was written. */
const parseGatewayAddress = (text: string): GatewayAddress => ({ text, value: parseIpAddress(text)!.value });
