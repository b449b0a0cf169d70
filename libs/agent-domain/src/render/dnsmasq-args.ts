import type { AgentSubnet } from '../inputs/host-inputs.js';
import { ipv4BlockSize, parseIpv4Cidr } from '../inputs/ipv4.js';
import { subnetTag } from './dnsmasq-files.js';

/** Where one network's dnsmasq keeps its files. */
export interface DhcpPaths {
  dir: string;
  pidFile: string;
  hostsFile: string;
  optsFile: string;
  leaseFile: string;
  logFile: string;
}

export const dhcpPaths = (stateDir: string, networkId: string): DhcpPaths => {
  const dir = `${stateDir.replace(/\/$/, '')}/${networkId}`;
  return { dir, pidFile: `${dir}/pid`, hostsFile: `${dir}/host`, optsFile: `${dir}/opts`, leaseFile: `${dir}/leases`, logFile: `${dir}/log` };
};

export interface DnsmasqArgsInput {
  paths: DhcpPaths;
  interfaceName: string;
  dhcpSubnets: readonly AgentSubnet[];
  domain: string;
  leaseSeconds: number;
  verboseLog: boolean;
}

/**
 * dnsmasq's arguments (after the program name) for one network, Neutron-style: static ranges only
 * (an unknown MAC gets no address), hosts and options from files so a SIGHUP applies port changes
 * without a restart. Anything here changing means a restart, which is why nothing volatile is in it.
 */
export function renderDnsmasqArgs(input: DnsmasqArgsInput): string[] {
  const { paths } = input;
  const subnets = [...input.dhcpSubnets].sort((a, b) => a.id.localeCompare(b.id));
  const leaseMax = Math.min(2 ** 24, Math.max(16, subnets.reduce((n, s) => n + ipv4BlockSize(s.cidr), 0)));
  return [
    '--no-hosts',
    '--no-resolv',
    `--pid-file=${paths.pidFile}`,
    `--dhcp-hostsfile=${paths.hostsFile}`,
    `--dhcp-optsfile=${paths.optsFile}`,
    `--dhcp-leasefile=${paths.leaseFile}`,
    '--bind-interfaces',
    `--interface=${input.interfaceName}`,
    '--except-interface=lo',
    ...subnets.map((s) => {
      const c = parseIpv4Cidr(s.cidr);
      return `--dhcp-range=set:${subnetTag(s.id)},${c.network},static,${c.netmask},${input.leaseSeconds}s`;
    }),
    `--dhcp-lease-max=${leaseMax}`,
    '--conf-file=/dev/null',
    `--domain=${input.domain}`,
    `--log-facility=${paths.logFile}`,
    ...(input.verboseLog ? ['--log-dhcp'] : []),
  ];
}
