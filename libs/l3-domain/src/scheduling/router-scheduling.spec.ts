import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { planRouterSchedule, type L3AgentCandidate, type RouterMove, type RouterPlacement } from './router-scheduling.js';

const agent = (id: string, load = 0, over: Partial<L3AgentCandidate> = {}): L3AgentCandidate =>
  ({ id, host: `host-${id}`, alive: true, admin_state_up: true, availability_zone: 'nova', load, ...over });
const router = (routerId: string, agentId: string | null = null, needsAgent = true): RouterPlacement => ({ routerId, agentId, needsAgent });
const moves = (plan: RouterMove[]) => plan.map((m) => [m.routerId, m.from, m.to?.id ?? null]);

describe('planRouterSchedule', () => {
  it('places an unplaced router on the least loaded usable agent', () => {
    expect(moves(planRouterSchedule([router('r1')], [agent('a', 3), agent('b', 1), agent('c', 2)]))).toEqual([['r1', null, 'b']]);
  });

  it('breaks ties by host name, whatever the order agents come in', () => {
    const agents = [agent('z', 0, { host: 'host-2' }), agent('y', 0, { host: 'host-1' })];
    expect(moves(planRouterSchedule([router('r1')], agents))).toEqual([['r1', null, 'y']]);
    expect(moves(planRouterSchedule([router('r1')], [...agents].reverse()))).toEqual([['r1', null, 'y']]);
  });

  it('spreads several new routers, counting each placement in the load', () => {
    expect(moves(planRouterSchedule([router('r1'), router('r2'), router('r3')], [agent('a'), agent('b')])))
      .toEqual([['r1', null, 'a'], ['r2', null, 'b'], ['r3', null, 'a']]);
  });

  it('leaves a router on a live, enabled agent where it is, however loaded', () => {
    expect(planRouterSchedule([router('r1', 'a')], [agent('a', 10), agent('b', 0)])).toEqual([]);
  });

  it('moves a router off a dead agent, off a disabled one, and off one that is gone', () => {
    const agents = [agent('dead', 0, { alive: false }), agent('off', 0, { admin_state_up: false }), agent('ok', 5)];
    expect(moves(planRouterSchedule([router('r1', 'dead'), router('r2', 'off'), router('r3', 'deleted')], agents)))
      .toEqual([['r1', 'dead', 'ok'], ['r2', 'off', 'ok'], ['r3', 'deleted', 'ok']]);
  });

  it('keeps a router bound to its dead agent while no agent can take it, and places nothing new', () => {
    const agents = [agent('dead', 1, { alive: false }), agent('off', 0, { admin_state_up: false })];
    expect(planRouterSchedule([router('r1', 'dead'), router('r2')], agents)).toEqual([]);
    expect(planRouterSchedule([router('r1')], [])).toEqual([]);
  });

  it('takes a router that needs no agent (no interface, no gateway, or admin down) off its agent', () => {
    expect(moves(planRouterSchedule([router('r1', 'a', false), router('r2', null, false)], [agent('a', 1)]))).toEqual([['r1', 'a', null]]);
  });

  it('plans the move with the candidate it goes to (host and zone for the record)', () => {
    const [move] = planRouterSchedule([router('r1')], [agent('a', 0, { host: 'compute-7', availability_zone: 'az2' })]);
    expect(move!.to).toMatchObject({ id: 'a', host: 'compute-7', availability_zone: 'az2' });
  });

  const agentsArb = fc.uniqueArray(
    fc.record({ id: fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5', 'a6'), alive: fc.boolean(), admin_state_up: fc.boolean(), load: fc.nat({ max: 5 }) }),
    { selector: (a) => a.id, maxLength: 6 },
  ).map((as) => as.map((a) => agent(a.id, a.load, a)));

  it('never places a router on a dead or disabled agent', () => {
    fc.assert(fc.property(
      agentsArb,
      fc.uniqueArray(fc.record({ routerId: fc.uuid(), agentId: fc.option(fc.constantFrom('a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'gone')), needsAgent: fc.boolean() }), { selector: (r) => r.routerId, maxLength: 30 }),
      (agents, routers) => {
        for (const move of planRouterSchedule(routers, agents)) {
          if (move.to) expect(move.to.alive && move.to.admin_state_up).toBe(true);
          else expect(routers.find((r) => r.routerId === move.routerId)!.needsAgent).toBe(false);
        }
      },
    ));
  });

  it('balances routers that all start unplaced within one of each other across the usable agents', () => {
    fc.assert(fc.property(agentsArb, fc.integer({ min: 0, max: 40 }), (agents, n) => {
      const fresh = agents.map((a) => ({ ...a, load: 0 }));
      const routers = Array.from({ length: n }, (_, i) => router(`r${String(i).padStart(2, '0')}`));
      const plan = planRouterSchedule(routers, fresh);
      const usable = fresh.filter((a) => a.alive && a.admin_state_up);
      if (usable.length === 0) return expect(plan).toEqual([]);
      expect(plan).toHaveLength(n);
      const counts = usable.map((a) => plan.filter((m) => m.to?.id === a.id).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }));
  });

  it('is stable: once its plan is applied, a second plan moves nothing', () => {
    fc.assert(fc.property(agentsArb, fc.integer({ min: 0, max: 20 }), (agents, n) => {
      const routers = Array.from({ length: n }, (_, i) => router(`r${i}`, i % 3 === 0 ? 'a1' : null, i % 5 !== 4));
      const plan = planRouterSchedule(routers, agents);
      const placed = routers.map((r) => {
        const m = plan.find((p) => p.routerId === r.routerId);
        return m ? { ...r, agentId: m.to?.id ?? null } : r;
      });
      const loads = agents.map((a) => ({ ...a, load: placed.filter((r) => r.agentId === a.id).length }));
      expect(planRouterSchedule(placed, loads)).toEqual([]);
    }));
  });
});
