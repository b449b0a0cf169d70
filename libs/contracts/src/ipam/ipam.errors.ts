import { Errors, NeutronError } from '../errors.js';

const inUse = (type: string, message: string, detail = '') => new NeutronError(409, type, message, detail);
const badRequest = (type: string, message: string) => new NeutronError(400, type, message);
const poolText = (pool: { start: string; end: string }) => `${pool.start}-${pool.end}`;

/**
 * The IPAM errors Neutron users know: Neutron's type names and status codes, so clients that
 * switch on `type` keep working, with messages that say the same thing Neutron's do.
 */
export const IpamErrors = {
  // --- networks and segments
  networkInUse: (networkId: string, portIds: string[] = []) =>
    inUse('NetworkInUse', `Unable to complete operation on network ${networkId}. There are one or more ports still in use on the network.`,
      portIds.length ? `ports in use: ${portIds.join(',')}` : ''),
  invalidSharedSetting: (network: string) =>
    inUse('InvalidSharedSetting', `Unable to reconfigure sharing settings for network ${network}. Multiple tenants are using it.`),
  externalNetworkInUse: (networkId: string) =>
    inUse('ExternalNetworkInUse', `External network ${networkId} cannot be updated to be made non-external, since it has existing gateway ports.`),
  vlanIdInUse: (vlanId: number, physicalNetwork: string) =>
    inUse('VlanIdInUse', `Unable to create the network. The VLAN ${vlanId} on physical network ${physicalNetwork} is in use.`),
  tunnelIdInUse: (tunnelId: number) => inUse('TunnelIdInUse', `Unable to create the network. The tunnel ID ${tunnelId} is in use.`),
  flatNetworkInUse: (physicalNetwork: string) =>
    inUse('FlatNetworkInUse', `Unable to create the flat network. Physical network ${physicalNetwork} is in use.`),
  noNetworkAvailable: () =>
    new NeutronError(503, 'NoNetworkAvailable', 'Unable to create the network. No tenant network is available for allocation.'),
  providerUpdateNotSupported: () => Errors.invalidInput('Plugin does not support updating provider attributes'),
  mtuTooBig: (maximum: number) => Errors.invalidInput(`Requested MTU is too big, maximum is ${maximum}`),

  // --- subnets
  badSubnetRequest: (reason: string) => badRequest('BadRequest', `Bad subnets request: ${reason}.`),
  subnetInUse: (subnetId: string, reason = 'One or more ports have an IP allocation from this subnet') =>
    inUse('SubnetInUse', `Unable to complete operation on subnet ${subnetId}: ${reason}.`),
  invalidAllocationPool: (pool: { start: string; end: string }) =>
    badRequest('InvalidAllocationPool', `The allocation pool ${poolText(pool)} is not valid.`),
  outOfBoundsAllocationPool: (pool: { start: string; end: string }, cidr: string) =>
    badRequest('OutOfBoundsAllocationPool', `The allocation pool ${poolText(pool)} spans beyond the subnet cidr ${cidr}.`),
  overlappingAllocationPools: (a: { start: string; end: string }, b: { start: string; end: string }, cidr: string) =>
    inUse('OverlappingAllocationPools', `Found overlapping allocation pools: ${poolText(a)} ${poolText(b)} for subnet ${cidr}.`),
  gatewayConflictWithAllocationPools: (gatewayIp: string, pool: { start: string; end: string }) =>
    inUse('GatewayConflictWithAllocationPools', `Gateway ip ${gatewayIp} conflicts with allocation pool ${poolText(pool)}`),
  gatewayIpInUse: (gatewayIp: string, portId: string) =>
    inUse('GatewayIpInUse', `Current gateway ip ${gatewayIp} already used by port ${portId}. Unable to update.`),
  dnsNameServersExhausted: (subnetId: string, quota: number) =>
    badRequest('DNSNameServersExhausted', `Unable to complete operation for ${subnetId}. The number of DNS nameservers exceeds the limit ${quota}.`),
  hostRoutesExhausted: (subnetId: string, quota: number) =>
    badRequest('HostRoutesExhausted', `Unable to complete operation for ${subnetId}. The number of host routes exceeds the limit ${quota}.`),
  networkSubnetPoolAffinity: () =>
    badRequest('NetworkSubnetPoolAffinityError', 'Subnets hosted on the same network must be allocated from the same subnet pool.'),

  // --- subnet pools
  subnetpoolNotFound: (id: string) => new NeutronError(404, 'SubnetPoolNotFound', `Subnet pool ${id} could not be found.`),
  subnetAllocationError: (reason: string) => inUse('SubnetAllocationError', `Failed to allocate subnet: ${reason}.`),
  minPrefixSubnetAllocationError: (prefixlen: number, minPrefixlen: number) =>
    badRequest('MinPrefixSubnetAllocationError', `Unable to allocate subnet with prefix length ${prefixlen}, minimum allowed prefix is ${minPrefixlen}.`),
  maxPrefixSubnetAllocationError: (prefixlen: number, maxPrefixlen: number) =>
    badRequest('MaxPrefixSubnetAllocationError', `Unable to allocate subnet with prefix length ${prefixlen}, maximum allowed prefix is ${maxPrefixlen}.`),
  emptySubnetPoolPrefixList: () => badRequest('EmptySubnetPoolPrefixList', 'Empty subnet pool prefix list.'),
  prefixVersionMismatch: () => badRequest('PrefixVersionMismatch', 'Cannot mix IPv4 and IPv6 prefixes in a subnet pool.'),
  illegalSubnetPoolPrefixBounds: (prefixType: string, prefixlen: number, baseType: string, basePrefixlen: number) =>
    badRequest('IllegalSubnetPoolPrefixBounds', `Illegal prefix bounds: ${prefixType}=${prefixlen}, ${baseType}=${basePrefixlen}.`),
  illegalSubnetPoolPrefixUpdate: (reason: string) => badRequest('IllegalSubnetPoolPrefixUpdate', `Illegal update to prefixes: ${reason}.`),
  subnetPoolQuotaExceeded: () => inUse('SubnetPoolQuotaExceeded', 'Per-tenant subnet pool prefix quota exceeded.'),
  subnetPoolDeleteError: (reason: string) => badRequest('SubnetPoolDeleteError', `Unable to delete subnet pool: ${reason}.`),
  defaultSubnetpoolExists: (ipVersion: number) =>
    Errors.invalidInput(`A default subnetpool for IPv${ipVersion} already exists; only one default is allowed per IP family`),

  // --- ports and addresses
  ipAddressGenerationFailure: (networkId: string) =>
    inUse('IpAddressGenerationFailure', `No more IP addresses available on network ${networkId}.`),
  ipAddressGenerationFailureNoMatchingSubnet: (networkId: string, deviceOwner: string) =>
    inUse('IpAddressGenerationFailureNoMatchingSubnet',
      `No valid service subnet for the given device owner, network ${networkId}, service type ${deviceOwner}.`),
  ipAddressAlreadyAllocated: (ip: string, subnetId: string) =>
    inUse('IpAddressAlreadyAllocated', `IP address ${ip} already allocated in subnet ${subnetId}`),
  ipAddressInUse: (networkId: string, ip: string) =>
    inUse('IpAddressInUse', `Unable to complete operation for network ${networkId}. The IP address ${ip} is in use.`),
  macAddressInUse: (networkId: string, mac: string) =>
    inUse('MacAddressInUse', `Unable to complete operation for network ${networkId}. The mac address ${mac} is in use.`),
  macAddressGenerationFailure: (networkId: string) =>
    new NeutronError(503, 'MacAddressGenerationFailure', `Unable to generate unique mac on network ${networkId}.`),
  invalidIpForNetwork: (ip: string) =>
    badRequest('InvalidIpForNetwork', `IP address ${ip} is not a valid IP for any of the subnets on the specified network.`),
  invalidIpForSubnet: (ip: string) => badRequest('InvalidIpForSubnet', `IP address ${ip} is not a valid IP for the specified subnet.`),
  invalidSubnetForNetwork: (networkId: string, subnetId: string) =>
    Errors.invalidInput(`Failed to create port on network ${networkId}, because fixed_ips included invalid subnet ${subnetId}`),
  allocationOnAutoAddressSubnet: (ip: string, subnetId: string) =>
    Errors.invalidInput(`IPv6 address ${ip} cannot be directly assigned to a port on subnet ${subnetId} as the subnet is configured for automatic addresses`),
  portBound: (portId: string, vifType: string, oldMac: string, newMac: string) =>
    inUse('PortBound', `Unable to complete operation on port ${portId}, port is already bound, port type: ${vifType}, old_mac ${oldMac}, new_mac ${newMac}.`),
  servicePortInUse: (portId: string, reason: string) =>
    inUse('ServicePortInUse', `Port ${portId} cannot be deleted directly via the port API: ${reason}.`),
  addressPairAndPortSecurityRequired: () =>
    inUse('AddressPairAndPortSecurityRequired', 'Port Security must be enabled in order to have allowed address pairs on a port.'),
  allowedAddressPairExhausted: (quota: number) =>
    badRequest('AllowedAddressPairExhausted', `The number of allowed address pair exceeds the maximum ${quota}.`),
  duplicateAddressPairInRequest: (mac: string | undefined, ip: string) =>
    badRequest('DuplicateAddressPairInRequest', `Request contains duplicate address pair: mac_address ${mac ?? 'None'} ip_address ${ip}.`),
  portSecurityAndIpRequiredForSecurityGroups: () =>
    inUse('PortSecurityAndIPRequiredForSecurityGroups',
      'Port security must be enabled and port must have an IP address in order to use security groups.'),
  portSecurityPortHasSecurityGroup: () =>
    inUse('PortSecurityPortHasSecurityGroup',
      'Port has security group associated. Cannot disable port security or ip address until security group is removed.'),

  // --- RBAC policies
  rbacPolicyNotFound: (id: string, objectType = 'unknown') =>
    new NeutronError(404, 'RbacPolicyNotFound', `RBAC policy of type ${objectType} with ID ${id} not found`),
  duplicateRbacPolicy: () => inUse('DuplicateRbacPolicy', 'An RBAC policy already exists with those values.'),
  rbacPolicyInUse: (objectId: string, details: string) =>
    inUse('RbacPolicyInUse', `RBAC policy on object ${objectId} cannot be removed because other objects depend on it.\nDetails: ${details}`),
  invalidActionForType: (action: string, objectType: string, validActions: readonly string[]) =>
    badRequest('InvalidActionForType', `Invalid action '${action}' for object type '${objectType}'. Valid actions: [${validActions.map((a) => `'${a}'`).join(', ')}]`),
  notObjectOwner: (objectType: string) => Errors.invalidInput(`Only admins can manipulate policies on ${objectType}s they do not own`),

  // --- any resource
  alreadyExists: (member: string, id: string) => inUse('Conflict', `The ${member} ${id} already exists.`),
  tagNotFound: (tag: string) => new NeutronError(404, 'TagNotFound', `Tag ${tag} could not be found.`),
} as const;

/**
 * A missing IPAM resource as Neutron names it. The generic name is the capitalised member
 * (NetworkNotFound), which is wrong for a subnet pool: Neutron says SubnetPoolNotFound.
 */
export const ipamNotFound = (member: string, id: string): NeutronError => {
  if (member === 'subnetpool') return IpamErrors.subnetpoolNotFound(id);
  if (member === 'rbac_policy') return IpamErrors.rbacPolicyNotFound(id);
  return Errors.notFound(member, id);
};
