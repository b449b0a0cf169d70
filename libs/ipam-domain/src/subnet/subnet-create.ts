import { allows, Errors, IpamErrors, subnetResource, type RequestContext, type Subnet } from '@muon/contracts';
import { cidrsOverlap, formatCidr, parseCidr, cidrOf, type Cidr } from '../cidr/cidr.js';
import { formatIpAddress, parseIpAddress } from '../cidr/ip-address.js';
import { newResourceStandardFields, withCreateDefaults } from '../standard-attributes/create-defaults.js';
import {
  allocateAnyPrefix, assertPrefixLengthAllowed, assertWithinPoolQuota, freePrefixSpace, isPrefixAvailable,
} from '../subnetpool/prefix-allocation.js';
import { assertGatewayOutsidePools, validateAllocationPools } from './allocation-pools.js';
import { defaultAllocationPools, defaultGatewayValue } from './default-addressing.js';
import {
  assertDhcpCompatible, assertIpv6ModesValid, DEFAULT_SUBNET_LIMITS, normaliseDnsNameservers, normaliseHostRoutes,
  normaliseServiceTypes, parseGatewayIp, type GatewayAddress,
} from './subnet-attributes.js';
import type { SubnetCommand } from './subnet.commands.js';

type CreateCommand = Extract<SubnetCommand, { type: 'create' }>;

/** Builds the subnet Neutron would create for this request, or throws the error Neutron would answer. */
export function buildNewSubnet(command: CreateCommand, ctx: RequestContext): Subnet {
  const { network } = command;
  const a = withCreateDefaults(subnetResource, command.attributes);
  const limits = command.limits ?? DEFAULT_SUBNET_LIMITS;
  const onNetwork = { project_id: network.project_id, network_project_id: network.project_id, shared: network.shared };
  if (!allows('create_subnet', ctx, onNetwork)) {
    if (!allows('get_network', ctx, onNetwork)) throw Errors.notFound('network', network.id);
    throw Errors.policyNotAuthorized('create_subnet');
  }
  const hasCidr = a.cidr !== undefined && a.cidr !== null;
  if (hasCidr && a.prefixlen !== undefined) throw IpamErrors.badSubnetRequest('cidr and prefixlen must not be supplied together');
  if (a.use_default_subnetpool && a.subnetpool_id) {
    throw IpamErrors.badSubnetRequest('subnetpool_id and use_default_subnetpool cannot both be specified');
  }
  // A pool the caller may not see (another project's, not shared) is no pool at all, as in Neutron.
  const facts = command.subnetpool ?? null;
  const visiblePool = facts && allows('get_subnetpool', ctx, { project_id: facts.pool.project_id, shared: facts.pool.shared }) ? facts : null;
  const pool = a.subnetpool_id || a.use_default_subnetpool ? visiblePool : null;
  if (a.use_default_subnetpool && !pool) throw IpamErrors.badSubnetRequest(`No default subnetpool found for IPv${a.ip_version}`);
  if (a.subnetpool_id && !pool) throw IpamErrors.subnetpoolNotFound(a.subnetpool_id);
  if (!pool && !hasCidr) throw IpamErrors.badSubnetRequest('a subnetpool must be specified in the absence of a cidr');
  if (pool && !hasCidr && a.allocation_pools !== undefined) {
    throw IpamErrors.badSubnetRequest('allocation_pools allowed only for specific subnet requests.');
  }
  if (pool && pool.pool.ip_version !== a.ip_version) {
    throw IpamErrors.badSubnetRequest(`Cannot allocate IPv${a.ip_version} subnet from IPv${pool.pool.ip_version} subnet pool`);
  }

  const cidr = hasCidr ? parseRequestedCidr(a.cidr!, a.ip_version) : null;
  const allocated = pool ? allocateFromPool(pool, cidr, a.gateway_ip ?? null, a.prefixlen) : cidr!;
  if (allocated.prefixlen === 0) throw Errors.invalidInput('0 is not allowed as CIDR prefix length');
  if (a.enable_dhcp) assertDhcpCompatible(allocated);

  const gateway: GatewayAddress | null =
    a.gateway_ip === null ? null
    : a.gateway_ip === undefined ? defaultGateway(allocated)
    : parseGatewayIp(a.gateway_ip, allocated);
  const dnsNameservers = normaliseDnsNameservers(a.dns_nameservers ?? [], a.ip_version, limits);
  const hostRoutes = normaliseHostRoutes(a.host_routes ?? [], a.ip_version, limits);
  const modes = { ipv6_ra_mode: a.ipv6_ra_mode ?? null, ipv6_address_mode: a.ipv6_address_mode ?? null };
  assertIpv6ModesValid({ ip_version: a.ip_version, enable_dhcp: a.enable_dhcp ?? true, ...modes }, allocated);

  const subnetpoolId = pool?.pool.id ?? null;
  for (const other of network.subnets) {
    if (other.ip_version === a.ip_version && other.subnetpool_id !== subnetpoolId) throw IpamErrors.networkSubnetPoolAffinity();
  }
  const cidrText = formatCidr(allocated);
  for (const other of network.subnets) {
    const otherCidr = parseCidr(other.cidr);
    if (otherCidr && cidrsOverlap(otherCidr, allocated)) {
      throw Errors.invalidInput(`Requested subnet with cidr: ${cidrText} for network: ${network.id} overlaps with another subnet`);
    }
  }

  const gatewayText = gateway?.text ?? null;
  let allocationPools;
  if (a.allocation_pools === undefined) {
    allocationPools = defaultAllocationPools(allocated, gateway?.value ?? null);
  } else {
    const validated = validateAllocationPools(a.allocation_pools, allocated);
    if (gateway) assertGatewayOutsidePools(gateway, validated);
    allocationPools = validated.map((p) => p.pool);
  }

  return {
    ...newResourceStandardFields(command.id, a, command.now),
    network_id: network.id,
    ip_version: a.ip_version,
    cidr: cidrText,
    subnetpool_id: subnetpoolId,
    gateway_ip: gatewayText,
    allocation_pools: allocationPools,
    dns_nameservers: dnsNameservers,
    host_routes: hostRoutes,
    enable_dhcp: a.enable_dhcp ?? true,
    ...modes,
    segment_id: a.segment_id ?? null,
    service_types: normaliseServiceTypes(a.service_types ?? []),
  };
}

