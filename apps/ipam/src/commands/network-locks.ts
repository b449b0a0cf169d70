import { networkResource } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import { normaliseUuid } from './resource-rows.js';

/**
 * A network's transaction-scoped advisory lock. Port creates take it shared, so they run side by
 * side; what a port create must not overlap (network update and delete, subnet create and delete)
 * takes it exclusive. It replaces `FOR SHARE` on the network row, which made every port create
 * write the row's lock into a new MultiXact. The key is the network's canonical id (lower-case UUID
 * text), given as SQL parameter `param`.
 */
export const networkLockKeySql = (param: string): string => `hashtextextended('ipam.network:' || ${param}::text, 0)`;

/**
 * Takes the network's lock exclusively, before the caller reads anything it decides on: in READ
 * COMMITTED each statement reads a fresh snapshot, so whatever follows sees every port create that
 * held the shared lock as committed. A malformed id is 404, as loading the network would say.
 */
export async function lockNetworkExclusively(tx: StoreTransaction, networkId: string): Promise<void> {
  await tx.query(`select pg_advisory_xact_lock(${networkLockKeySql('$1')})`, [normaliseUuid(networkId, networkResource)], { prepare: true });
}
