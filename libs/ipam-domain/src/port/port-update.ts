import { enforce, IpamErrors, type Port, type RequestContext } from '@muon/contracts';
import { validatePortMac } from '../mac/mac-address.js';
import { normaliseAllowedAddressPairs } from './address-pairs.js';
import { mergeExtraDhcpOpts } from './extra-dhcp-opts.js';
import { assertSecurityStillApplies } from './port-security.js';
import { DEFAULT_PORT_LIMITS, type PortBinding, type PortCommand } from './port.commands.js';
import { checkReservedFixedIps } from './reserved-fixed-ips.js';

type UpdateCommand = Extract<PortCommand, { type: 'update' }>;

/** A port is bound once a driver has plugged it somewhere; its MAC is then fixed. */
export const isBound = (port: Pick<Port, 'binding:vif_type'>): boolean =>
  !['unbound', 'binding_failed'].includes(port['binding:vif_type']);

/** The port after a PUT, with Neutron's rules for MAC, addresses and port security. */
export function portAfterUpdate(current: Port, command: UpdateCommand, ctx: RequestContext): Port {
  const c = command.changes;
  const next: Port = { ...current };
  for (const key of ['name', 'description', 'admin_state_up', 'device_id', 'device_owner', 'dns_name', 'binding:vnic_type', 'binding:profile', 'port_security_enabled'] as const) {
    if (c[key] !== undefined) (next as Record<string, unknown>)[key] = c[key];
  }
  if (c['binding:host_id'] !== undefined) Object.assign(next, rebindTo(current, c['binding:host_id']));

  if (c.mac_address !== undefined) {
    const mac = validatePortMac(c.mac_address);
    if (mac !== current.mac_address) {
      enforce('update_port:mac_address', ctx);
      if (isBound(current)) throw IpamErrors.portBound(current.id, current['binding:vif_type'], current.mac_address, mac);
      next.mac_address = mac;
    }
  }
  if (c.fixed_ips !== undefined) {
    if (!command.fixedIps || !command.subnets) throw new Error('a fixed_ips update needs the reserved fixedIps and the network subnets');
    next.fixed_ips = checkReservedFixedIps(current.network_id, command.fixedIps, command.subnets, next.device_owner);
  }
  if (c.security_groups !== undefined) next.security_groups = [...new Set(c.security_groups)];
  const limits = command.limits ?? DEFAULT_PORT_LIMITS;
  if (c.allowed_address_pairs !== undefined) {
    next.allowed_address_pairs = normaliseAllowedAddressPairs(c.allowed_address_pairs, next.mac_address, limits.maxAllowedAddressPairs);
  }
  if (c.extra_dhcp_opts !== undefined) next.extra_dhcp_opts = mergeExtraDhcpOpts(current.extra_dhcp_opts, c.extra_dhcp_opts);

  const securityTouched = [c.port_security_enabled, c.security_groups, c.fixed_ips, c.allowed_address_pairs].some((v) => v !== undefined);
  if (securityTouched) {
    assertSecurityStillApplies({
      port_security_enabled: next.port_security_enabled,
      hasAddress: next.fixed_ips.length > 0,
      security_groups: next.security_groups,
      addressPairCount: next.allowed_address_pairs.length,
    }, c.security_groups !== undefined);
  }
  return next;
}

/** A new host means the port must be bound again there: the old binding result no longer holds. */
function rebindTo(current: Port, host: string): Partial<Port> {
  if (host === current['binding:host_id']) return {};
  // DOWN until the new host's agent has wired it.
  return { 'binding:host_id': host, 'binding:vif_type': 'unbound', 'binding:vif_details': {}, status: 'DOWN' };
}

/** The port after a binding report from the scheduler or the host agent. */
export function portAfterBinding(current: Port, binding: PortBinding): Port {
  const next: Port = { ...current };
  for (const [key, value] of Object.entries(binding)) if (value !== undefined) (next as Record<string, unknown>)[key] = value;
  return next;
}
