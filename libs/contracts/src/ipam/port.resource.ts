import { z } from 'zod';
import { nameString, neutronBoolean, standardAttributes, uuidString, type ResourceSpec } from '../resource.js';
import { ipAddressString, ipOrCidrString, ipVersionValue, macAddressString, nullAsEmptyList } from './formats.js';
import { standardFields } from './standard-fields.js';

export const portStatuses = ['ACTIVE', 'DOWN', 'BUILD', 'ERROR', 'N/A'] as const;
export type PortStatus = (typeof portStatuses)[number];

export const vnicTypes = ['normal', 'direct', 'macvtap', 'baremetal', 'direct-physical', 'virtio-forwarder', 'smart-nic', 'remote-managed'] as const;

/** A requested fixed IP: a subnet, an address, or both. */
export const fixedIpRequestSchema = z.strictObject({ subnet_id: uuidString.optional(), ip_address: ipAddressString.optional() });
export type FixedIpRequest = z.infer<typeof fixedIpRequestSchema>;

/** An address pair: the MAC defaults to the port's own MAC. */
export const allowedAddressPairSchema = z.strictObject({ ip_address: ipOrCidrString, mac_address: macAddressString.optional() });

export const extraDhcpOptSchema = z.strictObject({
  opt_name: z.string().min(1).max(64).regex(/^[^\r\n]*$/, 'must be a single line'),
  opt_value: z.string().max(255).regex(/^[^\r\n]*$/, 'must be a single line').nullable(),
  ip_version: ipVersionValue.optional(),
});

/** POST/PUT /v2.0/ports with the binding, security-group, port-security, address-pair and extra-DHCP extensions. */
export const portResource: ResourceSpec = {
  service: 'ipam',
  collection: 'ports',
  member: 'port',
  extensions: [
    'binding', 'port-security', 'allowed-address-pairs', 'extra_dhcp_opt', 'uplink-status-propagation',
    'ip-substring-filtering', 'standard-attr-description', 'standard-attr-tag', 'standard-attr-timestamp',
    'standard-attr-revisions', 'project-id',
  ],
  taggable: true,
  attributes: {
    ...standardAttributes(),
    name: { schema: nameString, allowPost: true, allowPut: true, default: '', isVisible: true },
    network_id: { schema: uuidString, allowPost: true, allowPut: false, required: true, isVisible: true },
    admin_state_up: { schema: neutronBoolean, allowPost: true, allowPut: true, default: true, isVisible: true },
    // Generated when absent; changing it is admin-only, which the port decider enforces.
    mac_address: { schema: macAddressString, allowPost: true, allowPut: true, isVisible: true },
    fixed_ips: { schema: z.array(fixedIpRequestSchema), allowPost: true, allowPut: true, isVisible: true, sort: false },
    device_id: { schema: z.string().max(255), allowPost: true, allowPut: true, default: '', isVisible: true },
    device_owner: { schema: z.string().max(255), allowPost: true, allowPut: true, default: '', isVisible: true },
    status: { schema: z.enum(portStatuses), allowPost: false, allowPut: false, isVisible: true },
    // Defaults to the project's default group when port security is on.
    security_groups: { schema: nullAsEmptyList(uuidString), allowPost: true, allowPut: true, isVisible: true, sort: false },
    // Defaults to the network's port_security_enabled.
    port_security_enabled: { schema: neutronBoolean, allowPost: true, allowPut: true, isVisible: true },
    allowed_address_pairs: {
      schema: nullAsEmptyList(allowedAddressPairSchema), allowPost: true, allowPut: true, default: [], isVisible: true, sort: false,
    },
    extra_dhcp_opts: {
      schema: nullAsEmptyList(extraDhcpOptSchema), allowPost: true, allowPut: true, default: [], isVisible: true, sort: false,
    },
    'binding:host_id': {
      schema: z.string().max(255), allowPost: true, allowPut: true, default: '', isVisible: true,
    },
    'binding:vnic_type': { schema: z.enum(vnicTypes), allowPost: true, allowPut: true, default: 'normal', isVisible: true },
    'binding:profile': {
      schema: z.record(z.string(), z.unknown()).nullable().transform((v) => v ?? {}),
      allowPost: true, allowPut: true, default: {}, isVisible: true, filter: false, sort: false,
    },
    'binding:vif_type': { schema: z.string(), allowPost: false, allowPut: false, isVisible: true },
    'binding:vif_details': {
      schema: z.record(z.string(), z.unknown()), allowPost: false, allowPut: false, isVisible: true, filter: false, sort: false,
    },
    dns_name: {
      schema: z.string().max(255).regex(/^$|^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/, 'is not a valid DNS name'),
      allowPost: true, allowPut: true, default: '', isVisible: true,
    },
    propagate_uplink_status: { schema: neutronBoolean, allowPost: true, allowPut: false, default: false, isVisible: true },
  },
};

export const FixedIpSchema = z.object({ subnet_id: z.string(), ip_address: z.string() });
export type FixedIp = z.infer<typeof FixedIpSchema>;

export const PortSchema = z.object({
  ...standardFields,
  name: z.string(),
  network_id: z.string(),
  admin_state_up: z.boolean(),
  mac_address: z.string(),
  fixed_ips: z.array(FixedIpSchema),
  device_id: z.string(),
  device_owner: z.string(),
  status: z.enum(portStatuses),
  security_groups: z.array(z.string()),
  port_security_enabled: z.boolean(),
  allowed_address_pairs: z.array(z.object({ ip_address: z.string(), mac_address: z.string() })),
  extra_dhcp_opts: z.array(z.object({ opt_name: z.string(), opt_value: z.string().nullable(), ip_version: z.union([z.literal(4), z.literal(6)]) })),
  'binding:host_id': z.string(),
  'binding:vnic_type': z.enum(vnicTypes),
  'binding:profile': z.record(z.string(), z.unknown()),
  'binding:vif_type': z.string(),
  'binding:vif_details': z.record(z.string(), z.unknown()),
  dns_name: z.string(),
  propagate_uplink_status: z.boolean(),
});
export type Port = z.infer<typeof PortSchema>;
export type AllowedAddressPair = Port['allowed_address_pairs'][number];
export type ExtraDhcpOpt = Port['extra_dhcp_opts'][number];
