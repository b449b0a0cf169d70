import { readFileSync } from 'node:fs';
import { readlink } from 'node:fs/promises';

/**
 * A process we started, found by its pid file and proved ours by its command line containing a
 * marker (its pid file or run directory) — never looked up by name.
 */
export function ownedPid(pidFile: string, marker: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 1) return undefined;
  return commandLine(pid)?.some((a) => a.includes(marker)) ? pid : undefined;
}

/** The argv of a live process, or undefined (gone, or a zombie with an empty command line). */
export function commandLine(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (raw.length === 0) return undefined;
    return raw.replace(/\0$/, '').split('\0');
  } catch {
    return undefined;
  }
}

/** `net:[4026532…]`: which network namespace a process is in. */
export async function processNetns(pid: number): Promise<string | undefined> {
  try {
    return await readlink(`/proc/${pid}/ns/net`);
  } catch {
    return undefined;
  }
}

/** SIGTERM, wait up to `graceMs`, then SIGKILL; resolves once the process is gone. */
export async function stopProcess(pid: number, graceMs = 5000): Promise<void> {
  const alive = () => commandLine(pid) !== undefined;
  try { process.kill(pid, 'SIGTERM'); } catch { return; }
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await sleep(20);
  if (alive()) {
    try { process.kill(pid, 'SIGKILL'); } catch { return; }
    for (let i = 0; i < 100 && alive(); i++) await sleep(20);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
