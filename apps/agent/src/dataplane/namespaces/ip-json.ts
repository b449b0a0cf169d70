import type { ActualLink } from '@muon/agent-domain';

interface IpAddrJson {
  ifname: string;
  address?: string;
  mtu?: number;
  flags?: string[];
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

/** Links of `ip -j addr show`: name, MAC, MTU, administratively up, IPv4/IPv6 addresses (link-local IPv6 left out). */
export function parseIpAddrJson(json: string): ActualLink[] {
  const entries = JSON.parse(json || '[]') as IpAddrJson[];
  return entries.map((e) => ({
    name: e.ifname,
    mac: (e.address ?? '').toLowerCase(),
    mtu: e.mtu ?? 0,
    up: (e.flags ?? []).includes('UP'),
    addresses: (e.addr_info ?? []).filter((a) => !(a.family === 'inet6' && a.local.toLowerCase().startsWith('fe80:'))).map((a) => `${a.local}/${a.prefixlen}`),
  }));
}

/** Names of `ip -j link show`. */
export const parseIpLinkNames = (json: string): string[] => (JSON.parse(json || '[]') as { ifname: string }[]).map((l) => l.ifname);
