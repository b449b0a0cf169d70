import type { ActualHost } from '../actual/actual-host.js';
import type { DesiredHost } from '../desired/desired-host.types.js';
import { IFACE_ID } from '../desired/ovs-keys.js';
import { DEAD_VLAN_TAG } from '../names/neutron-names.js';

export type ObservedPortStatus = 'ACTIVE' | 'DOWN';

/**
 * What the agent reports for each port bound here: a VM port is ACTIVE when an interface with its
 * iface-id is on br-int, opened by vswitchd and in its network's VLAN; a DHCP port when its leg is
 * on br-int and its dnsmasq runs; a router interface or gateway port when its OVS port is opened
 * by vswitchd and its namespace end is up. Everything else bound here is DOWN.
 */
export function observePortStatuses(desired: DesiredHost, actual: ActualHost): Record<string, ObservedPortStatus> {
  const integration = actual.ovs.bridges.find((b) => b.name === desired.integrationBridge);
  const statuses: Record<string, ObservedPortStatus> = {};
  for (const binding of desired.bindings) {
    const wired = integration?.ports.some((p) => {
      const iface = p.interfaces[0];
      return iface?.externalIds[IFACE_ID] === binding.portId && (iface.ofport ?? 0) >= 1 && p.tag === binding.tag && binding.tag !== DEAD_VLAN_TAG;
    });
    statuses[binding.portId] = wired ? 'ACTIVE' : 'DOWN';
  }
  for (const server of desired.dhcpServers) {
    const leg = integration?.ports.find((p) => p.name === server.tapName);
    const ok = leg !== undefined && (leg.interfaces[0]?.ofport ?? 0) >= 1 && actual.hostLinks.includes(server.tapName)
      && actual.dhcp.some((d) => d.networkId === server.networkId && d.pid !== undefined);
    statuses[server.portId] = ok ? 'ACTIVE' : 'DOWN';
  }
  for (const router of desired.routers) {
    const links = actual.namespaces.find((n) => n.name === router.namespace)?.links ?? [];
    for (const leg of router.legs) {
      const port = actual.ovs.bridges.find((b) => b.name === leg.bridge)?.ports.find((p) => p.name === leg.name);
      const ok = port !== undefined && (port.interfaces[0]?.ofport ?? 0) >= 1 && links.some((l) => l.name === leg.name && l.up);
      statuses[leg.portId] = ok ? 'ACTIVE' : 'DOWN';
    }
  }
  for (const id of desired.routerPortsDown) statuses[id] = 'DOWN';
  return statuses;
}
