import { describe, expect, it } from '@jest/globals';
import type { RouterInterface } from '@muon/contracts';
import { routerForFloatingip, type RouterReach } from './floatingip-router.js';

const on = (...subnets: string[]): RouterInterface => ({ port_id: `p-${subnets.join('-')}`, network_id: 'n', subnet_ids: subnets, cidrs: subnets.map(() => '10.0.0.0/24') });
const router = (id: string, gatewayNetworkId: string | null, ...interfaces: RouterInterface[]): RouterReach => ({ id, gatewayNetworkId, interfaces });

describe('routerForFloatingip', () => {
  it('picks the router with an interface on the port\'s subnet and its gateway on the floating network', () => {
    const routers = [router('r1', 'ext', on('s1')), router('r2', 'ext', on('s2')), router('r3', 'other-ext', on('s2'))];
    expect(routerForFloatingip(routers, 'ext', 's2')).toBe('r2');
    expect(routerForFloatingip(routers, 'other-ext', 's2')).toBe('r3');
  });

  it('finds the subnet among the several subnets of one interface', () => {
    expect(routerForFloatingip([router('r1', 'ext', on('s1', 's2'))], 'ext', 's2')).toBe('r1');
  });

  it('answers null (ExternalGatewayForFloatingIPNotFound) without a gateway, on another network, or without the interface', () => {
    expect(routerForFloatingip([router('r1', null, on('s1'))], 'ext', 's1')).toBeNull();
    expect(routerForFloatingip([router('r1', 'other-ext', on('s1'))], 'ext', 's1')).toBeNull();
    expect(routerForFloatingip([router('r1', 'ext', on('s2'))], 'ext', 's1')).toBeNull();
    expect(routerForFloatingip([], 'ext', 's1')).toBeNull();
  });

  it('chooses the same router whatever the order when several qualify (the lowest id)', () => {
    const routers = [router('rb', 'ext', on('s1')), router('ra', 'ext', on('s1'))];
    expect(routerForFloatingip(routers, 'ext', 's1')).toBe('ra');
    expect(routerForFloatingip([...routers].reverse(), 'ext', 's1')).toBe('ra');
  });
});
