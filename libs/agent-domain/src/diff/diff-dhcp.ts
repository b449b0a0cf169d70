import type { ActualHost } from '../actual/actual-host.js';
import type { DesiredHost } from '../desired/desired-host.types.js';
import type { HostOperation } from './host-operations.js';
import type { NamespaceDiff } from './diff-namespaces.js';

const sameArgs = (a: readonly string[] | undefined, b: readonly string[]) => !!a && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * dnsmasq per network: files rewritten only when their text differs; a SIGHUP applies them to a
 * running server; a restart only when it is not running, its arguments changed, or it no longer
 * runs in the namespace (deleted by hand) or on the leg (recreated) it must serve.
 */
export function diffDhcp(desired: DesiredHost, actual: ActualHost, namespaces: NamespaceDiff): HostOperation[] {
  const operations: HostOperation[] = [];
  const wanted = new Set(desired.dhcpServers.map((s) => s.networkId));
  for (const server of actual.dhcp) {
    if (!wanted.has(server.networkId)) operations.push({ kind: 'dhcp.stop', networkId: server.networkId });
  }
  for (const server of desired.dhcpServers) {
    const running = actual.dhcp.find((d) => d.networkId === server.networkId);
    const filesChanged = running?.files.hosts !== server.files.hosts || running?.files.opts !== server.files.opts;
    if (filesChanged) operations.push({ kind: 'dhcp.files', networkId: server.networkId, files: server.files });
    const netnsId = actual.namespaces.find((n) => n.name === server.namespace)?.netnsId;
    const reason = running?.pid === undefined ? 'not running'
      : namespaces.createdNamespaces.has(server.namespace) || running.netnsId !== netnsId ? 'its namespace was replaced'
        : namespaces.recreatedLegs.has(server.networkId) ? 'its interface was recreated'
          : !sameArgs(running.args, server.args) ? 'its arguments changed'
            : undefined;
    if (reason) operations.push({ kind: 'dhcp.start', networkId: server.networkId, namespace: server.namespace, args: server.args, reason });
    else if (filesChanged) operations.push({ kind: 'dhcp.reload', networkId: server.networkId });
  }
  return operations;
}
