/** Checks a service registers (database reachable, migrations applied…); /readyz runs them all. */
export class Readiness {
  private readonly checks = new Map<string, () => Promise<void>>();

  add(name: string, check: () => Promise<void>): void {
    this.checks.set(name, check);
  }

  async run(): Promise<{ ready: boolean; checks: Record<string, string> }> {
    const checks: Record<string, string> = {};
    let ready = true;
    for (const [name, check] of this.checks) {
      try {
        await check();
        checks[name] = 'ok';
      } catch (err) {
        ready = false;
        checks[name] = err instanceof Error ? err.message : String(err);
      }
    }
    return { ready, checks };
  }
}
