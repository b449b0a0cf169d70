import { allows, enforce, Errors, portResource, type Port, type RequestContext } from '@muon/contracts';
import { normaliseMac, validatePortMac } from '../mac/mac-address.js';
import { newResourceStandardFields, withCreateDefaults } from '../standard-attributes/create-defaults.js';
import { normaliseAllowedAddressPairs } from './address-pairs.js';
import { extraDhcpOptsOnCreate } from './extra-dhcp-opts.js';
import { securityGroupsForNewPort } from './port-security.js';
import { DEFAULT_PORT_LIMITS, type PortCommand } from './port.commands.js';
import { checkReservedFixedIps } from './reserved-fixed-ips.js';

type CreateCommand = Extract<PortCommand, { type: 'create' }>;

/** The port Neutron would create for this request, with the addresses and MAC the owner reserved. */
export function buildNewPort(command: CreateCommand, ctx: RequestContext): Port {
  const a = withCreateDefaults(portResource, command.attributes);
  const { network } = command;
  if (a.network_id !== network.id) throw new Error(`port create for network ${a.network_id} was given facts of network ${network.id}`);
  const onNetwork = { project_id: network.project_id, network_project_id: network.project_id, shared: network.shared };
  if (!allows('create_port:network_id', ctx, onNetwork)) throw Errors.notFound('network', network.id);
  if ((a.fixed_ips ?? []).some((f) => f.ip_address !== undefined)) enforce('create_port:fixed_ips:ip_address', ctx, onNetwork);
  const mac = validatePortMac(command.macAddress);
  if (a.mac_address !== undefined && normaliseMac(a.mac_address) !== mac) {
    throw new Error(`reserved MAC ${command.macAddress} is not the requested ${a.mac_address}`);
  }
  const deviceOwner = a.device_owner ?? '';
  const fixedIps = checkReservedFixedIps(network.id, command.fixedIps, command.subnets, deviceOwner);
  const portSecurity = a.port_security_enabled ?? network.port_security_enabled;
  const limits = command.limits ?? DEFAULT_PORT_LIMITS;
  const pairs = normaliseAllowedAddressPairs(a.allowed_address_pairs ?? [], mac, limits.maxAllowedAddressPairs);
  const securityGroups = securityGroupsForNewPort({
    portSecurityEnabled: portSecurity,
    hasAddress: fixedIps.length > 0,
    deviceOwner,
    requestedGroups: a.security_groups,
    defaultSecurityGroupId: command.defaultSecurityGroupId,
    addressPairCount: pairs.length,
  });
  return {
    ...newResourceStandardFields(command.id, a, command.now),
    network_id: network.id,
    admin_state_up: a.admin_state_up ?? true,
    mac_address: mac,
    fixed_ips: fixedIps,
    device_id: a.device_id ?? '',
    device_owner: deviceOwner,
    status: 'DOWN',
    security_groups: securityGroups,
    port_security_enabled: portSecurity,
    allowed_address_pairs: pairs,
    extra_dhcp_opts: extraDhcpOptsOnCreate(a.extra_dhcp_opts ?? []),
    'binding:host_id': a['binding:host_id'] ?? '',
    'binding:vnic_type': a['binding:vnic_type'] ?? 'normal',
    'binding:profile': a['binding:profile'] ?? {},
    'binding:vif_type': 'unbound',
    'binding:vif_details': {},
    dns_name: a.dns_name ?? '',
    propagate_uplink_status: a.propagate_uplink_status ?? false,
  };
}
