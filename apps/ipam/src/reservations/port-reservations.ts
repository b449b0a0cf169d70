import type { StoreTransaction } from '@muon/eventstore';

/** Gives back every MAC and address row reserved for these ports (creates that failed in a batch that commits). */
export async function releasePortReservations(tx: StoreTransaction, portIds: readonly string[]): Promise<void> {
  if (portIds.length === 0) return;
  await tx.query(
    `with macs as (delete from mac_allocations where port_id = any($1::uuid[]))
     delete from ip_allocations where port_id = any($1::uuid[])`,
    [portIds], { prepare: true });
}
