import type { FixedIp, FixedIpRequest, Network, Port, PortStatus, Subnet } from '@muon/contracts';

/** What the port rules need to know about each subnet of the port's network. */
export type SubnetOfPort = Pick<Subnet,
  'id' | 'network_id' | 'cidr' | 'ip_version' | 'gateway_ip' | 'allocation_pools' | 'ipv6_ra_mode' | 'ipv6_address_mode' | 'service_types'>;

/**
 * What the port rules need to know about the port's network. `shared` means shared with the caller:
 * by a wildcard or a targeted access_as_shared RBAC policy.
 */
export type NetworkOfPort = Pick<Network, 'id' | 'project_id' | 'shared' | 'port_security_enabled' | 'router:external'>;

export interface AddressPairInput {
  ip_address: string;
  mac_address?: string;
}

export interface ExtraDhcpOptInput {
  opt_name: string;
  opt_value: string | null;
  ip_version?: 4 | 6;
}

/** The body of POST /ports after request validation (defaults may or may not be filled in). */
export interface PortCreateAttributes {
  project_id: string;
  network_id: string;
  name?: string;
  description?: string;
  admin_state_up?: boolean;
  mac_address?: string;
  /** As requested; the addresses actually reserved travel in the command's fixedIps. */
  fixed_ips?: FixedIpRequest[];
  device_id?: string;
  device_owner?: string;
  security_groups?: string[];
  port_security_enabled?: boolean;
  allowed_address_pairs?: AddressPairInput[];
  extra_dhcp_opts?: ExtraDhcpOptInput[];
  'binding:host_id'?: string;
  'binding:vnic_type'?: Port['binding:vnic_type'];
  'binding:profile'?: Record<string, unknown>;
  dns_name?: string;
  propagate_uplink_status?: boolean;
}

export interface PortChanges {
  name?: string;
  description?: string;
  admin_state_up?: boolean;
  mac_address?: string;
  fixed_ips?: FixedIpRequest[];
  device_id?: string;
  device_owner?: string;
  security_groups?: string[];
  port_security_enabled?: boolean;
  allowed_address_pairs?: AddressPairInput[];
  /** Merged into the current options by (opt_name, ip_version); a null opt_value removes one. */
  extra_dhcp_opts?: ExtraDhcpOptInput[];
  'binding:host_id'?: string;
  'binding:vnic_type'?: Port['binding:vnic_type'];
  'binding:profile'?: Record<string, unknown>;
  dns_name?: string;
}

/** What a binding (the scheduler or the host agent) reports about where and how the port is plugged. */
export type PortBinding = Partial<Pick<Port,
  'binding:host_id' | 'binding:vif_type' | 'binding:vif_details' | 'binding:profile' | 'binding:vnic_type'>>;

export interface PortLimits {
  /** Neutron's max_allowed_address_pair. */
  maxAllowedAddressPairs: number;
}
export const DEFAULT_PORT_LIMITS: PortLimits = { maxAllowedAddressPairs: 10 };

export type PortCommand =
  | {
      type: 'create';
      id: string;
      now: string;
      attributes: PortCreateAttributes;
      network: NetworkOfPort;
      /** Every subnet of the network. */
      subnets: SubnetOfPort[];
      /** The addresses the owner reserved for the port (planFixedIps, then its unique index). */
      fixedIps: FixedIp[];
      /** The MAC the owner reserved (the requested one, or generateMac) under its unique index. */
      macAddress: string;
      /** The project's default security group, given to ports with port security and an address. */
      defaultSecurityGroupId?: string | null;
      limits?: PortLimits;
    }
  | {
      type: 'update';
      id: string;
      now: string;
      ifRevision?: number;
      changes: PortChanges;
      /** Needed when changes.fixed_ips is given: the network's subnets and the final reserved addresses. */
      subnets?: SubnetOfPort[];
      fixedIps?: FixedIp[];
      limits?: PortLimits;
    }
  | {
      type: 'delete';
      id: string;
      now: string;
      ifRevision?: number;
      /** Set by the service that owns a router or floating IP port when it removes its own port. */
      byOwningService?: boolean;
    }
  /** The host agent's observation: the status, and the binding it made (vif_type, vif_details). */
  | { type: 'set_status'; id: string; now: string; status: PortStatus; binding?: PortBinding }
  /** The port's addresses on a subnet being deleted go with it (a DHCP port, or a SLAAC address). */
  | { type: 'release_subnet'; id: string; now: string; subnetId: string }
  | { type: 'set_binding'; id: string; now: string; binding: PortBinding }
  | { type: 'set_tags'; id: string; now: string; ifRevision?: number; tags: string[] };

export interface PortState {
  port: Port | null;
  deleted: boolean;
}
