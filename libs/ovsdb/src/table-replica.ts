import type { OvsdbRow } from './ovsdb-values.js';

/** One row's change in a monitor reply or `update` notification (RFC 7047 §4.1.6). */
export interface RowUpdate {
  old?: OvsdbRow;
  new?: OvsdbRow;
}
/** table → row uuid → change */
export type TableUpdates = Record<string, Record<string, RowUpdate>>;

/**
 * An in-memory copy of the monitored tables, folded from the monitor's initial reply and every
 * `update` after it. Pure: it never talks to a server, so it is tested on canned updates.
 */
export class TableReplica {
  private readonly tables = new Map<string, Map<string, OvsdbRow>>();

  /** Replaces everything with a monitor's initial contents (after a (re)connect). */
  reset(initial: TableUpdates, tables: readonly string[] = Object.keys(initial)): void {
    this.tables.clear();
    for (const t of tables) this.tables.set(t, new Map());
    this.apply(initial);
  }

  /**
   * Applies one notification; answers the tables that changed. A row without `new` is deleted;
   * `new` is merged over the old row, which is right both for servers that send every monitored
   * column and for those that send only the changed ones.
   */
  apply(updates: TableUpdates): Set<string> {
    const changed = new Set<string>();
    for (const [table, rows] of Object.entries(updates)) {
      let replica = this.tables.get(table);
      if (!replica) this.tables.set(table, (replica = new Map()));
      for (const [uuid, update] of Object.entries(rows)) {
        if (update.new === undefined) replica.delete(uuid);
        else replica.set(uuid, { ...(replica.get(uuid) ?? {}), ...update.new });
        changed.add(table);
      }
    }
    return changed;
  }

  rows(table: string): ReadonlyMap<string, OvsdbRow> {
    return this.tables.get(table) ?? new Map();
  }

  get(table: string, uuid: string): OvsdbRow | undefined {
    return this.tables.get(table)?.get(uuid);
  }

  get tableNames(): string[] {
    return [...this.tables.keys()];
  }
}
