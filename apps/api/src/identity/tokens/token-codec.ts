import { createHmac, timingSafeEqual } from 'node:crypto';
import { TokenClaimsSchema, type TokenClaims } from './token-claims.js';

/** Version prefix: a later format (another key scheme, encryption) gets another one. */
const PREFIX = 'm1';

const sign = (key: Buffer, signed: string): Buffer => createHmac('sha256', key).update(signed).digest();

/**
 * A token is `m1.<base64url JSON claims>.<base64url HMAC-SHA256>`: verifying it costs one HMAC and
 * one JSON parse, no database round trip. It is signed, not encrypted: it reveals only the holder's
 * own ids and roles.
 */
export function encodeToken(claims: TokenClaims, key: Buffer): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signed = `${PREFIX}.${payload}`;
  return `${signed}.${sign(key, signed).toString('base64url')}`;
}

/** The claims of a well-signed, unexpired token; null for anything else. */
export function decodeToken(token: string, key: Buffer, nowMs: number): TokenClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return null;
  const given = Buffer.from(parts[2]!, 'base64url');
  const expected = sign(key, `${parts[0]}.${parts[1]}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const claims = TokenClaimsSchema.safeParse(json);
  if (!claims.success || claims.data.expiresAt <= nowMs) return null;
  return claims.data;
}
