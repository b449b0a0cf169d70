import { randomBytes } from 'node:crypto';
import type { Queryable } from '../directory/identity-queries.js';

/**
 * The HMAC key tokens are signed with, kept in the database: created once by whichever replica starts
 * first, then read by all, so a token issued by one replica is valid on every other and after restarts.
 */
export async function loadSigningKey(q: Queryable): Promise<Buffer> {
  await q.query(`insert into signing_keys (id, secret) values ('primary', $1) on conflict (id) do nothing`, [randomBytes(32)]);
  const { rows } = await q.query<{ secret: Buffer }>(`select secret from signing_keys where id = 'primary'`);
  return rows[0]!.secret;
}
