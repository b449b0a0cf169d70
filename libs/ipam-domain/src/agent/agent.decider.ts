import { AgentEventType, Errors, type Agent, type AgentEvent, type AgentTypeName } from '@muon/contracts';
import { agentKind, agentTimestamp } from './agent-identity.js';

export type AgentCommand =
  | {
      type: 'register';
      id: string;
      now: string;
      host: string;
      agentType: AgentTypeName;
      startedAt: string;
      configurations: Record<string, unknown>;
      availabilityZone: string;
    }
  /** The liveness sweep (silent too long) or a heartbeat after silence. */
  | { type: 'set_alive'; id: string; now: string; alive: boolean }
  | { type: 'update'; id: string; now: string; changes: { admin_state_up?: boolean; description?: string } }
  | { type: 'delete'; id: string; now: string };

export interface AgentState {
  agent: Agent | null;
  deleted: boolean;
}

const event = (type: AgentEvent['type'], agent: Agent): AgentEvent => ({ type, version: 1, projectId: null, data: { agent } });

/**
 * Registration is an upsert: a restarted agent keeps its id, created_at, admin_state_up and
 * description, and gets a new started_at and configurations. An unchanged re-registration with
 * the same start time (a retry) emits nothing.
 */
export function decideAgent(command: AgentCommand, state: AgentState): AgentEvent[] {
  const current = state.deleted ? null : state.agent;
  const now = agentTimestamp(command.now);
  if (command.type === 'register') {
    const kind = agentKind(command.agentType);
    const next: Agent = {
      id: command.id,
      agent_type: command.agentType,
      binary: kind.binary,
      topic: kind.topic,
      host: command.host,
      admin_state_up: current?.admin_state_up ?? true,
      description: current?.description ?? '',
      alive: true,
      created_at: current?.created_at ?? now,
      started_at: agentTimestamp(command.startedAt),
      heartbeat_timestamp: now,
      configurations: command.configurations,
      availability_zone: kind.zoned ? command.availabilityZone : null,
      resources_synced: null,
    };
    if (current && current.started_at === next.started_at && current.alive
      && JSON.stringify(current.configurations) === JSON.stringify(next.configurations)) return [];
    return [event(AgentEventType.agentRegistered, next)];
  }
  if (!current) throw Errors.notFound('agent', command.id);
  switch (command.type) {
    case 'set_alive':
      if (current.alive === command.alive) return [];
      return [event(AgentEventType.agentUpdated, { ...current, alive: command.alive, ...(command.alive ? { heartbeat_timestamp: now } : {}) })];
    case 'update': {
      const next = { ...current, ...command.changes };
      if (next.admin_state_up === current.admin_state_up && next.description === current.description) return [];
      return [event(AgentEventType.agentUpdated, next)];
    }
    case 'delete':
      return [event(AgentEventType.agentDeleted, current)];
  }
}

export function evolveAgent(state: AgentState, e: { type: string; data: unknown }): AgentState {
  const { agent } = e.data as { agent: Agent };
  switch (e.type) {
    case AgentEventType.agentRegistered:
    case AgentEventType.agentUpdated:
      return { agent, deleted: false };
    case AgentEventType.agentDeleted:
      return { agent, deleted: true };
    default:
      return state;
  }
}
