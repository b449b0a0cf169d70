import { describe, expect, it } from '@jest/globals';
import type { RequestContext, Subnetpool } from '@muon/contracts';
import type { SubnetpoolCommand, SubnetpoolState } from './subnetpool.commands.js';
import { decideSubnetpool, evolveSubnetpool, initialSubnetpoolState } from './subnetpool.decider.js';

const ctx: RequestContext = { userId: 'u', projectId: 'p1', roles: ['member'], isAdmin: false, requestId: 'r' };
const NOW = '2025-01-01T00:00:00Z';
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};
const createCommand = (attributes: object = {}): SubnetpoolCommand => ({
  type: 'create', id: 'sp1', now: NOW, attributes: { project_id: 'p1', name: 'pool', prefixes: ['10.0.0.0/16'], ...attributes },
});
const pool = (attributes: object = {}): Subnetpool =>
  (decideSubnetpool(createCommand(attributes), initialSubnetpoolState(), ctx)[0]!.data as { subnetpool: Subnetpool }).subnetpool;
const stateOf = (subnetpool: Subnetpool): SubnetpoolState => ({ subnetpool, deleted: false });

describe('subnet pool decider', () => {
  it('creates a pool with its IP version derived and bounds defaulted', () => {
    expect(pool()).toMatchObject({
      id: 'sp1', ip_version: 4, prefixes: ['10.0.0.0/16'], min_prefixlen: 8, max_prefixlen: 32, default_prefixlen: 8,
      shared: false, is_default: false, address_scope_id: null, default_quota: null, revision_number: 1, tenant_id: 'p1',
    });
  });

  it('refuses a pool without a name', () => {
    expect(errorOf(() => pool({ name: '' })).status).toBe(400);
  });

  it('grows its prefixes but refuses to drop any', () => {
    const p = pool();
    const [e] = decideSubnetpool({ type: 'update', id: 'sp1', now: NOW, changes: { prefixes: ['10.0.0.0/16', '10.1.0.0/16'] } }, stateOf(p), ctx);
    expect(e).toMatchObject({ type: 'ipam.subnetpool.updated', data: { subnetpool: { prefixes: ['10.0.0.0/15'], revision_number: 2 } } });
    const err = errorOf(() => decideSubnetpool({ type: 'update', id: 'sp1', now: NOW, changes: { prefixes: ['10.0.0.0/17'] } }, stateOf(p), ctx));
    expect(err).toMatchObject({ status: 400, type: 'IllegalSubnetPoolPrefixUpdate', message: 'Illegal update to prefixes: Existing prefixes must be a subset of the new prefixes.' });
  });

  it('re-validates bounds against the current ones', () => {
    const p = pool({ min_prefixlen: 16, default_prefixlen: 24, max_prefixlen: 28 });
    expect(errorOf(() => decideSubnetpool({ type: 'update', id: 'sp1', now: NOW, changes: { max_prefixlen: 20 } }, stateOf(p), ctx)).type)
      .toBe('IllegalSubnetPoolPrefixBounds');
  });

  it('refuses to delete a pool subnets were allocated from', () => {
    const p = pool();
    expect(errorOf(() => decideSubnetpool({ type: 'delete', id: 'sp1', now: NOW, allocatedSubnetCount: 2 }, stateOf(p), ctx)))
      .toMatchObject({ status: 400, type: 'SubnetPoolDeleteError' });
    const events = decideSubnetpool({ type: 'delete', id: 'sp1', now: NOW, allocatedSubnetCount: 0 }, stateOf(p), ctx);
    expect(events.reduce(evolveSubnetpool, stateOf(p)).deleted).toBe(true);
  });

  it('answers 404 SubnetpoolNotFound for an unknown pool', () => {
    expect(errorOf(() => decideSubnetpool({ type: 'set_tags', id: 'x', now: NOW, tags: [] }, initialSubnetpoolState(), ctx)).status).toBe(404);
  });
});
