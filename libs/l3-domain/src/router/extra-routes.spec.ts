import { describe, expect, it } from '@jest/globals';
import { MAX_ROUTES, routesThrough, validateRoutes } from './extra-routes.js';

const connected = ['10.0.0.0/24', 'fd00:1::/64', '203.0.113.0/25'];
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

describe('validateRoutes', () => {
  it('accepts routes whose nexthop is on a connected subnet (an interface or the gateway)', () => {
    const routes = [
      { destination: '192.168.0.0/16', nexthop: '10.0.0.5' },
      { destination: '0.0.0.0/0', nexthop: '203.0.113.100' },
      { destination: 'fd00:9::/64', nexthop: 'fd00:1::5' },
    ];
    expect(validateRoutes('r1', routes, connected)).toEqual(routes);
  });

  it('refuses a nexthop outside every connected subnet: 400 InvalidRoutes, with the routes in the message', () => {
    const routes = [{ destination: '192.168.0.0/16', nexthop: '10.1.0.5' }];
    expect(errorOf(() => validateRoutes('r1', routes, connected))).toMatchObject({
      status: 400, type: 'InvalidRoutes',
      message: `Invalid format for routes: ${JSON.stringify(routes)}, the nexthop is not connected with router.`,
    });
    expect(errorOf(() => validateRoutes('r1', [{ destination: '192.168.0.0/16', nexthop: '10.0.0.5' }], [])).message).toMatch(/not connected with router/);
  });

  it('refuses a nexthop that is one of the router\'s own addresses (Neutron: used by router)', () => {
    const own = ['10.0.0.1', 'fd00:1::1'];
    expect(errorOf(() => validateRoutes('r1', [{ destination: '192.168.0.0/16', nexthop: '10.0.0.1' }], connected, own)).message).toMatch(/the nexthop is used by router/);
    expect(errorOf(() => validateRoutes('r1', [{ destination: 'fd00:9::/64', nexthop: 'FD00:1::0001' }], connected, own)).type).toBe('InvalidRoutes');
    expect(validateRoutes('r1', [{ destination: '192.168.0.0/16', nexthop: '10.0.0.2' }], connected, own)).toHaveLength(1);
  });

  it('refuses a destination and nexthop of different IP versions', () => {
    expect(errorOf(() => validateRoutes('r1', [{ destination: 'fd00:9::/64', nexthop: '10.0.0.5' }], connected)).message).toMatch(/IP versions differ/);
    expect(errorOf(() => validateRoutes('r1', [{ destination: '192.168.0.0/16', nexthop: 'fd00:1::5' }], connected)).status).toBe(400);
  });

  it('refuses what does not parse, whatever the schema let through', () => {
    expect(errorOf(() => validateRoutes('r1', [{ destination: 'nonsense', nexthop: '10.0.0.5' }], connected)).type).toBe('InvalidRoutes');
    expect(errorOf(() => validateRoutes('r1', [{ destination: '10.9.0.0/24', nexthop: '10.0.0.300' }], connected)).type).toBe('InvalidRoutes');
  });

  it('normalises destinations to their network and nexthops to canonical text, as Neutron stores them', () => {
    expect(validateRoutes('r1', [
      { destination: '192.168.7.9/16', nexthop: '10.0.0.5' },
      { destination: 'FD00:9::1/64', nexthop: 'FD00:1:0::0005' },
    ], connected)).toEqual([
      { destination: '192.168.0.0/16', nexthop: '10.0.0.5' },
      { destination: 'fd00:9::/64', nexthop: 'fd00:1::5' },
    ]);
  });

  it('folds duplicates (also those equal only once normalised) and keeps one destination with several nexthops', () => {
    expect(validateRoutes('r1', [
      { destination: '192.168.0.0/16', nexthop: '10.0.0.5' },
      { destination: '192.168.1.0/16', nexthop: '10.0.0.5' },
      { destination: '192.168.0.0/16', nexthop: '10.0.0.6' },
      { destination: '192.168.0.0/16', nexthop: '10.0.0.5' },
    ], connected)).toEqual([
      { destination: '192.168.0.0/16', nexthop: '10.0.0.5' },
      { destination: '192.168.0.0/16', nexthop: '10.0.0.6' },
    ]);
  });

  it(`accepts ${MAX_ROUTES} routes and answers 400 RoutesExhausted for more`, () => {
    const routes = (n: number) => Array.from({ length: n }, (_, i) => ({ destination: `172.16.${i}.0/24`, nexthop: '10.0.0.5' }));
    expect(validateRoutes('r1', routes(MAX_ROUTES), connected)).toHaveLength(MAX_ROUTES);
    expect(errorOf(() => validateRoutes('r1', routes(MAX_ROUTES + 1), connected))).toMatchObject({
      status: 400, type: 'RoutesExhausted', message: `Unable to complete operation for r1. The number of routes exceeds the maximum ${MAX_ROUTES}.`,
    });
  });

  it('accepts no routes at all (clearing them)', () => {
    expect(validateRoutes('r1', [], [])).toEqual([]);
  });
});

describe('routesThrough', () => {
  it('finds the routes whose nexthop lies in an interface that is going away', () => {
    const routes = [{ destination: '0.0.0.0/0', nexthop: '10.0.0.5' }, { destination: 'fd00:9::/64', nexthop: 'fd00:1::5' }];
    expect(routesThrough(routes, ['10.0.0.0/24'])).toEqual([routes[0]]);
    expect(routesThrough(routes, ['10.0.1.0/24', 'not a cidr'])).toEqual([]);
    expect(routesThrough(routes, ['fd00:1::/64', '10.0.0.0/8'])).toEqual(routes);
  });
});
