/** A network as the DHCP scheduler sees it: the subnets whose clients need a DHCP server. */
export interface DhcpNetwork {
  id: string;
  dhcpSubnetIds: string[];
}

/** An existing DHCP port (device_owner network:dhcp). */
export interface DhcpPortPlacement {
  id: string;
  networkId: string;
  host: string;
  subnetIds: string[];
}

export interface DhcpAgentState {
  host: string;
  alive: boolean;
  adminStateUp: boolean;
}

export type DhcpScheduleStep =
  | { kind: 'create'; networkId: string; host: string; subnetIds: string[] }
  /** The port keeps its id, MAC and addresses (clients keep their server), and moves to a live agent. */
  | { kind: 'rebind'; portId: string; host: string }
  | { kind: 'set_subnets'; portId: string; subnetIds: string[] }
  | { kind: 'delete'; portId: string };

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Neutron's DHCP scheduling, as a pure plan: every network with a DHCP-enabled subnet gets
 * `perNetwork` DHCP ports, each bound to a different live DHCP agent (new networks go to the least
 * loaded agents whose admin_state_up is true); a port whose agent died moves to a live one; a port
 * gets an address on each DHCP-enabled subnet and loses the others; a network without such a
 * subnet keeps no DHCP port. Level-based: a plan applied, planned again, yields no steps.
 */
export function planDhcpSchedule(input: {
  networks: DhcpNetwork[];
  ports: DhcpPortPlacement[];
  agents: DhcpAgentState[];
  perNetwork: number;
}): DhcpScheduleStep[] {
  const steps: DhcpScheduleStep[] = [];
  const alive = new Set(input.agents.filter((a) => a.alive).map((a) => a.host));
  const schedulable = input.agents.filter((a) => a.alive && a.adminStateUp).map((a) => a.host).sort();
  const load = new Map<string, number>(schedulable.map((h) => [h, 0]));
  for (const p of input.ports) if (load.has(p.host)) load.set(p.host, load.get(p.host)! + 1);
  const leastLoaded = (exclude: Set<string>): string | undefined => schedulable
    .filter((h) => !exclude.has(h))
    .sort((a, b) => load.get(a)! - load.get(b)! || a.localeCompare(b))[0];

  const networks = new Map(input.networks.map((n) => [n.id, n]));
  const portsByNetwork = new Map<string, DhcpPortPlacement[]>();
  for (const p of [...input.ports].sort((a, b) => a.id.localeCompare(b.id))) {
    portsByNetwork.set(p.networkId, [...(portsByNetwork.get(p.networkId) ?? []), p]);
  }
  const networkIds = [...new Set([...networks.keys(), ...portsByNetwork.keys()])].sort();

  for (const networkId of networkIds) {
    const subnetIds = networks.get(networkId)?.dhcpSubnetIds ?? [];
    const ports = portsByNetwork.get(networkId) ?? [];
    if (subnetIds.length === 0) {
      for (const p of ports) steps.push({ kind: 'delete', portId: p.id });
      continue;
    }
    const hosts = new Set<string>();
    const kept: DhcpPortPlacement[] = [];
    const stranded: DhcpPortPlacement[] = [];
    for (const p of ports) {
      if (alive.has(p.host) && !hosts.has(p.host) && kept.length < input.perNetwork) {
        kept.push(p);
        hosts.add(p.host);
      } else if (alive.has(p.host)) {
        steps.push({ kind: 'delete', portId: p.id }); // a second port on one agent, or more than asked for
        load.set(p.host, (load.get(p.host) ?? 1) - 1);
      } else {
        stranded.push(p);
      }
    }
    while (kept.length < input.perNetwork) {
      const host = leastLoaded(hosts);
      if (!host) break;
      hosts.add(host);
      load.set(host, load.get(host)! + 1);
      const reuse = stranded.shift();
      if (reuse) {
        steps.push({ kind: 'rebind', portId: reuse.id, host });
        kept.push({ ...reuse, host });
      } else {
        steps.push({ kind: 'create', networkId, host, subnetIds: [...subnetIds].sort() });
        kept.push({ id: '', networkId, host, subnetIds });
      }
    }
    // Ports of dead agents stay while nothing can take them (their addresses stay reserved).
    if (kept.length >= input.perNetwork) for (const p of stranded) steps.push({ kind: 'delete', portId: p.id });
    for (const p of kept) {
      if (p.id && !sameSet(p.subnetIds, subnetIds)) steps.push({ kind: 'set_subnets', portId: p.id, subnetIds: [...subnetIds].sort() });
    }
  }
  return steps;
}
