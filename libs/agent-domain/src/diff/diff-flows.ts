import type { ActualHost } from '../actual/actual-host.js';
import type { DesiredHost } from '../desired/desired-host.types.js';
import { flowLines, renderFlowTable } from '../render/flow-table.js';
import type { HostOperation } from './host-operations.js';

/**
 * Each managed bridge's table is rendered against the ofports vswitchd assigned and compared with
 * what the bridge has by count and cookie: a vswitchd restart (flows gone, or its default NORMAL
 * flow back) or a hand edit shows as a mismatch and the whole table is replaced atomically.
 */
export function diffFlows(desired: DesiredHost, actual: ActualHost): HostOperation[] {
  const ofports = new Map<string, Map<string, number>>();
  for (const bridge of actual.ovs.bridges) {
    const m = new Map<string, number>();
    for (const port of bridge.ports) {
      const ofport = port.interfaces[0]?.ofport;
      if (ofport !== undefined) m.set(port.name, ofport);
    }
    ofports.set(bridge.name, m);
  }
  const operations: HostOperation[] = [];
  for (const intent of desired.flows) {
    const table = renderFlowTable(intent, (name) => ofports.get(intent.bridge)?.get(name));
    const have = actual.flows[intent.bridge];
    const inSync = have !== undefined && have.count === table.flows.length && have.cookies.length === 1 && have.cookies[0] === table.cookie;
    if (!inSync) operations.push({ kind: 'flows.replace', bridge: intent.bridge, cookie: table.cookie, flows: flowLines(table) });
  }
  return operations;
}
