import { performance } from 'node:perf_hooks';
import { percentile, round } from './stats.ts';

export interface LoadOptions {
  label: string;
  /** Operations to run in all (the phase stops after this many)… */
  total: number;
  /** …or after this many seconds, whichever comes first. */
  maxSeconds: number;
  concurrency: number;
  /** One operation; throws on failure. `i` counts from 0 within the phase. */
  op: (i: number) => Promise<void>;
}

export interface LoadResult {
  label: string;
  concurrency: number;
  requested: number;
  completed: number;
  errors: number;
  errorSamples: string[];
  /** Wall time from the first start to the last completion. */
  seconds: number;
  perSecond: number;
  timedOut: boolean;
  /** Latency of every successful operation, ms. */
  latencies: number[];
}

/** One status line, rewritten in place on a terminal and printed every few seconds otherwise. */
export class Progress {
  readonly tty = Boolean(process.stdout.isTTY);
  #lastPrint = 0;
  #open = false;

  update(text: string, force = false): void {
    const now = Date.now();
    if (this.tty) {
      process.stdout.write(`\r\x1b[K${text}`);
      this.#open = true;
    } else if (force || now - this.#lastPrint >= 5000) {
      process.stdout.write(`${text}\n`);
      this.#lastPrint = now;
    }
  }

  /** Ends the status line and prints a permanent one. */
  done(text: string): void {
    if (this.tty && this.#open) process.stdout.write('\r\x1b[K');
    this.#open = false;
    process.stdout.write(`${text}\n`);
  }

  log(text: string): void {
    this.done(text);
  }
}

/**
 * Closed-loop load: `concurrency` workers, each starting its next operation as soon as the previous
 * one finished, until `total` operations were started or `maxSeconds` passed. Bounded either way.
 */
export async function runLoad(opts: LoadOptions, progress: Progress): Promise<LoadResult> {
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + opts.maxSeconds * 1000;
  let tEnd = t0;
  let timedOut = false;

  const status = () => {
    const elapsed = (performance.now() - t0) / 1000;
    const done = latencies.length;
    const sorted = latencies.slice(-2000).sort((a, b) => a - b);
    return `  ${opts.label}: ${done + errors}/${opts.total}  ${round(done / Math.max(elapsed, 1e-3), 0)}/s` +
      `  p50 ${round(percentile(sorted, 50), 1)} ms  p99 ${round(percentile(sorted, 99), 1)} ms` +
      `  errors ${errors}  ${round(elapsed, 1)} s`;
  };
  const ticker = setInterval(() => progress.update(status()), progress.tty ? 500 : 1000);

  const worker = async () => {
    while (started < opts.total) {
      if (performance.now() > deadline) { timedOut = true; return; }
      const i = started++;
      const s = performance.now();
      try {
        await opts.op(i);
        const e = performance.now();
        latencies.push(e - s);
        tEnd = Math.max(tEnd, e);
      } catch (err) {
        errors++;
        tEnd = Math.max(tEnd, performance.now());
        const msg = err instanceof Error ? err.message : String(err);
        if (errorSamples.length < 5 && !errorSamples.includes(msg)) errorSamples.push(msg);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));
  } finally {
    clearInterval(ticker);
  }
  const seconds = (tEnd - t0) / 1000;
  progress.done(status() + (timedOut ? '  (time limit reached)' : ''));
  return {
    label: opts.label, concurrency: opts.concurrency, requested: opts.total, completed: latencies.length, errors, errorSamples,
    seconds: round(seconds, 3), perSecond: round(latencies.length / Math.max(seconds, 1e-6), 1), timedOut, latencies,
  };
}
