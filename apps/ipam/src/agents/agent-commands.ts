import {
  allows, enforce, agentResource, Errors, parseOrBadRequest, RegisterAgentsSchema, type Agent, type CommandRequest, type RegisterAgents, type RegisterAgentsReply,
} from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { agentId } from '@muon/ipam-domain';
import { decideAndAppend } from '../commands/aggregates.js';
import { commandNow } from '../commands/command-meta.js';
import type { IpamSettings } from '../commands/ipam-settings.js';
import { normaliseUuid } from '../commands/resource-rows.js';

async function loadAgent(tx: StoreTransaction, id: string): Promise<Agent | null> {
  const { rows } = await tx.query<{ body: Agent }>('select body from agents where id = $1::uuid for update', [id]);
  return rows[0]?.body ?? null;
}

/** Agents have no project: anyone but an admin is told there is no such agent. */
async function loadAgentForAdmin(tx: StoreTransaction, req: CommandRequest): Promise<Agent> {
  const id = normaliseUuid(req.id ?? '', agentResource);
  const agent = allows('get_agent', req.context) ? await loadAgent(tx, id) : null;
  if (!agent) throw Errors.notFound('agent', req.id ?? '');
  return agent;
}

/** `muon.cmd.ipam.agent.register`: one record per agent type of the host, kept across restarts. */
export async function registerAgents(tx: StoreTransaction, req: CommandRequest<RegisterAgents>, settings: IpamSettings): Promise<RegisterAgentsReply> {
  enforce('create_agent', req.context);
  const body = parseOrBadRequest(RegisterAgentsSchema, req.body, 'invalid agent registration');
  // Two registrations of one host (a restart racing its predecessor) take turns.
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`agent:${body.host}`]);
  const now = commandNow();
  const agents: Agent[] = [];
  for (const agentType of [...new Set(body.agentTypes)]) {
    const id = agentId(body.host, agentType);
    const current = await loadAgent(tx, id);
    agents.push(await decideAndAppend<Agent>(tx, req, 'agent', id, current, {
      type: 'register', id, now, host: body.host, agentType, startedAt: body.startedAt,
      configurations: body.configurations, availabilityZone: body.availabilityZone,
    }));
  }
  return { agents, reportIntervalMs: settings.agents.reportIntervalMs, downTimeMs: settings.agents.downTimeMs };
}

export async function updateAgent(tx: StoreTransaction, req: CommandRequest<{ admin_state_up?: boolean; description?: string }>): Promise<Agent> {
  const current = await loadAgentForAdmin(tx, req);
  return decideAndAppend<Agent>(tx, req, 'agent', current.id, current, { type: 'update', id: current.id, now: commandNow(), changes: req.body ?? {} });
}

/** Neutron lets an admin delete an agent's record; a live agent registers again at its next heartbeat. */
export async function deleteAgent(tx: StoreTransaction, req: CommandRequest): Promise<null> {
  const current = await loadAgentForAdmin(tx, req);
  await decideAndAppend(tx, req, 'agent', current.id, current, { type: 'delete', id: current.id, now: commandNow() });
  return null;
}

/** Marks agents alive or not (the liveness sweep and heartbeats after silence). */
export async function setAgentsAlive(tx: StoreTransaction, req: CommandRequest, ids: string[], alive: boolean): Promise<Agent[]> {
  const changed: Agent[] = [];
  const now = commandNow();
  for (const id of ids) {
    const current = await loadAgent(tx, id);
    if (!current || current.alive === alive) continue;
    changed.push(await decideAndAppend<Agent>(tx, req, 'agent', id, current, { type: 'set_alive', id, now, alive }));
  }
  return changed;
}
