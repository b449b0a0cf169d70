import type { RebuildReport } from './rebuild-inline-projections.js';
import { EventStore, type EventStoreOptions } from './store.js';

/**
 * What an app's `rebuild` command runs: open the store, bring the schema up to date, rebuild every
 * inline projection from the log, close. Prints one line per step to `log` (default stdout).
 */
export async function rebuildReadModels(
  options: EventStoreOptions,
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Promise<RebuildReport> {
  const store = await EventStore.open(options);
  try {
    const applied = await store.migrate();
    if (applied.length > 0) log(`migrated ${options.schema}: ${applied.join(', ')}`);
    const started = Date.now();
    const report = await store.rebuild();
    log(
      `rebuilt ${report.projections.join(', ') || 'no projections'} in ${options.schema} ` +
        `from ${report.events} events in ${Date.now() - started} ms (tables: ${report.tables.join(', ')})`,
    );
    return report;
  } finally {
    await store.close();
  }
}
