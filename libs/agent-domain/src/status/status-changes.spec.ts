import { describe, expect, it } from '@jest/globals';
import type { ObservedPortStatus } from './port-status.js';
import { statusChanges } from './status-changes.js';

describe('statusChanges', () => {
  it('reports what differs from the last accepted report and forgets ports no longer observed', () => {
    const accepted = new Map<string, ObservedPortStatus>([['a', 'ACTIVE'], ['b', 'DOWN'], ['gone', 'ACTIVE']]);
    expect(statusChanges(accepted, { a: 'ACTIVE', b: 'ACTIVE', c: 'DOWN' })).toEqual([{ id: 'b', status: 'ACTIVE' }, { id: 'c', status: 'DOWN' }]);
    expect([...accepted.keys()].sort()).toEqual(['a', 'b']);
  });
});
