import { NeutronError, QuotaErrors, type CommandRequest, type Port } from '@muon/contracts';
import { currentTraceScope, NO_TRACE, type EventStore, type StoreTransaction, type TraceScope } from '@muon/eventstore';
import type { PortCreateAttributes } from '@muon/ipam-domain';
import { enforceQuota } from '../../quotas/enforce-quota.js';
import { effectiveLimits, projectLimits, usage } from '../../quotas/quota-store.js';
import { appendMetaOf } from '../command-meta.js';
import type { IpamSettings } from '../ipam-settings.js';
import { createPorts } from '../port-commands.js';
import { CommandBatcher, type BatchOutcome } from './command-batcher.js';
import { settled } from './settled.js';

/** At most this many creates share a transaction: its statements stay short, and so does each create's wait. */
const MAX_BATCH = 32;
/**
 * Transactions of port creates at once: while one is in PostgreSQL, ipam prepares the next. More
 * split the creates waiting into smaller batches; 2, 3, 4 and 6 measured the same within the noise
 * of the 2-core benchmark machine (docs/benchmarks.md).
 */
const MAX_IN_FLIGHT = 3;

export interface PortCreateJob {
  req: CommandRequest<PortCreateAttributes>;
  /** The project whose port quota the create counts against, or undefined when none is checked. */
  quotaProject: string | undefined;
  /** The command's trace context: its event's traceparent, and its transaction's when it runs alone. */
  trace: TraceScope;
}

/**
 * Port creates, the hot path, in group commit (DESIGN.md §2's budget: "a batch of concurrent
 * commands may share one transaction"): one begin, lock, MAC, network, address, append and commit
 * statement for all the creates of a batch instead of for each.
 */
export class PortCreateBatcher {
  readonly #batcher: CommandBatcher<PortCreateJob, Port>;

  constructor(
    private readonly store: () => EventStore,
    private readonly settings: IpamSettings,
    /** The command run by itself, as every other command is (after a batch failed as a whole). */
    runAlone: (req: CommandRequest<PortCreateAttributes>) => Promise<Port>,
  ) {
    this.#batcher = new CommandBatcher<PortCreateJob, Port>({
      runBatch: (jobs) => this.#runBatch(jobs),
      runAlone: (job) => job.trace.run(() => runAlone(job.req)),
      maxBatch: MAX_BATCH,
      maxInFlight: MAX_IN_FLIGHT,
    });
  }

  create(req: CommandRequest<PortCreateAttributes>, quotaProject: string | undefined): Promise<Port> {
    return this.#batcher.submit({ req, quotaProject, trace: currentTraceScope() });
  }

  /**
   * A batch of one runs in its command's trace; a larger one in none of them, so that each event's
   * append span joins its own command's trace (by the traceparent in its meta).
   */
  #runBatch(jobs: PortCreateJob[]): Promise<BatchOutcome<Port>[]> {
    const trace = jobs.length === 1 ? jobs[0]!.trace : NO_TRACE;
    return trace.run(() => this.store().transact(async (tx) => {
      const refused = await this.#admitByQuota(tx, jobs);
      const admitted = jobs.filter((_, i) => !refused[i]);
      const outcomes = await createPorts(tx, admitted.map((job) => ({ req: job.req, meta: job.trace.run(() => appendMetaOf(job.req)) })),
        this.settings, { isolateFailures: true });
      const results = outcomes.values();
      return jobs.map((_, i): BatchOutcome<Port> => {
        if (refused[i]) return { error: refused[i] };
        const outcome = results.next().value!;
        return 'error' in outcome ? { error: outcome.error } : { value: outcome.port };
      });
    }));
  }

  /**
   * The port quota, for a whole batch. enforceQuota takes a limited project's turn (its lock, held
   * to the commit, so no other transaction counts meanwhile) and checks the batch's first create of
   * it; the project's count, read after that, admits as many more as fit, and the rest are
   * OverQuota, as they would be one after another. An unlimited project takes no turn, as there.
   * Projects in sorted order, so two batches never wait on each other's turns.
   */
  async #admitByQuota(tx: StoreTransaction, jobs: PortCreateJob[]): Promise<(NeutronError | undefined)[]> {
    const query = async (sql: string, params: unknown[]) => tx.query(sql, params, { prepare: true });
    const refused = new Map<PortCreateJob, NeutronError>();
    const projects = [...new Set(jobs.map((job) => job.quotaProject).filter((p) => p !== undefined))].sort();
    for (const project of projects) {
      const limit = effectiveLimits(this.settings.quotaDefaults, await projectLimits(query, project)).port;
      if (limit < 0) continue;
      const mine = jobs.filter((job) => job.quotaProject === project);
      const first = await settled(() => enforceQuota(tx, this.settings.quotaDefaults, project, 'port'));
      const used = first instanceof NeutronError ? limit : (await usage(query, project)).port;
      mine.forEach((job, i) => {
        if (used + i + 1 > limit) refused.set(job, first instanceof NeutronError ? first : QuotaErrors.overQuota(['port']));
      });
    }
    return jobs.map((job) => refused.get(job));
  }
}
