import { describe, expect, it } from '@jest/globals';
import { parseCidr } from '../cidr/cidr.js';
import { assertGatewayOutsidePools, validateAllocationPools } from './allocation-pools.js';

const cidr = (text: string) => parseCidr(text)!;
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

describe('allocation pool validation', () => {
  it('accepts pools inside the host addresses and writes them canonically', () => {
    expect(validateAllocationPools([{ start: '2001:DB8::10', end: '2001:db8::0:20' }], cidr('2001:db8::/64')).map((p) => p.pool))
      .toEqual([{ start: '2001:db8::10', end: '2001:db8::20' }]);
  });

  it('answers 400 InvalidAllocationPool for a reversed pool or one of the wrong IP version', () => {
    expect(errorOf(() => validateAllocationPools([{ start: '10.0.0.20', end: '10.0.0.10' }], cidr('10.0.0.0/24')))).toMatchObject({ status: 400, type: 'InvalidAllocationPool' });
    expect(errorOf(() => validateAllocationPools([{ start: '::1', end: '::2' }], cidr('10.0.0.0/24'))).type).toBe('InvalidAllocationPool');
  });

  it('answers 400 OutOfBoundsAllocationPool for a pool reaching the network or broadcast address or beyond', () => {
    for (const pool of [{ start: '10.0.0.0', end: '10.0.0.5' }, { start: '10.0.0.250', end: '10.0.0.255' }, { start: '10.0.0.2', end: '10.0.1.5' }]) {
      const e = errorOf(() => validateAllocationPools([pool], cidr('10.0.0.0/24')));
      expect(e).toMatchObject({ status: 400, type: 'OutOfBoundsAllocationPool' });
      expect(e.message).toContain('spans beyond the subnet cidr 10.0.0.0/24');
    }
  });

  it('answers 409 OverlappingAllocationPools when two pools share an address', () => {
    const e = errorOf(() => validateAllocationPools([{ start: '10.0.0.2', end: '10.0.0.50' }, { start: '10.0.0.50', end: '10.0.0.60' }], cidr('10.0.0.0/24')));
    expect(e).toMatchObject({ status: 409, type: 'OverlappingAllocationPools' });
  });

  it('answers 409 GatewayConflictWithAllocationPools when a pool holds the gateway', () => {
    const pools = validateAllocationPools([{ start: '10.0.0.1', end: '10.0.0.50' }], cidr('10.0.0.0/24'));
    const e = errorOf(() => assertGatewayOutsidePools({ text: '10.0.0.1', value: cidr('10.0.0.1/32').first }, pools));
    expect(e).toMatchObject({ status: 409, type: 'GatewayConflictWithAllocationPools' });
  });
});
