import { z } from 'zod';
import { AgentSchema } from './agent.resource.js';

/**
 * Agent records change rarely: on (re-)registration, when an admin edits one, and when one goes
 * silent or comes back (alive flips). Heartbeats themselves are not events; they only move the
 * record's heartbeat_timestamp.
 */
export const AgentEventType = {
  agentRegistered: 'ipam.agent.registered',
  agentUpdated: 'ipam.agent.updated',
  agentDeleted: 'ipam.agent.deleted',
} as const;
export type AgentEventTypeName = (typeof AgentEventType)[keyof typeof AgentEventType];

export const AgentEventDataSchema = z.object({ agent: AgentSchema });
export type AgentEventData = z.infer<typeof AgentEventDataSchema>;

export interface AgentEvent {
  type: AgentEventTypeName;
  version: 1;
  projectId: null;
  data: AgentEventData;
}

export const agentEventSchemas: Record<AgentEventTypeName, Record<number, z.ZodType>> = {
  [AgentEventType.agentRegistered]: { 1: AgentEventDataSchema },
  [AgentEventType.agentUpdated]: { 1: AgentEventDataSchema },
  [AgentEventType.agentDeleted]: { 1: AgentEventDataSchema },
};

