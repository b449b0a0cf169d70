import { describe, expect, it } from '@jest/globals';
import { planDhcpSchedule, type DhcpAgentState, type DhcpPortPlacement } from './dhcp-schedule.js';

const agent = (host: string, alive = true, adminStateUp = true): DhcpAgentState => ({ host, alive, adminStateUp });
const port = (id: string, networkId: string, host: string, subnetIds = ['s1']): DhcpPortPlacement => ({ id, networkId, host, subnetIds });

/** Applies a plan to the ports, as the owner would, so a second plan can be checked for stability. */
function apply(ports: DhcpPortPlacement[], steps: ReturnType<typeof planDhcpSchedule>): DhcpPortPlacement[] {
  let next = [...ports];
  let n = 0;
  for (const s of steps) {
    if (s.kind === 'create') next.push(port(`new${n++}`, s.networkId, s.host, s.subnetIds));
    if (s.kind === 'rebind') next = next.map((p) => (p.id === s.portId ? { ...p, host: s.host } : p));
    if (s.kind === 'set_subnets') next = next.map((p) => (p.id === s.portId ? { ...p, subnetIds: s.subnetIds } : p));
    if (s.kind === 'delete') next = next.filter((p) => p.id !== s.portId);
  }
  return next;
}

describe('planDhcpSchedule', () => {
  it('creates one port per network on the least loaded live agent, and is stable once applied', () => {
    const input = {
      networks: [{ id: 'n1', dhcpSubnetIds: ['s1'] }, { id: 'n2', dhcpSubnetIds: ['s2'] }],
      ports: [], agents: [agent('h1'), agent('h2')], perNetwork: 1,
    };
    const steps = planDhcpSchedule(input);
    expect(steps).toEqual([
      { kind: 'create', networkId: 'n1', host: 'h1', subnetIds: ['s1'] },
      { kind: 'create', networkId: 'n2', host: 'h2', subnetIds: ['s2'] },
    ]);
    expect(planDhcpSchedule({ ...input, ports: apply([], steps) })).toEqual([]);
  });

  it('puts the copies of one network on different agents and never more than there are agents', () => {
    const steps = planDhcpSchedule({ networks: [{ id: 'n1', dhcpSubnetIds: ['s1'] }], ports: [], agents: [agent('h1'), agent('h2')], perNetwork: 3 });
    expect(steps.map((s) => s.kind === 'create' && s.host)).toEqual(['h1', 'h2']);
  });

  it('moves the port of a dead agent to a live one, keeping the port', () => {
    const steps = planDhcpSchedule({
      networks: [{ id: 'n1', dhcpSubnetIds: ['s1'] }], ports: [port('p1', 'n1', 'h1')], agents: [agent('h1', false), agent('h2')], perNetwork: 1,
    });
    expect(steps).toEqual([{ kind: 'rebind', portId: 'p1', host: 'h2' }]);
  });

  it('leaves a dead agent\'s port alone while no agent can take it', () => {
    expect(planDhcpSchedule({ networks: [{ id: 'n1', dhcpSubnetIds: ['s1'] }], ports: [port('p1', 'n1', 'h1')], agents: [agent('h1', false)], perNetwork: 1 })).toEqual([]);
  });

  it('schedules nothing new on an agent an admin disabled, but keeps what it serves', () => {
    const steps = planDhcpSchedule({
      networks: [{ id: 'n1', dhcpSubnetIds: ['s1'] }, { id: 'n2', dhcpSubnetIds: ['s2'] }],
      ports: [port('p1', 'n1', 'h1')], agents: [agent('h1', true, false)], perNetwork: 1,
    });
    expect(steps).toEqual([]);
  });

  it('follows the DHCP-enabled subnets: adds and drops addresses, removes the port when none is left', () => {
    expect(planDhcpSchedule({
      networks: [{ id: 'n1', dhcpSubnetIds: ['s1', 's2'] }, { id: 'n2', dhcpSubnetIds: [] }],
      ports: [port('p1', 'n1', 'h1', ['s1', 's3']), port('p2', 'n2', 'h1')], agents: [agent('h1')], perNetwork: 1,
    })).toEqual([
      { kind: 'set_subnets', portId: 'p1', subnetIds: ['s1', 's2'] },
      { kind: 'delete', portId: 'p2' },
    ]);
  });

  it('removes a second port on the same agent and ports beyond the wanted count', () => {
    expect(planDhcpSchedule({
      networks: [{ id: 'n1', dhcpSubnetIds: ['s1'] }], ports: [port('p1', 'n1', 'h1'), port('p2', 'n1', 'h1'), port('p3', 'n1', 'h2')],
      agents: [agent('h1'), agent('h2')], perNetwork: 1,
    })).toEqual([{ kind: 'delete', portId: 'p2' }, { kind: 'delete', portId: 'p3' }]);
  });
});
