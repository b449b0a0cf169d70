import { AUTO_DELETE_PORT_OWNERS } from '@muon/contracts';
import type { NetworkPortFact } from './network.commands.js';

/** Ports that keep a network from being deleted: all but DHCP and other auto-deleted infrastructure. */
export const portsBlockingNetworkDelete = (ports: readonly NetworkPortFact[]): string[] =>
  ports.filter((p) => !AUTO_DELETE_PORT_OWNERS.includes(p.device_owner)).map((p) => p.id);

/** Ports the owner deletes along with the network. */
export const portsDeletedWithNetwork = (ports: readonly NetworkPortFact[]): string[] =>
  ports.filter((p) => AUTO_DELETE_PORT_OWNERS.includes(p.device_owner)).map((p) => p.id);
