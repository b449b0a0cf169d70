/**
 * A router namespace's nat table, Neutron's way (iptables_manager with the binary name
 * `neutron-l3-agent`), written whole with `iptables-restore` (no --noflush, DATAPLANE.md §5) and
 * compared, normalised, with what `iptables-save -t nat` reads back: "is the NAT right?" is one
 * string comparison, so a rule deleted or added by hand shows as a difference.
 */
const AGENT = 'neutron-l3-agent';
export const ROUTER_NAT_CHAINS = {
  prerouting: `${AGENT}-PREROUTING`,
  output: `${AGENT}-OUTPUT`,
  postrouting: `${AGENT}-POSTROUTING`,
  snat: `${AGENT}-snat`,
  floatSnat: `${AGENT}-float-snat`,
  bottom: 'neutron-postrouting-bottom',
} as const;

/** Built-in chains per table, in the order iptables-save prints them. */
const BUILTIN_CHAINS: Record<string, readonly string[]> = {
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};

/** One table: user chains, built-in policies, and rules (text after `-A <chain> `) in order. */
export interface IptablesTable {
  name: string;
  policies: Record<string, string>;
  chains: string[];
  rules: { chain: string; rule: string }[];
}

export interface RouterNatSpec {
  /** The gateway leg (`qg-…`) and its IPv4 address; undefined when the router has no gateway here. */
  gateway: { link: string; address: string; enableSnat: boolean } | undefined;
  /** The router's internal IPv4 subnets (network/prefix), SNATed to the gateway address when enableSnat. */
  internalCidrs: string[];
  floatingIps: { address: string; fixedIp: string }[];
}

export function renderRouterNat(spec: RouterNatSpec): string {
  const c = ROUTER_NAT_CHAINS;
  const rules: { chain: string; rule: string }[] = [
    { chain: 'PREROUTING', rule: `-j ${c.prerouting}` },
    { chain: 'OUTPUT', rule: `-j ${c.output}` },
    { chain: 'POSTROUTING', rule: `-j ${c.postrouting}` },
    { chain: 'POSTROUTING', rule: `-j ${c.bottom}` },
    { chain: c.bottom, rule: `-m comment --comment "Perform source NAT on outgoing traffic." -j ${c.snat}` },
    { chain: c.snat, rule: `-j ${c.floatSnat}` },
  ];
  const gw = spec.gateway;
  if (gw) {
    // Between the router's own subnets nothing is NATed (a floating IP's VM keeps its fixed address there).
    rules.push({ chain: c.postrouting, rule: `! -i ${gw.link} ! -o ${gw.link} -m conntrack ! --ctstate DNAT -j ACCEPT` });
    for (const fip of spec.floatingIps) {
      rules.push(
        { chain: c.prerouting, rule: `-d ${fip.address}/32 -j DNAT --to-destination ${fip.fixedIp}` },
        { chain: c.output, rule: `-d ${fip.address}/32 -j DNAT --to-destination ${fip.fixedIp}` },
        { chain: c.floatSnat, rule: `-s ${fip.fixedIp}/32 -j SNAT --to-source ${fip.address}` },
      );
    }
    if (gw.enableSnat) {
      for (const cidr of spec.internalCidrs) rules.push({ chain: c.snat, rule: `-s ${cidr} -o ${gw.link} -j SNAT --to-source ${gw.address}` });
    }
  }
  return formatIptablesTable({ name: 'nat', policies: {}, chains: Object.values(c), rules });
}

/**
 * The table as iptables-save prints it (iptables 1.8, both backends): built-in chains first in
 * their fixed order, then user chains sorted, counters zeroed, each chain's rules together and in
 * order. Rendering and reading back both go through this, so equal tables give equal text.
 */
export function formatIptablesTable(table: IptablesTable): string {
  const builtins = BUILTIN_CHAINS[table.name] ?? [];
  const user = [...new Set(table.chains.filter((ch) => !builtins.includes(ch)))].sort(compareAscii);
  const lines = [`*${table.name}`];
  for (const ch of builtins) lines.push(`:${ch} ${table.policies[ch] ?? 'ACCEPT'} [0:0]`);
  for (const ch of user) lines.push(`:${ch} - [0:0]`);
  for (const ch of [...builtins, ...user]) for (const r of table.rules) if (r.chain === ch) lines.push(`-A ${ch} ${r.rule}`);
  // A rule in an undeclared chain would make iptables-restore fail; keep it visible rather than drop it.
  for (const r of table.rules) if (!builtins.includes(r.chain) && !user.includes(r.chain)) lines.push(`-A ${r.chain} ${r.rule}`);
  lines.push('COMMIT');
  return `${lines.join('\n')}\n`;
}

/** One table of iptables-save output (comments and counters ignored); undefined when the output does not have it. */
export function parseIptablesSave(text: string, table = 'nat'): IptablesTable | undefined {
  let inTable = false;
  let found: IptablesTable | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('*')) {
      inTable = line.slice(1) === table;
      if (inTable) found = { name: table, policies: {}, chains: [], rules: [] };
      continue;
    }
    if (!inTable || !found) continue;
    if (line === 'COMMIT') {
      inTable = false;
      continue;
    }
    const chain = /^:(\S+)\s+(\S+)/.exec(line);
    if (chain) {
      if ((BUILTIN_CHAINS[table] ?? []).includes(chain[1]!)) found.policies[chain[1]!] = chain[2]!;
      else found.chains.push(chain[1]!);
      continue;
    }
    const rule = /^-A\s+(\S+)\s+(.*)$/.exec(line);
    if (rule) found.rules.push({ chain: rule[1]!, rule: rule[2]!.replace(/\s+/g, ' ') });
  }
  return found;
}

/** `iptables-save -t <table>` output in the canonical form `formatIptablesTable` renders; undefined without that table. */
export function normaliseIptablesSave(text: string, table = 'nat'): string | undefined {
  const parsed = parseIptablesSave(text, table);
  return parsed ? formatIptablesTable(parsed) : undefined;
}

/** Byte order, as iptables sorts chain names (uppercase before lowercase). */
const compareAscii = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
