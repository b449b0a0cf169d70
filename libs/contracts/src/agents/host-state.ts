import { z } from 'zod';
import type { Network } from '../ipam/network.resource.js';
import type { Port } from '../ipam/port.resource.js';
import type { Subnet } from '../ipam/subnet.resource.js';

/**
 * The attributes of each resource that a host agent needs: the owner sends only these in a host
 * snapshot (2,000 ports then fit in well under a NATS message), and the agent keeps only these.
 */
export const HOST_STATE_ATTRIBUTES = {
  networks: ['id', 'revision_number', 'admin_state_up', 'mtu', 'provider:network_type', 'provider:physical_network', 'provider:segmentation_id'],
  subnets: ['id', 'revision_number', 'network_id', 'ip_version', 'cidr', 'gateway_ip', 'enable_dhcp', 'dns_nameservers', 'host_routes'],
  ports: ['id', 'revision_number', 'network_id', 'mac_address', 'fixed_ips', 'device_owner', 'device_id', 'admin_state_up', 'binding:host_id', 'extra_dhcp_opts', 'dns_name', 'status'],
} as const;

export type HostNetwork = Pick<Network, (typeof HOST_STATE_ATTRIBUTES.networks)[number]>;
export type HostSubnet = Pick<Subnet, (typeof HOST_STATE_ATTRIBUTES.subnets)[number]>;
export type HostPort = Pick<Port, (typeof HOST_STATE_ATTRIBUTES.ports)[number]>;

/** Another agent's host and its tunnel endpoint (Neutron's `local_ip`). */
export interface TunnelPeer {
  host: string;
  tunnelIp: string;
}

/**
 * `muon.qry.ipam.host-state.get`: the part of the world one host must wire. Without networkIds, the
 * networks that have a port bound to the host; with them, those networks. Ports come in pages
 * (`after` = the last port id of the previous page); networks, subnets and peers with the first page.
 */
export const HostStateRequestSchema = z.strictObject({
  host: z.string().min(1).max(255),
  networkIds: z.array(z.string()).max(10_000).optional(),
  after: z.string().optional(),
  limit: z.number().int().min(1).max(5000).optional(),
});
export type HostStateRequest = z.infer<typeof HostStateRequestSchema>;

export interface HostStateReply {
  networks: HostNetwork[];
  subnets: HostSubnet[];
  ports: HostPort[];
  peers: TunnelPeer[];
  /** Ask again with `after` = this to get the next page of ports; null on the last page. */
  nextAfter: string | null;
}
