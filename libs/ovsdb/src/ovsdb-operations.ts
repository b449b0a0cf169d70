import type { OvsdbRow, OvsdbValue } from './ovsdb-values.js';

/** RFC 7047 §5.1 conditions and mutations. */
export type OvsdbCondition = [column: string, fn: '==' | '!=' | '<' | '<=' | '>' | '>=' | 'includes' | 'excludes', value: OvsdbValue];
export type OvsdbMutation = [column: string, mutator: '+=' | '-=' | '*=' | '/=' | '%=' | 'insert' | 'delete', value: OvsdbValue];

/** The operations of a `transact` (RFC 7047 §5.2). */
export type OvsdbOperation =
  | { op: 'insert'; table: string; row: OvsdbRow; 'uuid-name'?: string }
  | { op: 'select'; table: string; where: OvsdbCondition[]; columns?: string[] }
  | { op: 'update'; table: string; where: OvsdbCondition[]; row: OvsdbRow }
  | { op: 'mutate'; table: string; where: OvsdbCondition[]; mutations: OvsdbMutation[] }
  | { op: 'delete'; table: string; where: OvsdbCondition[] }
  | { op: 'wait'; table: string; where: OvsdbCondition[]; columns: string[]; until: '==' | '!='; rows: OvsdbRow[]; timeout?: number }
  | { op: 'commit'; durable: boolean }
  | { op: 'abort' }
  | { op: 'comment'; comment: string }
  | { op: 'assert'; lock: string };

/** What each operation answers when it succeeded; a failed one carries `error` instead. */
export interface OvsdbOperationResult {
  uuid?: ['uuid', string];
  rows?: OvsdbRow[];
  count?: number;
  error?: string;
  details?: string;
}
