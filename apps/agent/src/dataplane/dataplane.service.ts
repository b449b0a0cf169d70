import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { LOGGER, Readiness, type Logger } from '@muon/service-kit';
import { loadDataplaneConfig } from './dataplane-config.js';
import { probeHost, selectDataplane } from './dataplane-selection.js';
import { startHostDataplane, type HostDataplane } from './host-dataplane.js';

/**
 * Starts this host's dataplane with the agent and says at start-up which one it uses (real OVS
 * in `.muon/hosts/<host>/ovs` with ovs-vswitchd in its host namespace, or in-memory, and why).
 * A dataplane that cannot start leaves the agent up but not ready, with the reason on /readyz.
 */
@Injectable()
export class DataplaneService implements OnModuleInit, OnApplicationShutdown {
  dataplane: HostDataplane | undefined;
  private failure: Error | undefined;

  constructor(@Inject(LOGGER) private readonly log: Logger, private readonly readiness: Readiness) {}

  async onModuleInit(): Promise<void> {
    this.readiness.add('dataplane', async () => {
      if (this.failure) throw new Error(`dataplane failed to start: ${this.failure.message}`);
    });
    try {
      await this.start();
    } catch (err) {
      this.failure = err as Error;
      this.log.error({ err: this.failure.message }, 'dataplane failed to start');
    }
  }

  private async start(): Promise<void> {
    const config = loadDataplaneConfig();
    const choice = selectDataplane(config.mode, config.mode === 'off' || config.mode === 'memory' ? { root: false, missing: [] } : probeHost());
    if (choice.kind === 'off') {
      this.log.info({ reason: choice.reason }, 'dataplane off');
      return;
    }
    this.dataplane = await startHostDataplane(config, { ...choice, kind: choice.kind }, {
      log: (message) => this.log.debug({ host: config.host }, message),
      onReport: (r) => { if (r.operationCount > 0 || !r.converged) this.log.info({ operations: r.operationCount, converged: r.converged, ms: Math.round(r.durationMs) }, 'reconciled'); },
    });
    this.log.info({
      dataplane: choice.kind, reason: choice.reason, host: config.host,
      ...(this.dataplane.ovs ? { ovsRunDir: this.dataplane.ovs.runDir, hostNamespace: this.dataplane.ovs.hostNamespace } : {}),
    }, choice.kind === 'real' ? 'dataplane: real Open vSwitch' : 'dataplane: in-memory');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dataplane?.stop();
  }
}
