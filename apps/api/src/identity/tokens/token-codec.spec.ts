import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { decodeToken, encodeToken } from './token-codec.js';
import type { TokenClaims } from './token-claims.js';

const key = Buffer.alloc(32, 7);
const claims: TokenClaims = {
  userId: 'u1', projectId: 'p1', roles: [{ id: 'r1', name: 'member' }], methods: ['password'],
  issuedAt: 1_000, expiresAt: 10_000, auditIds: ['audit-1'],
};

describe('token codec', () => {
  it('round-trips the claims of a well-signed token until it expires', () => {
    const token = encodeToken(claims, key);
    expect(token).toMatch(/^m1\.[\w-]+\.[\w-]+$/);
    expect(decodeToken(token, key, 9_999)).toEqual(claims);
    expect(decodeToken(token, key, 10_000)).toBeNull();
  });

  it('refuses a token signed with another key, a changed payload and garbage', () => {
    const token = encodeToken(claims, key);
    expect(decodeToken(token, Buffer.alloc(32, 8), 2_000)).toBeNull();
    const [prefix, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: [{ id: 'r0', name: 'admin' }] })).toString('base64url');
    expect(decodeToken(`${prefix}.${forged}.${signature}`, key, 2_000)).toBeNull();
    for (const bad of ['', 'm1', 'm1..', 'm2.a.b', `${token}.x`]) expect(decodeToken(bad, key, 2_000)).toBeNull();
  });

  it('refuses well-signed claims of the wrong shape', () => {
    const payload = Buffer.from(JSON.stringify({ userId: 'u1' })).toString('base64url');
    const signature = createHmac('sha256', key).update(`m1.${payload}`).digest('base64url');
    expect(decodeToken(`m1.${payload}.${signature}`, key, 2_000)).toBeNull();
  });
});
