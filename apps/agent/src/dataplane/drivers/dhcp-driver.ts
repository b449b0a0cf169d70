import type { ActualDhcpServer } from '@muon/agent-domain';

/** One dnsmasq per network, each with its files in its own directory. */
export interface DhcpDriver {
  /** Every network that has a directory or a running dnsmasq. */
  read(): Promise<ActualDhcpServer[]>;
  writeFiles(networkId: string, files: { hosts: string; opts: string }): Promise<void>;
  /** Starts dnsmasq with these arguments in the namespace, stopping a running one first. */
  start(networkId: string, namespace: string, args: readonly string[]): Promise<void>;
  /** SIGHUP: re-read the hosts and options files. */
  reload(networkId: string): Promise<void>;
  /** Stops the network's dnsmasq and removes its directory. */
  stop(networkId: string): Promise<void>;
}
