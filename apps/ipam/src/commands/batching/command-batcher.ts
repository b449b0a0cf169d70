/** What a batch says about one of its commands. */
export type BatchOutcome<O> = { value: O } | { error: unknown };

interface Entry<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export interface CommandBatcherOptions<I, O> {
  /** Runs commands together (one transaction); never throws for one command's failure. */
  runBatch: (items: I[]) => Promise<BatchOutcome<O>[]>;
  /** Runs one command by itself, after a batch that failed as a whole. */
  runAlone: (item: I) => Promise<O>;
  /** Most commands in one batch. */
  maxBatch: number;
  /** Batches running at once; commands arriving meanwhile wait and form the next batch. */
  maxInFlight: number;
}

/**
 * Group commit without a timer: a command starts at once when fewer than `maxInFlight` batches run,
 * and otherwise joins the queue that the next free slot takes as one batch. An idle service runs
 * each command alone, as soon as it comes; a busy one runs as many per transaction as arrived while
 * the previous transactions ran, which is what spares it the per-transaction work.
 *
 * A batch that fails as a whole (a database error, not one command's answer) runs its commands
 * again one at a time, so a command that breaks a batch fails by itself and the others proceed.
 */
export class CommandBatcher<I, O> {
  readonly #options: CommandBatcherOptions<I, O>;
  readonly #queue: Entry<I, O>[] = [];
  #inFlight = 0;

  constructor(options: CommandBatcherOptions<I, O>) {
    this.#options = options;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#options.maxInFlight && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#options.maxBatch);
      this.#inFlight++;
      void this.#run(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #run(batch: Entry<I, O>[]): Promise<void> {
    const alone = (entry: Entry<I, O>) => this.#options.runAlone(entry.item).then(entry.resolve, entry.reject);
    let outcomes: BatchOutcome<O>[];
    try {
      outcomes = await this.#options.runBatch(batch.map((entry) => entry.item));
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      else await Promise.all(batch.map(alone));
      return;
    }
    batch.forEach((entry, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome) entry.reject(outcome.error);
      else entry.resolve(outcome.value);
    });
  }
}
