import { z } from 'zod';
import { serviceContext, type RequestContext } from '../context.js';
import { commandSubject, querySubject } from '../subjects.js';
import { agentTypeNames, type Agent } from './agent.resource.js';

/** Where an agent talks to the control plane (apps/agent/README.md has the whole contract). */
export const AgentSubjects = {
  /** Command: register (or re-register after a restart) this host's agents. */
  register: commandSubject('ipam', 'agent', 'register'),
  /** Request/reply, not a command: heartbeats are frequent and only move a timestamp. */
  heartbeat: 'muon.agent.heartbeat',
  /** Query: the desired state of one host, paged. */
  hostState: querySubject('ipam', 'host-state', 'get'),
  /** Command: statuses of the ports bound to a host as its dataplane observed them. */
  reportStatus: commandSubject('ipam', 'port', 'report_status'),
} as const;

export const RegisterAgentsSchema = z.strictObject({
  host: z.string().min(1).max(255),
  agentTypes: z.array(z.enum(agentTypeNames)).min(1),
  startedAt: z.string(),
  /** Shown as each agent's `configurations`; `tunneling_ip` there makes the host a VXLAN peer. */
  configurations: z.record(z.string(), z.unknown()),
  availabilityZone: z.string().default('nova'),
});
export type RegisterAgents = z.input<typeof RegisterAgentsSchema>;

export interface RegisterAgentsReply {
  agents: Agent[];
  reportIntervalMs: number;
  downTimeMs: number;
}

export const HeartbeatSchema = z.strictObject({ host: z.string().min(1).max(255) });
export type Heartbeat = z.infer<typeof HeartbeatSchema>;
/** `registered: false` tells the agent its records are gone (an admin deleted them): register again. */
export interface HeartbeatReply {
  registered: boolean;
}

export const reportedPortStatuses = ['ACTIVE', 'DOWN'] as const;
export const PortStatusReportSchema = z.strictObject({
  host: z.string().min(1).max(255),
  ports: z.array(z.strictObject({
    id: z.string(),
    status: z.enum(reportedPortStatuses),
    vif_type: z.string(),
    vif_details: z.record(z.string(), z.unknown()),
  })).max(1000),
});
export type PortStatusReport = z.infer<typeof PortStatusReportSchema>;
export interface PortStatusReportReply {
  /** Ports whose status or binding changed. */
  changed: number;
}

/** The context of an agent's own calls. */
export const agentServiceContext = (host: string): RequestContext => serviceContext(`agent:${host}`);
