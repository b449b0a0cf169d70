/** An L3 agent as the scheduler sees it. */
export interface L3AgentCandidate {
  id: string;
  host: string;
  alive: boolean;
  admin_state_up: boolean;
  availability_zone: string | null;
  /** Routers scheduled to it now. */
  load: number;
}

export interface RouterPlacement {
  routerId: string;
  /** Where it is now (null: nowhere). */
  agentId: string | null;
  /** Whether the router has anything to wire (an interface or a gateway): only those are placed. */
  needsAgent: boolean;
}

export interface RouterMove {
  routerId: string;
  from: string | null;
  to: L3AgentCandidate | null;
}

const usable = (a: L3AgentCandidate) => a.alive && a.admin_state_up;

/**
 * Neutron's least-routers scheduler, as a plan: a router that needs an agent and has none (or a
 * dead or disabled one) goes to the usable agent with the fewest routers (ties by host name); a
 * router that needs none is taken off its agent. Routers on usable agents stay where they are.
 */
export function planRouterSchedule(routers: readonly RouterPlacement[], agents: readonly L3AgentCandidate[]): RouterMove[] {
  const load = new Map(agents.map((a) => [a.id, a.load]));
  const byId = new Map(agents.map((a) => [a.id, a]));
  const moves: RouterMove[] = [];
  for (const r of [...routers].sort((a, b) => a.routerId.localeCompare(b.routerId))) {
    const current = r.agentId ? byId.get(r.agentId) : undefined;
    if (!r.needsAgent) {
      if (r.agentId) moves.push({ routerId: r.routerId, from: r.agentId, to: null });
      continue;
    }
    if (current && usable(current)) continue;
    const target = agents.filter(usable).sort((a, b) => load.get(a.id)! - load.get(b.id)! || a.host.localeCompare(b.host))[0] ?? null;
    if (!target && !r.agentId) continue;
    if (target?.id === r.agentId) continue;
    if (r.agentId && load.has(r.agentId)) load.set(r.agentId, load.get(r.agentId)! - 1);
    if (target) load.set(target.id, load.get(target.id)! + 1);
    // A router whose agent died and has nowhere to go stays bound: it may come back.
    if (!target) continue;
    moves.push({ routerId: r.routerId, from: r.agentId, to: target });
  }
  return moves;
}
