import { describe, expect, it } from '@jest/globals';
import { RevocationIndex } from './revocation-index.js';
import type { TokenClaims } from './token-claims.js';

const token = (over: Partial<TokenClaims> = {}): TokenClaims => ({
  userId: 'alice', projectId: 'pa', roles: [{ id: 'member-id', name: 'member' }], methods: ['password'],
  issuedAt: 100, expiresAt: 1_000, auditIds: ['a1', 'parent'], ...over,
});

describe('revocation index', () => {
  it('revokes by audit id, including tokens re-scoped from the revoked one', () => {
    const index = new RevocationIndex();
    index.add({ auditId: 'parent', issuedBefore: 200, expiresAt: 2_000 });
    expect(index.isRevoked(token())).toBe(true);
    expect(index.isRevoked(token({ auditIds: ['other'] }))).toBe(false);
  });

  it('revokes a user\'s tokens issued up to the revocation, not the ones issued after', () => {
    const index = new RevocationIndex();
    index.add({ userId: 'alice', issuedBefore: 150, expiresAt: 2_000 });
    expect(index.isRevoked(token({ issuedAt: 150 }))).toBe(true);
    expect(index.isRevoked(token({ issuedAt: 151 }))).toBe(false);
    expect(index.isRevoked(token({ userId: 'bob' }))).toBe(false);
  });

  it('matches every field a record gives: a user on one project, a role', () => {
    const index = new RevocationIndex();
    index.add({ userId: 'alice', projectId: 'pa', issuedBefore: 500, expiresAt: 2_000 });
    index.add({ roleId: 'admin-id', issuedBefore: 500, expiresAt: 2_000 });
    expect(index.isRevoked(token())).toBe(true);
    expect(index.isRevoked(token({ projectId: 'pb' }))).toBe(false);
    expect(index.isRevoked(token({ userId: 'bob', projectId: 'pb', roles: [{ id: 'admin-id', name: 'admin' }] }))).toBe(true);
    expect(index.isRevoked(token({ userId: 'bob', projectId: 'pb' }))).toBe(false);
  });
});
