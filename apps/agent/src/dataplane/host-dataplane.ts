import { defaultHostConfig, ownedNamespacePrefixes, type HostConfig } from '@muon/agent-domain';
import { join } from 'node:path';
import type { AgentDataplaneConfig } from './dataplane-config.js';
import type { DataplaneChoice } from './dataplane-selection.js';
import { DesiredStateStore } from './desired-state-store.js';
import { DnsmasqDriver } from './dhcp/dnsmasq-driver.js';
import { InMemoryHost } from './fakes/in-memory-host.js';
import { IpNamespaceDriver } from './namespaces/ip-namespace-driver.js';
import { OvsdbOvsDriver } from './ovs/ovsdb-ovs-driver.js';
import { LinuxRouterDriver } from './routers/linux-router-driver.js';
import { ReconcileLoop } from './reconciler/reconcile-loop.js';
import { Reconciler, type DataplaneDrivers, type ReconcileReport } from './reconciler/reconciler.js';
import { PrivateOvs } from './runner/private-ovs.js';

export interface HostDataplane {
  kind: 'real' | 'memory';
  hostConfig: HostConfig;
  drivers: DataplaneDrivers;
  desired: DesiredStateStore;
  loop: ReconcileLoop;
  /** The private OVS (real dataplane only). */
  ovs: PrivateOvs | undefined;
  /**
   * Stops reconciling and disconnects; OVS, namespaces and dnsmasq keep running (a restarted agent
   * adopts them) unless `teardown`: then the dnsmasq servers, the agent's namespaces and the private
   * OVS stop too, leaving only files (the OVS database keeps its configuration for the next start).
   */
  stop(opts?: { teardown?: boolean }): Promise<void>;
}

export interface HostDataplaneHooks {
  log: (message: string) => void;
  onReport?: (report: ReconcileReport) => void;
}

/** Brings up this host's dataplane: the private OVS and real drivers, or the in-memory ones. */
export async function startHostDataplane(config: AgentDataplaneConfig, choice: DataplaneChoice & { kind: 'real' | 'memory' }, hooks: HostDataplaneHooks): Promise<HostDataplane> {
  const hostConfig = defaultHostConfig(config.host, {
    tunnelIp: config.tunnelIp, bridgeMappings: config.bridgeMappings, dhcpStateDir: join(config.stateDir, 'dhcp'),
    datapathType: 'netdev', namespacePrefix: config.namespacePrefix,
  });
  let ovs: PrivateOvs | undefined;
  let drivers: DataplaneDrivers;
  if (choice.kind === 'real') {
    ovs = await PrivateOvs.start({ runDir: join(config.stateDir, 'ovs'), hostNamespace: config.hostNamespace, log: hooks.log });
    drivers = {
      ovs: await OvsdbOvsDriver.connect({ dbSocket: ovs.dbSocket, runDir: ovs.runDir, log: hooks.log }),
      namespaces: new IpNamespaceDriver({ hostNamespace: config.hostNamespace }),
      dhcp: new DnsmasqDriver({ stateDir: hostConfig.dhcpStateDir }),
      routers: new LinuxRouterDriver(),
    };
  } else {
    const host = new InMemoryHost();
    drivers = { ovs: host.ovs, namespaces: host.netns, dhcp: host.dhcp, routers: host.routers };
  }
  const desired = new DesiredStateStore();
  const reconciler = new Reconciler(drivers, hostConfig, hooks.log);
  const loop = new ReconcileLoop(reconciler, () => desired.get(), {
    onReport: (r) => hooks.onReport?.(r),
    onError: (e) => hooks.log(`reconcile failed: ${e.message}`),
  });
  const offOvs = drivers.ovs.onChange(() => loop.trigger('ovsdb changed'));
  const offDesired = desired.onChange(() => loop.trigger('desired state changed'));
  loop.start();
  return {
    kind: choice.kind, hostConfig, drivers, desired, loop, ovs,
    async stop({ teardown = false } = {}) {
      offOvs();
      offDesired();
      await loop.stop();
      await drivers.ovs.close();
      if (!teardown || !ovs) return;
      for (const server of await drivers.dhcp.read()) await drivers.dhcp.stop(server.networkId);
      for (const ns of await drivers.namespaces.list(ownedNamespacePrefixes(hostConfig))) await drivers.namespaces.deleteNamespace(ns.name);
      await ovs.stop();
      await ovs.removeHostNamespace();
    },
  };
}
