import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * What /proc says about the processes under test: CPU time (utime + stime) and resident memory.
 * A "group" is one logical process: a service replica, nats-server, or PostgreSQL (the postmaster
 * and all its backends, whose CPU is the database's share of each request).
 */
export interface ProcGroup {
  label: string;
  kind: 'service' | 'postgres' | 'nats' | 'client';
  pid: number;
}

export interface GroupSample {
  /** CPU seconds used so far (for postgres: postmaster, its live children and its reaped ones). */
  cpuSeconds: number;
  /** Of which in the kernel (stime): syscalls, and for loopback sockets most of the TCP work. */
  sysSeconds: number;
  /** Resident memory in MB. For postgres, shared memory and the binary are counted once, not per backend. */
  rssMb: number;
  alive: boolean;
}

export const TICKS = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100; } catch { return 100; }
})();

interface Stat { ppid: number; utime: number; stime: number; cutime: number; cstime: number }

function readStat(pid: number): Stat | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)" start with the state (field 3); comm may itself contain spaces or parens.
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), utime: Number(f[11]), stime: Number(f[12]), cutime: Number(f[13]), cstime: Number(f[14]) };
  } catch {
    return null;
  }
}

function readStatus(pid: number): Record<string, number> | null {
  try {
    const out: Record<string, number> = {};
    for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split('\n')) {
      const m = /^(VmRSS|RssAnon|RssFile|RssShmem):\s+(\d+) kB/.exec(line);
      if (m) out[m[1]!] = Number(m[2]);
    }
    return out;
  } catch {
    return null;
  }
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const st = readStat(Number(name));
    if (st?.ppid === pid) out.push(Number(name));
  }
  return out;
}

export function sampleGroup(g: ProcGroup): GroupSample {
  const root = readStat(g.pid);
  if (!root) return { cpuSeconds: Number.NaN, sysSeconds: Number.NaN, rssMb: Number.NaN, alive: false };
  if (g.kind !== 'postgres') {
    const status = readStatus(g.pid);
    return { cpuSeconds: (root.utime + root.stime) / TICKS, sysSeconds: root.stime / TICKS, rssMb: (status?.VmRSS ?? Number.NaN) / 1024, alive: true };
  }
  let ticks = root.utime + root.stime + root.cutime + root.cstime;
  let sys = root.stime + root.cstime;
  let anon = 0;
  let file = 0;
  let shmem = 0;
  for (const pid of [g.pid, ...childrenOf(g.pid)]) {
    if (pid !== g.pid) {
      const st = readStat(pid);
      if (st) { ticks += st.utime + st.stime; sys += st.stime; }
    }
    const status = readStatus(pid);
    if (!status) continue;
    anon += status.RssAnon ?? 0;
    file = Math.max(file, status.RssFile ?? 0);
    shmem = Math.max(shmem, status.RssShmem ?? 0);
  }
  return { cpuSeconds: ticks / TICKS, sysSeconds: sys / TICKS, rssMb: (anon + file + shmem) / 1024, alive: true };
}

export function sampleAll(groups: readonly ProcGroup[]): Record<string, GroupSample> {
  return Object.fromEntries(groups.map((g) => [g.label, sampleGroup(g)]));
}

/** Whole-machine CPU counters from /proc/stat (all cores), to tell whether a phase was CPU-bound. */
export interface MachineCpu { busy: number; total: number }

export function machineCpu(): MachineCpu {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: total - idle, total };
}

/** Share of the machine's CPU capacity (all cores) that was busy between two readings, in %. */
export const busyPct = (a: MachineCpu, b: MachineCpu): number => (b.total > a.total ? (100 * (b.busy - a.busy)) / (b.total - a.total) : Number.NaN);

/**
 * Share of the machine's CPU capacity used by processes that are not watched (another workload on
 * the same machine), in %: machine busy time minus what the watched groups used.
 */
export function othersPct(a: MachineCpu, b: MachineCpu, watchedCpuSeconds: number): number {
  if (b.total <= a.total) return Number.NaN;
  const busySeconds = (b.busy - a.busy) / TICKS;
  return Math.max(0, (100 * (busySeconds - watchedCpuSeconds)) / ((b.total - a.total) / TICKS));
}

export function pidFromFile(file: string): number | null {
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]!.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Tracks the peak resident memory of every group while load runs (sampled every `intervalMs`);
 * `reset()` starts a new window, `peaks()` reads the maxima of the current window.
 */
export class RssSampler {
  readonly groups: readonly ProcGroup[];
  #timer: NodeJS.Timeout | null = null;
  #window: Record<string, number> = {};
  #overall: Record<string, number> = {};

  constructor(groups: readonly ProcGroup[]) {
    this.groups = groups;
  }

  start(intervalMs = 250): void {
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  sample(): void {
    for (const g of this.groups) {
      const mb = sampleGroup(g).rssMb;
      if (!Number.isFinite(mb)) continue;
      this.#window[g.label] = Math.max(this.#window[g.label] ?? 0, mb);
      this.#overall[g.label] = Math.max(this.#overall[g.label] ?? 0, mb);
    }
  }

  reset(): void {
    this.#window = {};
  }

  peaks(): Record<string, number> {
    this.sample();
    return { ...this.#window };
  }

  overallPeaks(): Record<string, number> {
    return { ...this.#overall };
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
