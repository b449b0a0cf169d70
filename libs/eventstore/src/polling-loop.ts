export interface PollingLoopOptions {
  /** How long to wait after a step found nothing to do. */
  idleMs: number;
  /** First wait after a failing step; doubles on each consecutive failure. */
  errorBackoffMs?: number;
  maxErrorBackoffMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Runs `step` over and over: again at once while it finds work, after `idleMs` when it finds none,
 * after a growing pause when it fails. `wake()` cuts an idle wait short (e.g. right after a commit).
 */
export class PollingLoop {
  readonly #step: () => Promise<number>;
  readonly #options: Required<Omit<PollingLoopOptions, 'onError'>> & Pick<PollingLoopOptions, 'onError'>;
  #running: Promise<void> | null = null;
  #stopping = false;
  #wakeUp: (() => void) | null = null;
  #interrupt: (() => void) | null = null;
  #woken = false;

  constructor(step: () => Promise<number>, options: PollingLoopOptions) {
    this.#step = step;
    this.#options = { errorBackoffMs: 200, maxErrorBackoffMs: 5000, ...options };
  }

  get running(): boolean {
    return this.#running !== null;
  }

  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#loop();
  }

  wake(): void {
    this.#woken = true;
    this.#wakeUp?.();
  }

  /** Resolves once the step in flight (if any) has finished; no step starts after that. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#interrupt?.();
    await this.#running;
    this.#running = null;
  }

  async #loop(): Promise<void> {
    let failures = 0;
    while (!this.#stopping) {
      try {
        this.#woken = false;
        const done = await this.#step();
        failures = 0;
        // A wake() that arrived while the step ran may concern work the step did not see yet.
        if (done === 0 && !this.#woken) await this.#pause(this.#options.idleMs, true);
      } catch (error) {
        this.#options.onError?.(error);
        const { errorBackoffMs, maxErrorBackoffMs } = this.#options;
        await this.#pause(Math.min(maxErrorBackoffMs, errorBackoffMs * 2 ** failures++), false);
      }
    }
  }

  /** Waits `ms`; stop() always ends the wait early, wake() only when `wakeable` (never during an error backoff). */
  #pause(ms: number, wakeable: boolean): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const end = () => {
        clearTimeout(timer);
        this.#wakeUp = null;
        this.#interrupt = null;
        resolve();
      };
      const timer = setTimeout(end, ms);
      this.#interrupt = end;
      this.#wakeUp = wakeable ? end : null;
    });
  }
}

/** The default for a loop nobody listens to: a failing relay or projection must not go unnoticed. */
export const warnOnStderr =
  (what: string) =>
  (error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[eventstore] ${what} failed, retrying with backoff: ${message}\n`);
  };
