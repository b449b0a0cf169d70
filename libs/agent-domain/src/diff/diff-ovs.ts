import type { ActualBridge, ActualHost, ActualOvsPort } from '../actual/actual-host.js';
import type { DesiredHost, DesiredOvsPort } from '../desired/desired-host.types.js';
import { IFACE_ID, OTHER_CONFIG_NETWORK, OTHER_CONFIG_NETWORK_TYPE, OTHER_CONFIG_PHYSICAL_NETWORK, OTHER_CONFIG_SEGMENTATION_ID, OWNER_AGENT, OWNER_KEY } from '../desired/ovs-keys.js';
import { DEAD_VLAN_TAG } from '../names/neutron-names.js';
import type { HostOperation } from './host-operations.js';


const NETWORK_KEYS = [OTHER_CONFIG_NETWORK, OTHER_CONFIG_NETWORK_TYPE, OTHER_CONFIG_PHYSICAL_NETWORK, OTHER_CONFIG_SEGMENTATION_ID];

const sameMap = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);
const includesMap = (whole: Record<string, string>, part: Record<string, string>) => Object.entries(part).every(([k, v]) => whole[k] === v);
const isOwned = (port: ActualOvsPort) => port.externalIds[OWNER_KEY] === OWNER_AGENT;

/**
 * OVSDB: bridges and the ports the agent owns are created, corrected or deleted; ports a compute
 * driver plugged are only (re)tagged — to their network's local VLAN when bound here, to the dead
 * VLAN otherwise, and then also `protected`, so dead ports cannot reach one another either. That
 * isolation lives in OVSDB rather than in drop flows, so binding or plugging a VM changes one row
 * and never the flow tables (a flow table replacement starts an ovs-ofctl process). `recreatedLinks` are host links whose veth is replaced in this pass: vswitchd
 * keeps the old device's socket open, so their OVS ports must be replaced too.
 */
export function diffOvs(desired: DesiredHost, actual: ActualHost, recreatedLinks: ReadonlySet<string>): HostOperation[] {
  const operations: HostOperation[] = [];
  const bridges = new Map(actual.ovs.bridges.map((b) => [b.name, b]));
  const ports = new Map<string, { bridge: ActualBridge; port: ActualOvsPort }>();
  for (const bridge of actual.ovs.bridges) for (const port of bridge.ports) ports.set(port.name, { bridge, port });
  const hostLinks = new Set(actual.hostLinks);

  for (const want of desired.bridges) {
    const have = bridges.get(want.name);
    if (!have) operations.push({ kind: 'bridge.create', bridge: want });
    else if (have.datapathType !== want.datapathType || (have.failMode ?? 'standalone') !== want.failMode) operations.push({ kind: 'bridge.update', bridge: want });
  }

  const wanted = new Map(desired.ports.map((p) => [p.name, p]));
  for (const [name, { bridge, port }] of ports) {
    if (isOwned(port) && !wanted.has(name) && port.name !== bridge.name) {
      operations.push({ kind: 'port.delete', bridge: bridge.name, name, reason: 'no longer needed' });
    }
  }
  for (const want of desired.ports) operations.push(...diffOwnedPort(want, ports.get(want.name), hostLinks, recreatedLinks));

  const bindings = new Map(desired.bindings.map((b) => [b.portId, b]));
  for (const port of bridges.get(desired.integrationBridge)?.ports ?? []) {
    const ifaceId = port.interfaces[0]?.externalIds[IFACE_ID];
    if (isOwned(port) || !ifaceId) continue;
    const binding = bindings.get(ifaceId);
    const tag = binding?.tag ?? DEAD_VLAN_TAG;
    const isolated = tag === DEAD_VLAN_TAG;
    const otherConfig = { ...port.otherConfig };
    for (const k of NETWORK_KEYS) delete otherConfig[k];
    if (binding) Object.assign(otherConfig, binding.otherConfig);
    if (port.tag !== tag || (port.protected ?? false) !== isolated || !sameMap(port.otherConfig, otherConfig)) {
      operations.push({ kind: 'port.update', name: port.name, tag, protected: isolated, otherConfig, externalIds: port.externalIds });
    }
  }
  return operations;
}

function diffOwnedPort(want: DesiredOvsPort, have: { bridge: ActualBridge; port: ActualOvsPort } | undefined, hostLinks: ReadonlySet<string>, recreatedLinks: ReadonlySet<string>): HostOperation[] {
  if (!have) return [{ kind: 'port.create', port: want }];
  const iface = have.port.interfaces[0];
  const replace = have.bridge.name !== want.bridge ? 'on the wrong bridge'
    : (iface?.type ?? '') !== want.interface.type ? 'of the wrong type'
      : want.hostLink && recreatedLinks.has(want.hostLink) ? 'its link is recreated'
        : want.hostLink && !hostLinks.has(want.hostLink) ? 'its link is gone'
          : want.hostLink && iface?.ofport === -1 ? 'vswitchd could not open it'
            : undefined;
  if (replace) return [{ kind: 'port.delete', bridge: have.bridge.name, name: want.name, reason: replace }, { kind: 'port.create', port: want }];
  const ops: HostOperation[] = [];
  if (have.port.tag !== want.tag || !sameMap(have.port.otherConfig, want.otherConfig) || !isOwned(have.port)) {
    ops.push({ kind: 'port.update', name: want.name, tag: want.tag, otherConfig: want.otherConfig, externalIds: { ...have.port.externalIds, [OWNER_KEY]: OWNER_AGENT } });
  }
  if (iface && (!sameMap(iface.options, want.interface.options) || !includesMap(iface.externalIds, want.interface.externalIds))) {
    ops.push({ kind: 'interface.update', name: want.name, options: want.interface.options, externalIds: { ...iface.externalIds, ...want.interface.externalIds } });
  }
  return ops;
}
