import { describe, expect, it } from '@jest/globals';
import { OvsdbProtocolError, OvsdbTransactionError } from './ovsdb-errors.js';
import type { OvsdbOperation } from './ovsdb-operations.js';
import { checkTransactionResult } from './transaction-result.js';

const ops: OvsdbOperation[] = [
  { op: 'insert', table: 'Port', row: { name: 'x' } },
  { op: 'mutate', table: 'Bridge', where: [['name', '==', 'br-int']], mutations: [] },
];

describe('checkTransactionResult', () => {
  it('returns the per-operation results when every one succeeded', () => {
    expect(checkTransactionResult(ops, [{ uuid: ['uuid', 'u'] }, { count: 1 }])).toEqual([{ uuid: ['uuid', 'u'] }, { count: 1 }]);
  });

  it('throws for the failing operation although the JSON-RPC error was null', () => {
    const err = (() => { try { checkTransactionResult(ops, [{ error: 'unknown column', details: 'nosuch' }, null]); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(OvsdbTransactionError);
    expect(err).toMatchObject({ operationIndex: 0, error: 'unknown column', details: 'nosuch' });
    expect(String((err as Error).message)).toContain('insert Port');
  });

  it('reports a commit failure: the extra element after the last operation', () => {
    expect(() => checkTransactionResult(ops, [{ uuid: ['uuid', 'u'] }, { count: 1 }, { error: 'referential integrity violation' }]))
      .toThrow(expect.objectContaining({ operationIndex: -1, error: 'referential integrity violation' }) as never);
  });

  it('rejects answers that are not one result per operation', () => {
    expect(() => checkTransactionResult(ops, [{ count: 1 }])).toThrow(OvsdbProtocolError);
    expect(() => checkTransactionResult(ops, { not: 'an array' })).toThrow(OvsdbProtocolError);
  });
});
