import { createHash } from 'node:crypto';
import type { CatalogEntry } from '@muon/contracts';

/** The services a Muon gateway offers, as Keystone's catalog names them; each is a path under the gateway. */
const SERVICES = [
  { type: 'identity', name: 'keystone', path: '/identity/v3' },
  { type: 'network', name: 'neutron', path: '' },
  { type: 'load-balancer', name: 'octavia', path: '/load-balancer' },
] as const;
const INTERFACES = ['public', 'internal', 'admin'] as const;

/** Stable ids, so the same catalog is the same JSON on every replica and every token. */
const stableId = (...parts: string[]): string => createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 32);

/** The service catalog of a token: every service at the gateway's base URL, on all three interfaces. */
export function buildCatalog(baseUrl: string, region: string): CatalogEntry[] {
  const base = baseUrl.replace(/\/+$/, '');
  return SERVICES.map((service) => ({
    id: stableId(service.type),
    type: service.type,
    name: service.name,
    endpoints: INTERFACES.map((iface) => ({
      id: stableId(service.type, iface, region),
      interface: iface,
      region,
      region_id: region,
      url: `${base}${service.path}`,
    })),
  }));
}