function parseRequestedCidr(text: string, ipVersion: number): Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw Errors.invalidAttribute('cidr', `'${text}' is not a valid IP subnet`);
  if (cidr.version !== ipVersion) throw Errors.invalidInput(`cidr '${text}' does not match the ip_version '${ipVersion}'`);
  return cidr;
}

/** Neutron's default gateway, the address after the network address; not validated, as Neutron does not. */
function defaultGateway(cidr: Cidr): GatewayAddress {
  const value = defaultGatewayValue(cidr);
  return { text: formatIpAddress({ version: cidr.version, value }), value };
}

/**
 * The CIDR a pool gives this subnet: the requested one if free, a block around a requested
 * gateway, or the best free block of the requested (or the pool's default) length.
 */
function allocateFromPool(
  facts: NonNullable<CreateCommand['subnetpool']>, requested: Cidr | null, gatewayIp: string | null, prefixlenAsked: number | undefined,
): Cidr {
  const { pool } = facts;
  const free = freePrefixSpace(pool.prefixes, facts.allocatedCidrs);
  let specific = requested;
  if (!specific && gatewayIp) {
    const gw = parseIpAddress(gatewayIp);
    if (!gw || gw.version !== pool.ip_version) throw Errors.invalidAttribute('gateway_ip', `'${gatewayIp}' is not a valid IP address`);
    specific = cidrOf(gw.version, gw.value, prefixlenAsked ?? pool.default_prefixlen);
  }
  const prefixlen = specific?.prefixlen ?? prefixlenAsked ?? pool.default_prefixlen;
  assertPrefixLengthAllowed(pool, prefixlen);
  assertWithinPoolQuota(pool, facts.projectAllocatedCidrs, prefixlen);
  if (specific) {
    if (!isPrefixAvailable(free, specific)) {
      throw IpamErrors.subnetAllocationError('Cannot allocate requested subnet from the available set of prefixes');
    }
    return specific;
  }
  const any = allocateAnyPrefix(pool.ip_version, free, prefixlen);
  if (!any) throw IpamErrors.subnetAllocationError(`Insufficient prefix space to allocate subnet size /${prefixlen}`);
  return any;
}
