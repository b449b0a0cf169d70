import { describe, expect, it } from '@jest/globals';
import { AgentEventType, NeutronError } from '@muon/contracts';
import { agentId, agentTimestamp } from './agent-identity.js';
import { decideAgent, evolveAgent, type AgentState } from './agent.decider.js';

const id = agentId('compute1', 'DHCP agent');
const register = (startedAt: string, now = '2026-11-25T03:00:00Z') => ({
  type: 'register' as const, id, now, host: 'compute1', agentType: 'DHCP agent' as const, startedAt, configurations: { dhcp_driver: 'dnsmasq' }, availabilityZone: 'nova',
});
const fold = (state: AgentState, events: ReturnType<typeof decideAgent>) => events.reduce(evolveAgent, state);
const empty: AgentState = { agent: null, deleted: false };

describe('agents', () => {
  it('have a stable name-based id per host and type, and Neutron\'s time format', () => {
    expect(id).toBe(agentId('compute1', 'DHCP agent'));
    expect(id).not.toBe(agentId('compute1', 'Open vSwitch agent'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(agentTimestamp('2026-11-25T03:42:33.123Z')).toBe('2026-11-25 03:42:33');
  });

  it('register as a new record, and a restart keeps created_at and what an admin set', () => {
    let state = fold(empty, decideAgent(register('2026-11-25T02:00:00Z'), empty));
    expect(state.agent).toMatchObject({ id, agent_type: 'DHCP agent', binary: 'muon-dhcp-agent', topic: 'dhcp_agent', alive: true, availability_zone: 'nova', created_at: '2026-11-25 03:00:00' });
    state = fold(state, decideAgent({ type: 'update', id, now: '2026-11-25T03:01:00Z', changes: { admin_state_up: false, description: 'rack 7' } }, state));
    const [restart] = decideAgent(register('2026-11-25T04:00:00Z', '2026-11-25T04:00:01Z'), state);
    expect(restart!.type).toBe(AgentEventType.agentRegistered);
    expect(restart!.data.agent).toMatchObject({ created_at: '2026-11-25 03:00:00', started_at: '2026-11-25 04:00:00', admin_state_up: false, description: 'rack 7' });
  });

  it('emit nothing for a retried registration or an alive flag that does not change', () => {
    const state = fold(empty, decideAgent(register('2026-11-25T02:00:00Z'), empty));
    expect(decideAgent(register('2026-11-25T02:00:00Z', '2026-11-25T03:00:05Z'), state)).toEqual([]);
    expect(decideAgent({ type: 'set_alive', id, now: '2026-11-25T03:00:05Z', alive: true }, state)).toEqual([]);
    const [down] = decideAgent({ type: 'set_alive', id, now: '2026-11-25T03:05:00Z', alive: false }, state);
    expect(down!.data.agent.alive).toBe(false);
  });

  it('can be deleted, and register again afterwards with the same id', () => {
    let state = fold(empty, decideAgent(register('2026-11-25T02:00:00Z'), empty));
    state = fold(state, decideAgent({ type: 'delete', id, now: '2026-11-25T03:10:00Z' }, state));
    expect(state.deleted).toBe(true);
    expect(() => decideAgent({ type: 'update', id, now: '2026-11-25T03:11:00Z', changes: {} }, state)).toThrow(NeutronError);
    const [again] = decideAgent(register('2026-11-25T02:00:00Z', '2026-11-25T03:12:00Z'), state);
    expect(again!.data.agent).toMatchObject({ id, created_at: '2026-11-25 03:12:00' });
  });
});
