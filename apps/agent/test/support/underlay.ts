import { runCommand } from '../../src/dataplane/process/run-command.js';
import type { SimulatedHost } from './simulated-host.js';

/**
 * What an operator sets up before the agent runs: a veth "wire" `ul0` between two host
 * namespaces, owned by an OVS bridge `br-phy` whose internal port carries the host's tunnel
 * address (userspace tunnelling needs the local IP on an OVS internal port, DATAPLANE.md §2).
 */
export async function connectUnderlay(a: SimulatedHost, aIp: string, b: SimulatedHost, bIp: string, prefixLength: number): Promise<void> {
  await runCommand('ip', ['-n', a.hostNamespace, 'link', 'add', 'ul0', 'type', 'veth', 'peer', 'name', 'ul0', 'netns', b.hostNamespace]);
  for (const [host, ip] of [[a, aIp], [b, bIp]] as const) {
    await runCommand('ip', ['-n', host.hostNamespace, 'link', 'set', 'ul0', 'up']);
    await host.ovs.vsctl(['--may-exist', 'add-br', 'br-phy', '--', 'set', 'Bridge', 'br-phy', 'datapath_type=netdev', '--', '--may-exist', 'add-port', 'br-phy', 'ul0']);
    await runCommand('ip', ['-n', host.hostNamespace, 'addr', 'add', `${ip}/${prefixLength}`, 'dev', 'br-phy']);
    await runCommand('ip', ['-n', host.hostNamespace, 'link', 'set', 'br-phy', 'up']);
  }
}
