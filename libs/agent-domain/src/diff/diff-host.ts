import type { ActualHost } from '../actual/actual-host.js';
import type { DesiredHost } from '../desired/desired-host.types.js';
import { diffDhcp } from './diff-dhcp.js';
import { diffFlows } from './diff-flows.js';
import { diffNamespaces } from './diff-namespaces.js';
import { diffOvs } from './diff-ovs.js';
import { diffRouters } from './diff-routers.js';
import { sortOperations, type HostOperation } from './host-operations.js';

/**
 * The smallest list of operations that turns `actual` into `desired`, in a safe order. Level
 * based: it looks only at the two states, never at what changed, so a full resync after a restart
 * and the pass after one port changed are the same computation; when they already agree the
 * list is empty.
 */
export function diffHost(desired: DesiredHost, actual: ActualHost, ownedNamespacePrefixes: readonly string[]): HostOperation[] {
  const namespaces = diffNamespaces(desired, actual, ownedNamespacePrefixes);
  const routers = diffRouters(desired, actual);
  const recreatedLinks = new Set([...desired.dhcpServers.filter((s) => namespaces.recreatedLegs.has(s.networkId)).map((s) => s.tapName), ...routers.recreatedLinks]);
  const ovs = diffOvs(desired, actual, recreatedLinks);
  const dhcp = diffDhcp(desired, actual, namespaces);
  const flows = diffFlows(desired, actual);
  return sortOperations([...namespaces.operations, ...routers.operations, ...ovs, ...dhcp, ...flows]);
}
