import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { nameString, networkResource, neutronBoolean, portResource, subnetResource, uuidString } from '@muon/contracts';
import { attributeKind } from './attribute-kind.js';

describe('attributeKind', () => {
  it('reads scalars through optional, nullable, default and transforms', () => {
    expect(attributeKind(nameString)).toEqual({ kind: 'scalar', scalar: 'string' });
    expect(attributeKind(neutronBoolean)).toEqual({ kind: 'scalar', scalar: 'boolean' });
    expect(attributeKind(z.number().int().nullable().optional())).toEqual({ kind: 'scalar', scalar: 'integer' });
    expect(attributeKind(z.int().default(1500))).toEqual({ kind: 'scalar', scalar: 'integer' });
    expect(attributeKind(z.number())).toEqual({ kind: 'scalar', scalar: 'number' });
    expect(attributeKind(z.union([z.literal(4), z.literal(6)]))).toEqual({ kind: 'scalar', scalar: 'integer' });
    expect(attributeKind(z.enum(['ingress', 'egress']))).toEqual({ kind: 'scalar', scalar: 'string' });
    expect(attributeKind(z.union([uuidString, z.null()]))).toEqual({ kind: 'scalar', scalar: 'string' });
  });

  it('reads lists of scalars and lists of objects', () => {
    expect(attributeKind(z.array(uuidString))).toEqual({ kind: 'list', element: 'string' });
    expect(attributeKind(z.array(z.object({ subnet_id: uuidString, ip_address: z.string().optional() }))))
      .toEqual({ kind: 'objectList', keys: { subnet_id: 'string', ip_address: 'string' } });
  });

  it('anything else is "other"', () => {
    expect(attributeKind(z.record(z.string(), z.string()))).toEqual({ kind: 'other' });
    expect(attributeKind(z.any())).toEqual({ kind: 'other' });
  });

  it('reads the real ipam specs the way Neutron filters them', () => {
    const kind = (spec: typeof portResource, name: string) => attributeKind(spec.attributes[name]!.schema);
    expect(kind(portResource, 'fixed_ips')).toEqual({ kind: 'objectList', keys: { subnet_id: 'string', ip_address: 'string' } });
    expect(kind(portResource, 'security_groups')).toEqual({ kind: 'list', element: 'string' });
    expect(kind(portResource, 'admin_state_up')).toEqual({ kind: 'scalar', scalar: 'boolean' });
    expect(kind(subnetResource, 'ip_version')).toEqual({ kind: 'scalar', scalar: 'integer' });
    expect(kind(subnetResource, 'dns_nameservers')).toEqual({ kind: 'list', element: 'string' });
    expect(kind(networkResource, 'mtu').kind).toBe('scalar');
    expect(['integer', 'number']).toContain((kind(networkResource, 'mtu') as { scalar: string }).scalar);
  });
});
