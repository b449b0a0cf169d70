import { z } from 'zod';
import { nameString, neutronBoolean, uuidString, type ResourceSpec } from '../resource.js';

/** Neutron's agent_type names, which operators and tools filter on. */
export const AgentType = {
  openvswitch: 'Open vSwitch agent',
  dhcp: 'DHCP agent',
  l3: 'L3 agent',
} as const;
export type AgentTypeName = (typeof AgentType)[keyof typeof AgentType];
export const agentTypeNames = Object.values(AgentType) as [AgentTypeName, ...AgentTypeName[]];

const readOnly = (schema: z.ZodType, extra: { filter?: boolean; sort?: boolean } = {}) =>
  ({ schema, allowPost: false, allowPut: false, isVisible: true, ...extra });

/**
 * GET/PUT/DELETE /v2.0/agents (Neutron's `agent` extension). Agents register themselves over NATS;
 * an admin may only change admin_state_up and description, or delete a dead agent's record. The
 * resource has no project: only admins see it (others get an empty list and 404s).
 */
export const agentResource: ResourceSpec = {
  service: 'ipam',
  collection: 'agents',
  member: 'agent',
  extensions: ['agent'],
  taggable: false,
  creatable: false,
  extensionResource: true,
  attributes: {
    id: readOnly(uuidString),
    agent_type: readOnly(z.enum(agentTypeNames)),
    binary: readOnly(z.string()),
    topic: readOnly(z.string()),
    host: readOnly(z.string()),
    admin_state_up: { schema: neutronBoolean, allowPost: false, allowPut: true, isVisible: true },
    description: { schema: nameString, allowPost: false, allowPut: true, isVisible: true },
    alive: readOnly(neutronBoolean),
    created_at: readOnly(z.string()),
    started_at: readOnly(z.string()),
    heartbeat_timestamp: readOnly(z.string()),
    configurations: readOnly(z.record(z.string(), z.unknown()), { filter: false, sort: false }),
    availability_zone: readOnly(z.string().nullable()),
    resources_synced: readOnly(z.boolean().nullable(), { filter: false }),
  },
};

export const AgentSchema = z.object({
  id: z.string(),
  agent_type: z.enum(agentTypeNames),
  binary: z.string(),
  topic: z.string(),
  host: z.string(),
  admin_state_up: z.boolean(),
  description: z.string(),
  alive: z.boolean(),
  created_at: z.string(),
  started_at: z.string(),
  heartbeat_timestamp: z.string(),
  configurations: z.record(z.string(), z.unknown()),
  availability_zone: z.string().nullable(),
  resources_synced: z.boolean().nullable(),
});
export type Agent = z.infer<typeof AgentSchema>;
