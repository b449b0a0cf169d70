import { execFileSync } from 'node:child_process';
import type { DataplaneMode } from './dataplane-config.js';

export interface HostCapabilities {
  root: boolean;
  /** Names of the programs the real dataplane needs that are missing. */
  missing: string[];
}

export const REAL_DATAPLANE_PROGRAMS = ['ovsdb-tool', 'ovsdb-server', 'ovs-vswitchd', 'ovs-vsctl', 'ovs-ofctl', 'dnsmasq', 'ip', 'ethtool'];

export function probeHost(): HostCapabilities {
  const missing = REAL_DATAPLANE_PROGRAMS.filter((p) => {
    try { execFileSync('sh', ['-c', `command -v ${p}`], { stdio: 'ignore' }); return false; } catch { return true; }
  });
  return { root: process.getuid?.() === 0, missing };
}

export type DataplaneChoice = { kind: 'off' | 'real' | 'memory'; reason: string };

/** `auto` takes the real dataplane when it can (root, OVS and dnsmasq present) and says why when it cannot. */
export function selectDataplane(mode: DataplaneMode, caps: HostCapabilities): DataplaneChoice {
  const cannot = !caps.root ? 'not running as root' : caps.missing.length > 0 ? `missing ${caps.missing.join(', ')}` : undefined;
  switch (mode) {
    case 'off': return { kind: 'off', reason: 'MUON_AGENT_DATAPLANE=off' };
    case 'memory': return { kind: 'memory', reason: 'MUON_AGENT_DATAPLANE=memory' };
    case 'real':
      if (cannot) throw new Error(`MUON_AGENT_DATAPLANE=real but the real dataplane cannot run: ${cannot}`);
      return { kind: 'real', reason: 'MUON_AGENT_DATAPLANE=real' };
    case 'auto':
      return cannot ? { kind: 'memory', reason: `in-memory dataplane: ${cannot}` } : { kind: 'real', reason: 'root, Open vSwitch and dnsmasq present' };
  }
}
