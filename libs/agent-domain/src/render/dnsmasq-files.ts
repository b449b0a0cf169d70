import type { AgentPort, AgentSubnet } from '../inputs/host-inputs.js';
import { hostnameForIp } from '../names/neutron-names.js';

/** dnsmasq tag of a subnet's --dhcp-range and its options. */
export const subnetTag = (subnetId: string): string => `subnet-${subnetId}`;
/** dnsmasq tag a port's hosts line sets when the port has extra DHCP options. */
export const portTag = (portId: string): string => `port-${portId}`;

const extraOptions = (port: AgentPort) => (port.extra_dhcp_opts ?? []).filter((o) => o.opt_value !== null && (o.ip_version ?? 4) === 4);

/**
 * `--dhcp-hostsfile`: one line per fixed IP on a DHCP-enabled subnet,
 * `fa:16:3e:00:00:16,[set:port-<id>,]host-203-0-113-16.openstacklocal,203.0.113.16`.
 * A port's dns_name, when set, replaces the generated hostname.
 */
export function renderDhcpHostsFile(ports: readonly AgentPort[], dhcpSubnets: readonly AgentSubnet[], domain: string): string {
  const enabled = new Set(dhcpSubnets.map((s) => s.id));
  const lines: { mac: string; ip: string; line: string }[] = [];
  for (const port of ports) {
    const tag = extraOptions(port).length > 0 ? `set:${portTag(port.id)},` : '';
    for (const fixed of port.fixed_ips) {
      if (!enabled.has(fixed.subnet_id)) continue;
      const host = port.dns_name ? port.dns_name.replace(/\.$/, '') : hostnameForIp(fixed.ip_address);
      const mac = port.mac_address.toLowerCase();
      lines.push({ mac, ip: fixed.ip_address, line: `${mac},${tag}${host}.${domain},${fixed.ip_address}` });
    }
  }
  lines.sort((a, b) => (a.mac === b.mac ? a.ip.localeCompare(b.ip) : a.mac.localeCompare(b.mac)));
  return lines.map((l) => `${l.line}\n`).join('');
}

/**
 * `--dhcp-optsfile`: per subnet its router (an empty `option:router` stops dnsmasq offering itself),
 * DNS servers, host routes (classless, plus 249 for Windows, with the default route added because
 * clients ignore option 3 once they get option 121) and the network's MTU; then each port's
 * extra_dhcp_opts under its own tag.
 */
export function renderDhcpOptsFile(dhcpSubnets: readonly AgentSubnet[], ports: readonly AgentPort[], mtu: number): string {
  const lines: string[] = [];
  for (const s of [...dhcpSubnets].sort((a, b) => a.id.localeCompare(b.id))) {
    const t = `tag:${subnetTag(s.id)}`;
    lines.push(s.gateway_ip ? `${t},option:router,${s.gateway_ip}` : `${t},option:router`);
    if (s.dns_nameservers.length > 0) lines.push(`${t},option:dns-server,${s.dns_nameservers.join(',')}`);
    if (s.host_routes.length > 0) {
      const routes = s.host_routes.map((r) => `${r.destination},${r.nexthop}`);
      if (s.gateway_ip && !s.host_routes.some((r) => r.destination === '0.0.0.0/0')) routes.push(`0.0.0.0/0,${s.gateway_ip}`);
      lines.push(`${t},option:classless-static-route,${routes.join(',')}`);
      lines.push(`${t},249,${routes.join(',')}`);
    }
    lines.push(`${t},option:mtu,${mtu}`);
  }
  for (const port of [...ports].sort((a, b) => a.id.localeCompare(b.id))) {
    for (const o of [...extraOptions(port)].sort((a, b) => a.opt_name.localeCompare(b.opt_name))) {
      const name = /^\d+$/.test(o.opt_name) ? o.opt_name : `option:${o.opt_name}`;
      lines.push(`tag:${portTag(port.id)},${name},${o.opt_value}`);
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}
