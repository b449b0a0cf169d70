import { describe, expect, it } from '@jest/globals';
import { renderTokenBody } from './token-body.js';

describe('token body', () => {
  const claims = { userId: 'u1', projectId: 'p1', roles: [{ id: 'r1', name: 'member' }], methods: ['password'], issuedAt: Date.UTC(2026, 0, 2, 3, 4, 5, 678), expiresAt: Date.UTC(2026, 0, 2, 4, 4, 5, 678), auditIds: ['a'] };

  it('is Keystone\'s: user and project with their domain, roles, microsecond timestamps', () => {
    const { token } = renderTokenBody({ claims, user: { id: 'u1', name: 'alice' }, project: { id: 'p1', name: 'demo' } });
    expect(token).toEqual({
      methods: ['password'],
      user: { id: 'u1', name: 'alice', domain: { id: 'default', name: 'Default' }, password_expires_at: null },
      project: { id: 'p1', name: 'demo', domain: { id: 'default', name: 'Default' } },
      is_domain: false,
      roles: [{ id: 'r1', name: 'member' }],
      issued_at: '2026-01-02T03:04:05.678000Z',
      expires_at: '2026-01-02T04:04:05.678000Z',
      audit_ids: ['a'],
    });
  });

  it('has no project nor roles when unscoped', () => {
    const { token } = renderTokenBody({ claims: { ...claims, projectId: null, roles: [] }, user: { id: 'u1', name: 'alice' }, project: null, catalog: [] });
    expect(token).not.toHaveProperty('project');
    expect(token).not.toHaveProperty('roles');
    expect(token.catalog).toEqual([]);
  });
});
