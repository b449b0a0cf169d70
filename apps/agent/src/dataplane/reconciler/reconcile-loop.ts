import type { HostInputs } from '@muon/agent-domain';
import type { ReconcileReport, Reconciler } from './reconciler.js';

const FULL_READ_REASONS = new Set(['start', 'retry after failure']);
/** Reconciles in a row that may end unconverged without errors before the loop backs off. */
const MAX_UNFINISHED_STREAK = 3;

export interface ReconcileLoopOptions {
  /** Changes arriving within this window share one pass (default 10 ms: a binding should not wait). */
  debounceMs?: number;
  /**
   * A full pass at least this often, whatever happened: a deleted namespace, a dead dnsmasq or a
   * restarted vswitchd announce themselves nowhere. Default 4 s keeps repairs within 5 s; an idle
   * pass costs ~0.1 s at 100 ports and ~0.3 s at 2,000.
   */
  resyncIntervalMs?: number;
  /** First retry delay after a failed pass; doubles up to maxRetryDelayMs. */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  onReport?: (report: ReconcileReport, reason: string) => void;
  onError?: (error: Error) => void;
}

/**
 * Runs the reconciler level-triggered: any hint (an OVSDB change, a new desired state, a timer)
 * only asks for a pass; passes never overlap, hints during a pass cause exactly one more, and a
 * pass that failed is retried with backoff. What changed is never passed on — every pass looks
 * at the whole host.
 */
export class ReconcileLoop {
  private timer: NodeJS.Timeout | undefined;
  private resyncTimer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private pendingReason: string | undefined;
  /** Whether a pending pass must read the whole host (start, periodic resync, retry) rather than trust the reconciler's cache. */
  private pendingFullRead = false;
  private refreshing = false;
  private unfinishedStreak = 0;
  private retryDelay: number;
  private stopped = true;
  private idleWaiters: (() => void)[] = [];
  /** Passes run so far (for tests and metrics). */
  runs = 0;

  constructor(private readonly reconciler: Reconciler, private readonly inputs: () => HostInputs | undefined, private readonly opts: ReconcileLoopOptions = {}) {
    this.retryDelay = opts.retryDelayMs ?? 1000;
  }

  start(): void {
    this.stopped = false;
    this.resyncTimer = setInterval(() => void this.periodicResync(), this.opts.resyncIntervalMs ?? 4000);
    this.trigger('start');
  }

  /** Asks for a pass soon. */
  trigger(reason: string, delayMs = this.opts.debounceMs ?? 10): void {
    if (this.stopped) return;
    this.pendingReason ??= reason;
    this.pendingFullRead ||= FULL_READ_REASONS.has(reason);
    if (this.running || this.timer) return;
    this.timer = setTimeout(() => { this.timer = undefined; void this.runPass(); }, delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.resyncTimer);
    this.timer = undefined;
    await this.running;
  }

  /**
   * The periodic resync: the reconciler re-reads what it caches beside any running pass, then an
   * ordinary pass compares everything, so hand edits are repaired without blocking bindings.
   */
  private async periodicResync(): Promise<void> {
    if (this.refreshing || this.stopped) return;
    this.refreshing = true;
    try {
      await this.reconciler.refreshCache();
    } catch (err) {
      this.opts.onError?.(err as Error);
      this.pendingFullRead = true;
    } finally {
      this.refreshing = false;
    }
    this.trigger('periodic resync');
  }

  /** Resolves when no pass is running or scheduled. */
  whenIdle(): Promise<void> {
    if (!this.running && !this.timer) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private async runPass(): Promise<void> {
    const reason = this.pendingReason ?? 'hint';
    const fullRead = this.pendingFullRead;
    this.pendingReason = undefined;
    this.pendingFullRead = false;
    const inputs = this.inputs();
    let failed = false;
    let unfinished = false;
    this.running = (async () => {
      if (!inputs) return; // no desired state yet: touch nothing
      this.runs++;
      try {
        const report = await this.reconciler.reconcile(inputs, undefined, { fullRead });
        this.opts.onReport?.(report, reason);
        // Errors back off; passes that all succeeded but kept finding new work (VMs plugged
        // while it ran) go on at once — a few times: a host that never settles is backed off too.
        unfinished = !report.converged && report.passes.every((p) => p.errors.length === 0) && this.unfinishedStreak < MAX_UNFINISHED_STREAK;
        failed = !report.converged && !unfinished;
        this.unfinishedStreak = unfinished ? this.unfinishedStreak + 1 : 0;
      } catch (err) {
        failed = true;
        this.opts.onError?.(err as Error);
      }
    })();
    await this.running;
    this.running = undefined;
    if (failed) {
      this.trigger('retry after failure', this.retryDelay);
      this.retryDelay = Math.min(this.retryDelay * 2, this.opts.maxRetryDelayMs ?? 30000);
    } else {
      this.retryDelay = this.opts.retryDelayMs ?? 1000;
      if (unfinished) this.trigger('more changes arrived during the pass');
      else if (this.pendingReason) this.trigger(this.pendingReason);
    }
    if (!this.running && !this.timer) for (const w of this.idleWaiters.splice(0)) w();
  }
}
