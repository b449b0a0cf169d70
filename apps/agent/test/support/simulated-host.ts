import type { HostConfig, HostInputs } from '@muon/agent-domain';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DnsmasqDriver } from '../../src/dataplane/dhcp/dnsmasq-driver.js';
import { IpNamespaceDriver } from '../../src/dataplane/namespaces/ip-namespace-driver.js';
import { OvsdbOvsDriver } from '../../src/dataplane/ovs/ovsdb-ovs-driver.js';
import { Reconciler, type DataplaneDrivers, type ReconcileReport } from '../../src/dataplane/reconciler/reconciler.js';
import { runCommand } from '../../src/dataplane/process/run-command.js';
import { LinuxRouterDriver } from '../../src/dataplane/routers/linux-router-driver.js';
import { PrivateOvs } from '../../src/dataplane/runner/private-ovs.js';
import { testHostConfig } from './network-scenario.js';
import type { TestRun } from './test-run.js';

/** One "host": its own OVS (vswitchd in the host namespace `<prefix><name>`), real drivers and a reconciler. */
export class SimulatedHost {
  readonly dir: string;
  readonly hostNamespace: string;
  ovs!: PrivateOvs;
  drivers!: DataplaneDrivers & { ovs: OvsdbOvsDriver };
  config!: HostConfig;
  reconciler!: Reconciler;
  readonly log: string[] = [];

  constructor(private readonly run: TestRun, readonly name: string) {
    this.dir = join(run.dir, name);
    this.hostNamespace = run.namespace(name);
  }

  async start(overrides: Partial<HostConfig>): Promise<void> {
    mkdirSync(this.dir, { recursive: true, mode: 0o755 });
    this.ovs = await PrivateOvs.start({ runDir: join(this.dir, 'ovs'), hostNamespace: this.hostNamespace });
    this.config = testHostConfig(this.name, { namespacePrefix: `${this.hostNamespace}-`, dhcpStateDir: join(this.dir, 'dhcp'), ...overrides });
    await this.connect();
  }

  /** (Re)connects drivers and reconciler: what a restarted agent does. */
  async connect(): Promise<void> {
    await this.drivers?.ovs.close();
    this.drivers = {
      ovs: await OvsdbOvsDriver.connect({ dbSocket: this.ovs.dbSocket, runDir: this.ovs.runDir }),
      namespaces: new IpNamespaceDriver({ hostNamespace: this.hostNamespace }),
      dhcp: new DnsmasqDriver({ stateDir: this.config.dhcpStateDir }),
      routers: new LinuxRouterDriver(),
    };
    this.reconciler = new Reconciler(this.drivers, this.config, (line) => this.log.push(line));
  }

  reconcile(inputs: HostInputs): Promise<ReconcileReport> {
    return this.reconciler.reconcile(inputs);
  }

  /** `ip netns exec <host namespace> …` */
  exec(args: string[]): Promise<string> {
    return runCommand('ip', ['netns', 'exec', this.hostNamespace, ...args]);
  }

  async close(): Promise<void> {
    await this.drivers?.ovs.close();
    await this.ovs?.stop();
  }
}
