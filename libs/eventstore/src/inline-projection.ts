import type { EventEnvelope } from '@muon/contracts';
import type { StoreTransaction } from './transaction.js';

/**
 * A read model kept in the same transaction as the append, so a client reads its own writes at once.
 * `apply` must be a pure function of the tables and the event: `rebuild()` truncates `tables` and
 * replays the whole log through it, and must arrive at exactly the same rows.
 */
export interface InlineProjection {
  name: string;
  /** Tables this projection owns (truncated by rebuild); unqualified names resolve to the service schema. */
  tables: string[];
  apply(tx: StoreTransaction, event: EventEnvelope): Promise<void>;
  /**
   * Optional: the events of one append (several streams at once when commands run as a batch), in
   * order, with fewer statements. Must leave exactly the rows that `apply` of each in turn would.
   */
  applyMany?(tx: StoreTransaction, events: readonly EventEnvelope[]): Promise<void>;
}
