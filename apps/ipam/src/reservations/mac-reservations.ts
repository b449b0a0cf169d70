import { IpamErrors } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { generateMac, validatePortMac } from '@muon/ipam-domain';

const MAC_PROBES = 16;

/** A MAC unique on its network, guarded by mac_allocations' primary key (network, mac). */
export async function reserveMac(tx: StoreTransaction, networkId: string, portId: string, requested: string | undefined, base: string): Promise<string> {
  if (requested !== undefined) {
    const mac = validatePortMac(requested);
    if (!(await tryReserve(tx, networkId, mac, portId))) throw IpamErrors.macAddressInUse(networkId, mac);
    return mac;
  }
  for (let i = 0; i < MAC_PROBES; i++) {
    const mac = generateMac(base);
    if (await tryReserve(tx, networkId, mac, portId)) return mac;
  }
  throw IpamErrors.macAddressGenerationFailure(networkId);
}

async function tryReserve(tx: StoreTransaction, networkId: string, mac: string, portId: string): Promise<boolean> {
  const { rows } = await tx.query(
    'insert into mac_allocations (network_id, mac_address, port_id) values ($1, $2, $3) on conflict do nothing returning port_id',
    [networkId, mac, portId],
  );
  return rows.length === 1;
}

export async function releaseMac(tx: StoreTransaction, networkId: string, mac: string, portId: string): Promise<void> {
  await tx.query('delete from mac_allocations where network_id = $1 and mac_address = $2 and port_id = $3', [networkId, mac, portId]);
}
