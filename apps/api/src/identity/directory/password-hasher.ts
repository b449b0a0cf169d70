import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are kept as argon2id hashes (the library's defaults: 19 MiB, 2 passes, OWASP's minimum),
 * computed on libuv's thread pool so a login never blocks the event loop.
 */
export const hashPassword = (password: string): Promise<string> => hash(password);

/** A hash of nothing anyone knows, verified against when a user does not exist, so timing tells nothing. */
let decoy: Promise<string> | undefined;

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    decoy ??= hash(`decoy-${Math.random()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
