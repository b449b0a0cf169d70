import { z } from 'zod';
import { commandSubject, querySubject } from '../subjects.js';

/**
 * What an L3 agent needs of each router scheduled to its host. The ports themselves (interfaces
 * with device_owner `network:router_interface`, the gateway with `network:router_gateway`, all
 * with device_id = the router's id and bound to the agent's host) come with ipam's host state.
 */
export interface HostRouter {
  id: string;
  revision_number: number;
  admin_state_up: boolean;
  /** null: no external gateway. */
  gateway: { network_id: string; port_id: string | null; enable_snat: boolean } | null;
  routes: { destination: string; nexthop: string }[];
  /** Interface port ids (device_owner network:router_interface). */
  interface_port_ids: string[];
  floatingips: HostFloatingIp[];
}

/** A floating IP associated with a port behind the router: DNAT to the fixed IP, SNAT from it. */
export interface HostFloatingIp {
  id: string;
  revision_number: number;
  floating_ip_address: string;
  fixed_ip_address: string;
  port_id: string;
  status: string;
}

export const HostRoutersRequestSchema = z.strictObject({ host: z.string().min(1).max(255) });
export type HostRoutersRequest = z.infer<typeof HostRoutersRequestSchema>;
export interface HostRoutersReply {
  routers: HostRouter[];
}

export const reportedFloatingipStatuses = ['ACTIVE', 'DOWN', 'ERROR'] as const;
export const FloatingipStatusReportSchema = z.strictObject({
  host: z.string().min(1).max(255),
  floatingips: z.array(z.strictObject({ id: z.string(), status: z.enum(reportedFloatingipStatuses) })).max(1000),
});
export type FloatingipStatusReport = z.infer<typeof FloatingipStatusReportSchema>;

/** Where an L3 agent talks to the l3 service. */
export const L3AgentSubjects = {
  /** Query: the routers scheduled to one host, with their floating IPs. */
  hostRouters: querySubject('l3', 'host-routers', 'get'),
  /** Command: floating IP statuses as the host's dataplane observed them. */
  reportFloatingipStatus: commandSubject('l3', 'floatingip', 'report_status'),
} as const;
