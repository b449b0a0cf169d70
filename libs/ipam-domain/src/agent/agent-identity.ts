import { createHash } from 'node:crypto';
import { AgentType, type AgentTypeName } from '@muon/contracts';

/** What Neutron shows for each agent type besides its name. */
const AGENT_KINDS: Record<AgentTypeName, { binary: string; topic: string; zoned: boolean }> = {
  [AgentType.openvswitch]: { binary: 'muon-openvswitch-agent', topic: 'N/A', zoned: false },
  [AgentType.dhcp]: { binary: 'muon-dhcp-agent', topic: 'dhcp_agent', zoned: true },
  [AgentType.l3]: { binary: 'muon-l3-agent', topic: 'l3_agent', zoned: true },
};

export const agentKind = (type: AgentTypeName) => AGENT_KINDS[type];

/**
 * An agent's id is a name-based UUID (version 5 layout) of its host and type, so a restarted or
 * re-installed agent is the same record, as a Neutron agent reporting from the same host is.
 */
export function agentId(host: string, type: AgentTypeName): string {
  const h = createHash('sha1').update(`muon-agent\0${host}\0${type}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Neutron shows agent times as `2026-11-25 03:42:33` (UTC, no zone), unlike other resources. */
export const agentTimestamp = (isoOrNeutron: string): string => isoOrNeutron.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
