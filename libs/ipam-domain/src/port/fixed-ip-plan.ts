import { Errors, IpamErrors, ROUTER_PORT_OWNERS, type FixedIp, type FixedIpRequest } from '@muon/contracts';
import { parseCidr } from '../cidr/cidr.js';
import { formatIpAddress, parseIpAddress } from '../cidr/ip-address.js';
import { eui64Address } from '../mac/eui64.js';
import { isUsableAddress } from '../subnet/address-validity.js';
import { isAutoAddressSubnet } from '../subnet/subnet-attributes.js';
import type { SubnetOfPort } from './port.commands.js';

/**
 * One address a port needs. The owner turns each into a reserved row under its unique index:
 * 'specific' and 'eui64' exactly that address (a unique violation is IpAddressInUse),
 * 'any' one free address from the first of the subnets that still has one (random candidates,
 * then firstFreeAddress; DHCP ports take the lowest free address), or IpAddressGenerationFailure.
 */
export type AddressRequest =
  | { kind: 'specific'; subnet: SubnetOfPort; ip_address: string }
  | { kind: 'eui64'; subnet: SubnetOfPort; ip_address: string }
  | { kind: 'any'; subnets: SubnetOfPort[]; preferLowest: boolean };

export interface FixedIpPlanInput {
  networkId: string;
  /** As the client sent it; undefined when it sent none. */
  requested: readonly FixedIpRequest[] | undefined;
  subnets: readonly SubnetOfPort[];
  deviceOwner: string;
  /** The port's MAC, for SLAAC addresses. */
  macAddress: string;
}

const isRouterPort = (owner: string) => ROUTER_PORT_OWNERS.includes(owner);

/** Subnets whose service_types admit this device owner (subnets without service types admit all). */
function serviceSubnets(subnets: readonly SubnetOfPort[], deviceOwner: string): SubnetOfPort[] {
  return subnets.filter((s) => s.service_types.length === 0 || s.service_types.includes(deviceOwner));
}

/** Works out which addresses a new port gets, with Neutron's rules for requested and default fixed IPs. */
export function planFixedIps(input: FixedIpPlanInput): AddressRequest[] {
  return input.requested === undefined ? planDefault(input) : planRequested(input, input.requested);
}

/**
 * Without fixed_ips Neutron gives one IPv4 address, one stateful IPv6 address, and a SLAAC
 * address on every automatic IPv6 subnet (router ports get no SLAAC addresses implicitly).
 */
function planDefault(input: FixedIpPlanInput): AddressRequest[] {
  if (input.subnets.length === 0) return [];
  const subnets = serviceSubnets(input.subnets, input.deviceOwner);
  if (subnets.length === 0) throw IpamErrors.ipAddressGenerationFailureNoMatchingSubnet(input.networkId, input.deviceOwner);
  const preferLowest = input.deviceOwner === 'network:dhcp';
  const v4 = subnets.filter((s) => s.ip_version === 4);
  const v6Stateful = subnets.filter((s) => s.ip_version === 6 && !isAutoAddressSubnet(s));
  const v6Auto = subnets.filter((s) => s.ip_version === 6 && isAutoAddressSubnet(s));
  const plan: AddressRequest[] = [];
  if (v4.length > 0) plan.push({ kind: 'any', subnets: v4, preferLowest });
  if (v6Stateful.length > 0) plan.push({ kind: 'any', subnets: v6Stateful, preferLowest });
  if (!isRouterPort(input.deviceOwner)) {
    for (const s of v6Auto) plan.push({ kind: 'eui64', subnet: s, ip_address: eui64Address(parseCidr(s.cidr)!, input.macAddress) });
  }
  return plan;
}

function planRequested(input: FixedIpPlanInput, requested: readonly FixedIpRequest[]): AddressRequest[] {
  const seen = new Set<string>();
  return requested.map((r): AddressRequest => {
    if (r.subnet_id === undefined && r.ip_address === undefined) {
      throw Errors.invalidAttribute('fixed_ips', `'${JSON.stringify(r)}' needs a subnet_id or an ip_address`);
    }
    const subnet = r.subnet_id === undefined ? undefined : input.subnets.find((s) => s.id === r.subnet_id);
    if (r.subnet_id !== undefined && !subnet) throw IpamErrors.invalidSubnetForNetwork(input.networkId, r.subnet_id);
    if (r.ip_address === undefined) {
      if (isAutoAddressSubnet(subnet!) && !isRouterPort(input.deviceOwner)) {
        return { kind: 'eui64', subnet: subnet!, ip_address: eui64Address(parseCidr(subnet!.cidr)!, input.macAddress) };
      }
      return { kind: 'any', subnets: [subnet!], preferLowest: input.deviceOwner === 'network:dhcp' };
    }
    const address = parseIpAddress(r.ip_address);
    if (!address) throw Errors.invalidAttribute('fixed_ips', `'${r.ip_address}' is not a valid IP address`);
    const text = formatIpAddress(address);
    if (seen.has(text)) throw Errors.invalidAttribute('fixed_ips', `Duplicate IP address '${r.ip_address}'`);
    seen.add(text);
    const target = subnet ?? input.subnets.find((s) => isUsableAddress(parseCidr(s.cidr)!, address, input.deviceOwner));
    if (!target) throw IpamErrors.invalidIpForNetwork(r.ip_address);
    if (!isUsableAddress(parseCidr(target.cidr)!, address, input.deviceOwner)) throw IpamErrors.invalidIpForSubnet(r.ip_address);
    if (isAutoAddressSubnet(target) && !isRouterPort(input.deviceOwner)) throw IpamErrors.allocationOnAutoAddressSubnet(text, target.id);
    return { kind: 'specific', subnet: target, ip_address: text };
  });
}

/** For an update of fixed_ips: which current addresses stay, which are released, what is new. */
export function planFixedIpsUpdate(
  current: readonly FixedIp[], input: FixedIpPlanInput & { requested: readonly FixedIpRequest[] },
): { keep: FixedIp[]; release: FixedIp[]; allocate: AddressRequest[] } {
  const keep: FixedIp[] = [];
  const remaining: FixedIpRequest[] = [];
  for (const r of input.requested) {
    const wanted = r.ip_address === undefined ? null : parseIpAddress(r.ip_address);
    // An address asked for again stays; so does one on a subnet asked for by subnet_id alone.
    const match = current.find((c) => !keep.includes(c) && (wanted
      ? parseIpAddress(c.ip_address)?.value === wanted.value && (r.subnet_id === undefined || r.subnet_id === c.subnet_id)
      : r.subnet_id === c.subnet_id));
    if (match) keep.push(match);
    else remaining.push(r);
  }
  const allocate = planRequested(input, remaining);
  const taken = new Set(keep.map((k) => k.ip_address));
  const clash = allocate.find((a) => a.kind !== 'any' && taken.has(a.ip_address));
  if (clash && clash.kind !== 'any') throw Errors.invalidAttribute('fixed_ips', `Duplicate IP address '${clash.ip_address}'`);
  return { keep, release: current.filter((c) => !keep.includes(c)), allocate };
}
