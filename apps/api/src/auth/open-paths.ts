/**
 * What answers without a token in builtin and keystone modes: version discovery (Neutron's and the
 * identity's), probes and metrics, and asking for a token. Everything else needs a valid one.
 */
const OPEN_ANY_METHOD = new Set(['/healthz', '/readyz', '/metrics']);
const OPEN_READS = new Set(['/', '/v2.0', '/identity', '/identity/v3']);

export const pathOf = (url: string): string => {
  const path = url.split('?', 1)[0]!;
  return path.length > 1 ? path.replace(/\/+$/, '') || '/' : path;
};

export function isOpenPath(method: string, path: string): boolean {
  if (OPEN_ANY_METHOD.has(path)) return true;
  if ((method === 'GET' || method === 'HEAD') && OPEN_READS.has(path)) return true;
  return method === 'POST' && path === '/identity/v3/auth/tokens';
}

/** Identity paths answer in Keystone's error format and accept unscoped tokens. */
export const isIdentityPath = (path: string): boolean => path === '/identity' || path.startsWith('/identity/');
