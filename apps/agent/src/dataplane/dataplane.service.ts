import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { AgentType, type AgentTypeName } from '@muon/contracts';
import type { RpcClient } from '@muon/messaging';
import { CONFIG, LOGGER, NATS, Readiness, RPC_CLIENT, type Logger, type MuonConfig } from '@muon/service-kit';
import { ControlPlaneSync } from '../control-plane/control-plane-sync.js';
import { loadDataplaneConfig, type AgentDataplaneConfig } from './dataplane-config.js';
import { probeHost, selectDataplane } from './dataplane-selection.js';
import { startHostDataplane, type HostDataplane } from './host-dataplane.js';

const AGENT_TYPES: Record<AgentDataplaneConfig['capabilities'][number], AgentTypeName> = { l2: AgentType.openvswitch, dhcp: AgentType.dhcp, l3: AgentType.l3 };

/**
 * Starts this host's dataplane with the agent and says at start-up which one it uses (real OVS
 * in `.muon/hosts/<host>/ovs` with ovs-vswitchd in its host namespace, or in-memory, and why),
 * then joins the control plane: registers, follows this host's desired state, reports port status.
 * A dataplane that cannot start leaves the agent up but not ready, with the reason on /readyz.
 */
@Injectable()
export class DataplaneService implements OnModuleInit, OnApplicationShutdown {
  dataplane: HostDataplane | undefined;
  sync: ControlPlaneSync | undefined;
  private teardownOnExit = false;
  private failure: Error | undefined;

  constructor(
    @Inject(LOGGER) private readonly log: Logger,
    private readonly readiness: Readiness,
    @Inject(NATS) private readonly nc: NatsConnection,
    @Inject(RPC_CLIENT) private readonly rpc: RpcClient,
    @Inject(CONFIG) private readonly muon: MuonConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.readiness.add('dataplane', async () => {
      if (this.failure) throw new Error(`dataplane failed to start: ${this.failure.message}`);
      if (this.dataplane && !this.sync?.isConverged) throw new Error('not yet converged on the control plane\'s state');
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
    this.teardownOnExit = config.teardownOnExit;
    const choice = selectDataplane(config.mode, config.mode === 'off' || config.mode === 'memory' ? { root: false, missing: [] } : probeHost());
    if (choice.kind === 'off') {
      this.log.info({ reason: choice.reason }, 'dataplane off');
      return;
    }
    this.dataplane = await startHostDataplane(config, { ...choice, kind: choice.kind }, {
      log: (message) => this.log.debug({ host: config.host }, message),
      onReport: (r) => {
        if (r.operationCount > 0 || !r.converged) this.log.info({ operations: r.operationCount, converged: r.converged, ms: Math.round(r.durationMs) }, 'reconciled');
        this.sync?.onReport(r);
      },
    });
    this.log.info({
      dataplane: choice.kind, reason: choice.reason, host: config.host,
      ...(this.dataplane.ovs ? { ovsRunDir: this.dataplane.ovs.runDir, hostNamespace: this.dataplane.ovs.hostNamespace } : {}),
    }, choice.kind === 'real' ? 'dataplane: real Open vSwitch' : 'dataplane: in-memory');
    const { hostConfig } = this.dataplane;
    this.sync = new ControlPlaneSync({
      nc: this.nc, rpc: this.rpc, hostConfig, desired: this.dataplane.desired,
      eventStream: this.muon.MUON_EVENT_STREAM, eventSubjectRoot: this.muon.MUON_EVENT_SUBJECT_ROOT, resyncMs: config.resyncMs,
      registration: {
        agentTypes: config.capabilities.map((c) => AGENT_TYPES[c]),
        configurations: {
          bridge_mappings: hostConfig.bridgeMappings,
          tunneling_ip: hostConfig.tunnelIp ?? '',
          tunnel_types: hostConfig.tunnelIp ? ['vxlan'] : [],
          datapath_type: hostConfig.datapathType,
          integration_bridge: 'br-int',
          dataplane: choice.kind,
          dhcp_driver: 'dnsmasq',
          ...(config.capabilities.includes('l3') ? { agent_mode: 'legacy', external_network_bridge: '' } : {}),
        },
      },
      log: this.log,
    });
    // In the background: the control plane may come up after the agent; /readyz says when synced.
    void this.sync.start().catch((err) => this.log.error({ err: (err as Error).message }, 'control-plane sync stopped'));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sync?.stop();
    await this.dataplane?.stop({ teardown: this.teardownOnExit });
    if (this.teardownOnExit && this.dataplane?.ovs) this.log.info('dataplane torn down: OVS, dnsmasq and namespaces stopped');
  }
}
