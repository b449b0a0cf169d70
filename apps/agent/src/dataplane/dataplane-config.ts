import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export type DataplaneMode = 'off' | 'auto' | 'real' | 'memory';

/** The agent's host settings, from the environment (Neutron's ovs/dhcp agent options in Muon's names). */
export interface AgentDataplaneConfig {
  /** MUON_AGENT_DATAPLANE: `auto` (default: real when root with OVS and dnsmasq, else in-memory), `real`, `memory`, `off`. */
  mode: DataplaneMode;
  /** MUON_HOST_ID, or the machine's hostname. */
  host: string;
  /** MUON_AGENT_STATE_DIR, default `.muon/hosts/<host>`: `ovs/` (the private OVS) and `dhcp/` live here. */
  stateDir: string;
  /** MUON_AGENT_HOST_NAMESPACE, default `muon-<host>`: where ovs-vswitchd runs. */
  hostNamespace: string;
  /** MUON_AGENT_TUNNEL_IP: this host's VXLAN endpoint (Neutron's local_ip). */
  tunnelIp: string | undefined;
  /** MUON_AGENT_BRIDGE_MAPPINGS, `physnet1:br-eth1,physnet2:br-eth2`; default `public:br-ex` (devstack's), empty for none. */
  bridgeMappings: Record<string, string>;
  /** MUON_AGENT_NAMESPACE_PREFIX, default '': prefixed to qdhcp-…/qrouter-… namespaces, so simulated hosts can share a machine. */
  namespacePrefix: string;
  /** MUON_AGENT_TEARDOWN_ON_EXIT=true: stop OVS, dnsmasq and namespaces with the agent (the embedded stack's npm stop). */
  teardownOnExit: boolean;
  /** MUON_AGENT_CAPABILITIES, default `l2,dhcp,l3`: which Neutron agents this host runs. */
  capabilities: AgentCapability[];
  /** MUON_AGENT_RESYNC_MS, default 60 s: a fresh snapshot at least this often. */
  resyncMs: number;
}

export const AGENT_CAPABILITIES = ['l2', 'dhcp', 'l3'] as const;
export type AgentCapability = (typeof AGENT_CAPABILITIES)[number];

export function parseCapabilities(text: string): AgentCapability[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = items.filter((c) => !(AGENT_CAPABILITIES as readonly string[]).includes(c));
  if (unknown.length > 0) throw new Error(`MUON_AGENT_CAPABILITIES: unknown ${unknown.join(', ')} (known: ${AGENT_CAPABILITIES.join(', ')})`);
  if (!items.includes('l2')) throw new Error('MUON_AGENT_CAPABILITIES must include l2');
  return [...new Set(items)] as AgentCapability[];
}

export function parseBridgeMappings(text: string): Record<string, string> {
  const mappings: Record<string, string> = {};
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [physnet, bridge, extra] = item.split(':');
    if (!physnet || !bridge || extra !== undefined) throw new Error(`MUON_AGENT_BRIDGE_MAPPINGS: "${item}" is not physnet:bridge`);
    mappings[physnet] = bridge;
  }
  return mappings;
}

export function loadDataplaneConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AgentDataplaneConfig {
  const mode = (env.MUON_AGENT_DATAPLANE ?? 'auto') as DataplaneMode;
  if (!['off', 'auto', 'real', 'memory'].includes(mode)) throw new Error(`MUON_AGENT_DATAPLANE must be off, auto, real or memory, not ${mode}`);
  const host = env.MUON_HOST_ID || hostname();
  return {
    mode,
    host,
    stateDir: resolve(cwd, env.MUON_AGENT_STATE_DIR ?? join('.muon', 'hosts', host)),
    hostNamespace: env.MUON_AGENT_HOST_NAMESPACE ?? `muon-${host}`.slice(0, 64),
    tunnelIp: env.MUON_AGENT_TUNNEL_IP || undefined,
    bridgeMappings: parseBridgeMappings(env.MUON_AGENT_BRIDGE_MAPPINGS ?? 'public:br-ex'),
    namespacePrefix: env.MUON_AGENT_NAMESPACE_PREFIX ?? '',
    teardownOnExit: env.MUON_AGENT_TEARDOWN_ON_EXIT === 'true',
    capabilities: parseCapabilities(env.MUON_AGENT_CAPABILITIES ?? 'l2,dhcp,l3'),
    resyncMs: Number(env.MUON_AGENT_RESYNC_MS ?? 60_000),
  };
}
