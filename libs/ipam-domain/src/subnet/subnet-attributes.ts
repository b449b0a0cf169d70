import { Errors, IpamErrors, NeutronError, type HostRoute, type IpVersion, type Ipv6Mode } from '@muon/contracts';
import { formatCidr, parseCidrDetailed, type Cidr } from '../cidr/cidr.js';
import { formatIpAddress, isMulticastAddress, parseIpAddress, type IpAddress } from '../cidr/ip-address.js';
import { isGatewayInvalid } from './address-validity.js';

/** Neutron's max_dns_nameservers and max_subnet_host_routes defaults. */
export interface SubnetLimits {
  maxDnsNameservers: number;
  maxHostRoutes: number;
}
export const DEFAULT_SUBNET_LIMITS: SubnetLimits = { maxDnsNameservers: 5, maxHostRoutes: 20 };

const versionMismatch = (name: string, text: string, version: IpVersion) =>
  Errors.invalidInput(`${name} '${text}' does not match the ip_version '${version}'`);

/** dnsmasq cannot serve these subnets, so Neutron refuses DHCP on them. */
export function assertDhcpCompatible(cidr: Cidr): void {
  if ((cidr.version === 4 && cidr.prefixlen > 30) || (cidr.version === 6 && cidr.prefixlen > 126)) {
    throw Errors.invalidInput('Subnet has a prefix length that is incompatible with DHCP service enabled');
  }
  const network: IpAddress = { version: cidr.version, value: cidr.first };
  if (isMulticastAddress(network)) throw Errors.invalidInput('Multicast IP subnet is not supported if enable_dhcp is True');
  const loopback = cidr.version === 4 ? cidr.first >> 24n === 127n : cidr.first === 1n && cidr.prefixlen === 128;
  if (loopback) throw Errors.invalidInput('Loopback IP subnet is not supported if enable_dhcp is True');
  if (cidr.version === 4 && cidr.first === 0n) {
    throw Errors.invalidInput("First IP '0.0.0.0' of network is not supported if enable_dhcp is True.");
  }
}

export interface GatewayAddress {
  text: string;
  value: bigint;
}

/** A given gateway: of the subnet's version, and not the network or IPv4 broadcast address. */
export function parseGatewayIp(text: string, cidr: Cidr): GatewayAddress {
  const address = parseIpAddress(text);
  if (!address) throw Errors.invalidAttribute('gateway_ip', `'${text}' is not a valid IP address`);
  if (address.version !== cidr.version) throw versionMismatch('gateway_ip', text, cidr.version);
  if (isGatewayInvalid(cidr, address)) throw Errors.invalidInput('Gateway is not valid on subnet');
  return { text: formatIpAddress(address), value: address.value };
}

export function normaliseDnsNameservers(
  servers: readonly string[], version: IpVersion, limits: SubnetLimits, subnetId = 'new subnet',
): string[] {
  if (servers.length > limits.maxDnsNameservers) throw IpamErrors.dnsNameServersExhausted(subnetId, limits.maxDnsNameservers);
  const seen = new Set<string>();
  return servers.map((server) => {
    const address = parseIpAddress(server);
    if (!address) throw Errors.invalidInput(`Error parsing dns address ${server}`);
    if (address.version !== version) throw versionMismatch('dns_nameserver', server, version);
    const text = formatIpAddress(address);
    if (seen.has(text)) throw Errors.invalidAttribute('dns_nameservers', `Duplicate nameserver '${server}'`);
    seen.add(text);
    return text;
  });
}

export function normaliseHostRoutes(
  routes: readonly HostRoute[], version: IpVersion, limits: SubnetLimits, subnetId = 'new subnet',
): HostRoute[] {
  if (routes.length > limits.maxHostRoutes) {
    throw IpamErrors.hostRoutesExhausted(subnetId, limits.maxHostRoutes);
  }
  const seen = new Set<string>();
  return routes.map((route) => {
    const destination = parseCidrDetailed(route.destination);
    const nexthop = parseIpAddress(route.nexthop);
    if (!destination || !nexthop) throw Errors.invalidInput(`Invalid route: ${JSON.stringify(route)}`);
    if (nexthop.version !== version) throw versionMismatch('nexthop', route.nexthop, version);
    if (destination.cidr.version !== version) throw versionMismatch('destination', route.destination, version);
    // Neutron keeps the destination as written (host bits included); only the spelling is canonical.
    const normalised = {
      destination: `${formatIpAddress(destination.address)}/${destination.cidr.prefixlen}`,
      nexthop: formatIpAddress(nexthop),
    };
    const key = `${normalised.destination} ${normalised.nexthop}`;
    if (seen.has(key)) throw Errors.invalidAttribute('host_routes', `Duplicate hostroute '${JSON.stringify(route)}'`);
    seen.add(key);
    return normalised;
  });
}

const AUTO_ADDRESS_MODES: readonly (Ipv6Mode | null)[] = ['slaac', 'dhcpv6-stateless'];

/** SLAAC and DHCPv6-stateless subnets: hosts build their own address from the prefix and their MAC. */
export const isAutoAddressSubnet = (s: { ipv6_ra_mode: Ipv6Mode | null; ipv6_address_mode: Ipv6Mode | null }): boolean =>
  AUTO_ADDRESS_MODES.includes(s.ipv6_address_mode) || AUTO_ADDRESS_MODES.includes(s.ipv6_ra_mode);

export interface Ipv6ModeInput {
  ip_version: IpVersion;
  ipv6_ra_mode: Ipv6Mode | null;
  ipv6_address_mode: Ipv6Mode | null;
  enable_dhcp: boolean;
}

/** The mode combinations Neutron accepts when a subnet is created. */
export function assertIpv6ModesValid(s: Ipv6ModeInput, cidr: Cidr): void {
  const ra = s.ipv6_ra_mode;
  const address = s.ipv6_address_mode;
  if (s.ip_version === 4) {
    if (ra !== null) throw Errors.invalidInput('ipv6_ra_mode is not valid when ip_version is 4');
    if (address !== null) throw Errors.invalidInput('ipv6_address_mode is not valid when ip_version is 4');
    return;
  }
  if ((ra !== null || address !== null) && !s.enable_dhcp) {
    throw Errors.invalidInput('ipv6_ra_mode or ipv6_address_mode cannot be set when enable_dhcp is set to False');
  }
  if (ra !== null && address !== null && ra !== address) {
    throw Errors.invalidInput(
      `ipv6_ra_mode set to '${ra}' with ipv6_address_mode set to '${address}' is not valid. If both attributes are set, they must be the same value`);
  }
  // EUI-64 interface ids are 64 bits long, so automatic addressing needs a /64.
  if (isAutoAddressSubnet(s) && cidr.prefixlen !== 64) {
    throw Errors.invalidInput(
      `Invalid CIDR ${formatCidr(cidr)} for IPv6 address mode. OpenStack uses the EUI-64 address format, which requires the prefix to be /64`);
  }
}

const SERVICE_TYPE_PREFIXES = ['network:', 'compute:', 'neutron:', 'baremetal:'];

/** A service type names the device_owner of the ports the subnet serves. */
export function normaliseServiceTypes(types: readonly string[]): string[] {
  for (const t of types) {
    if (!SERVICE_TYPE_PREFIXES.some((p) => t.startsWith(p))) {
      throw new NeutronError(400, 'InvalidSubnetServiceType', `Subnet service type ${t} does not correspond to a valid device owner.`);
    }
  }
  return [...new Set(types)];
}
