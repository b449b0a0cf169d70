import { describe, expect, it } from '@jest/globals';
import { dhcpPort, port, subnet, DHCP_A, NET_A, SUBNET_A, SUBNET_B, VM1, VM2 } from '../../test/host-fixtures.js';
import { dhcpPaths, renderDnsmasqArgs } from './dnsmasq-args.js';
import { renderDhcpHostsFile, renderDhcpOptsFile } from './dnsmasq-files.js';

const s1 = subnet(SUBNET_A, NET_A, '203.0.113.0/26');

describe('dnsmasq hosts file', () => {
  it('writes MAC, hostname host-<ip-dashed>.<domain> and IP for each port, sorted by MAC', () => {
    const ports = [
      port(VM2, NET_A, 'hostA', 'FA:16:3E:00:00:12', [[SUBNET_A, '203.0.113.12']]),
      port(VM1, NET_A, 'hostB', 'fa:16:3e:00:00:11', [[SUBNET_A, '203.0.113.11']]),
      dhcpPort(DHCP_A, NET_A, 'hostA', 'fa:16:3e:00:00:02', [[SUBNET_A, '203.0.113.2']]),
    ];
    expect(renderDhcpHostsFile(ports, [s1], 'openstacklocal')).toBe(
      'fa:16:3e:00:00:02,host-203-0-113-2.openstacklocal,203.0.113.2\n'
      + 'fa:16:3e:00:00:11,host-203-0-113-11.openstacklocal,203.0.113.11\n'
      + 'fa:16:3e:00:00:12,host-203-0-113-12.openstacklocal,203.0.113.12\n');
  });
  it('uses dns_name, tags ports with extra DHCP options, and skips addresses on subnets without DHCP', () => {
    const p = port(VM1, NET_A, 'hostA', 'fa:16:3e:00:00:11', [[SUBNET_A, '203.0.113.11'], [SUBNET_B, '203.0.113.70']], {
      dns_name: 'web1', extra_dhcp_opts: [{ opt_name: 'bootfile-name', opt_value: 'pxelinux.0', ip_version: 4 }],
    });
    expect(renderDhcpHostsFile([p], [s1], 'example.org')).toBe(`fa:16:3e:00:00:11,set:port-${VM1},web1.example.org,203.0.113.11\n`);
  });
});

describe('dnsmasq options file', () => {
  it('gives each subnet its router and the network MTU', () => {
    expect(renderDhcpOptsFile([s1], [], 1450)).toBe(`tag:subnet-${SUBNET_A},option:router,203.0.113.1\ntag:subnet-${SUBNET_A},option:mtu,1450\n`);
  });
  it('suppresses the router for a subnet without gateway, and writes DNS servers and classless routes with the default route', () => {
    const noGw = subnet(SUBNET_B, NET_A, '203.0.113.64/26', { gateway_ip: null });
    const routed = subnet(SUBNET_A, NET_A, '203.0.113.0/26', {
      dns_nameservers: ['203.0.113.53', '203.0.113.54'], host_routes: [{ destination: '198.51.100.0/24', nexthop: '203.0.113.10' }],
    });
    expect(renderDhcpOptsFile([noGw, routed], [], 1500).split('\n')).toEqual([
      `tag:subnet-${SUBNET_A},option:router,203.0.113.1`,
      `tag:subnet-${SUBNET_A},option:dns-server,203.0.113.53,203.0.113.54`,
      `tag:subnet-${SUBNET_A},option:classless-static-route,198.51.100.0/24,203.0.113.10,0.0.0.0/0,203.0.113.1`,
      `tag:subnet-${SUBNET_A},249,198.51.100.0/24,203.0.113.10,0.0.0.0/0,203.0.113.1`,
      `tag:subnet-${SUBNET_A},option:mtu,1500`,
      `tag:subnet-${SUBNET_B},option:router`,
      `tag:subnet-${SUBNET_B},option:mtu,1500`,
      '',
    ]);
  });
  it("adds each port's extra_dhcp_opts under its tag: named and numeric options, IPv6 and null values left out", () => {
    const p = port(VM1, NET_A, 'hostA', 'fa:16:3e:00:00:11', [[SUBNET_A, '203.0.113.11']], {
      extra_dhcp_opts: [
        { opt_name: 'tftp-server', opt_value: '203.0.113.5', ip_version: 4 },
        { opt_name: '150', opt_value: '203.0.113.6', ip_version: 4 },
        { opt_name: 'bootfile-name', opt_value: null, ip_version: 4 },
        { opt_name: 'dns-server', opt_value: '[2001:db8::1]', ip_version: 6 },
      ],
    });
    expect(renderDhcpOptsFile([], [p], 1450)).toBe(`tag:port-${VM1},150,203.0.113.6\ntag:port-${VM1},option:tftp-server,203.0.113.5\n`);
  });
});

describe('dnsmasq arguments', () => {
  it('serves static ranges only, from files, on the namespace leg', () => {
    const args = renderDnsmasqArgs({
      paths: dhcpPaths('/state/dhcp/', NET_A), interfaceName: 'ns-dddddddd-aa', dhcpSubnets: [s1],
      domain: 'openstacklocal', leaseSeconds: 86400, verboseLog: false,
    });
    const dir = `/state/dhcp/${NET_A}`;
    expect(args).toEqual([
      '--no-hosts', '--no-resolv', `--pid-file=${dir}/pid`, `--dhcp-hostsfile=${dir}/host`, `--dhcp-optsfile=${dir}/opts`,
      `--dhcp-leasefile=${dir}/leases`, '--bind-interfaces', '--interface=ns-dddddddd-aa', '--except-interface=lo',
      `--dhcp-range=set:subnet-${SUBNET_A},203.0.113.0,static,255.255.255.192,86400s`, '--dhcp-lease-max=64',
      '--conf-file=/dev/null', '--domain=openstacklocal', `--log-facility=${dir}/log`,
    ]);
  });
});
