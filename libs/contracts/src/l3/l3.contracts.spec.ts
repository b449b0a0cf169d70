import { describe, expect, it } from '@jest/globals';
import type { RequestContext } from '../context.js';
import { parseResourceBody } from '../request-body.js';
import { routerResource } from './router.resource.js';

const member: RequestContext = { userId: 'u', projectId: 'p1', roles: ['member'], isAdmin: false, requestId: 'r' };
const NET = '5a4d7fba-0000-4000-8000-000000000001';
const put = (router: unknown) => parseResourceBody(routerResource, { router }, 'PUT', member).items[0]!;
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

describe('the router attribute map', () => {
  it('takes null and an empty object alike for "no gateway" (what `openstack router unset --external-gateway` sends)', () => {
    expect(put({ external_gateway_info: null })).toEqual({ external_gateway_info: null });
    expect(put({ external_gateway_info: {} })).toEqual({ external_gateway_info: null });
    expect(parseResourceBody(routerResource, { router: { external_gateway_info: {} } }, 'POST', member).items[0]).toMatchObject({ external_gateway_info: null });
  });

  it('passes a gateway on through, SNAT as a boolean', () => {
    expect(put({ external_gateway_info: { network_id: NET, enable_snat: 'False' } })).toEqual({ external_gateway_info: { network_id: NET, enable_snat: false } });
  });

  it('refuses a gateway object without network_id, with unknown keys, or of another type (400)', () => {
    expect(errorOf(() => put({ external_gateway_info: { enable_snat: true } }))).toMatchObject({ status: 400, message: expect.stringMatching(/external_gateway_info.*network_id: is required/) });
    expect(errorOf(() => put({ external_gateway_info: { network_id: NET, bogus: 1 } })).status).toBe(400);
    expect(errorOf(() => put({ external_gateway_info: [] })).status).toBe(400);
    expect(errorOf(() => put({ external_gateway_info: { network_id: 'x' } })).message).toMatch(/not a valid UUID/);
  });
});
