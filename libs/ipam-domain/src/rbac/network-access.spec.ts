import { describe, expect, it } from '@jest/globals';
import type { RbacPolicy } from '@muon/contracts';
import { networkFlagsFromPolicies, policyChangesForNetworkFlags } from './network-access.js';

const policy = (id: string, target: string, action: RbacPolicy['action']): RbacPolicy =>
  ({ id, project_id: 'owner', tenant_id: 'owner', object_type: 'network', object_id: 'n', action, target_tenant: target });
const internal = { shared: false, 'router:external': false };

describe('a network\'s shared and router:external', () => {
  it('follow its policies: shared only through a wildcard, external through any access_as_external', () => {
    expect(networkFlagsFromPolicies(internal, [policy('a', 'tenant-b', 'access_as_shared')])).toEqual(internal);
    expect(networkFlagsFromPolicies(internal, [policy('a', '*', 'access_as_shared')])).toEqual({ shared: true, 'router:external': false });
    expect(networkFlagsFromPolicies(internal, [policy('a', 'tenant-b', 'access_as_external')])).toEqual({ shared: false, 'router:external': true });
    expect(networkFlagsFromPolicies({ shared: false, 'router:external': true }, [])['router:external']).toBe(true);
  });

  it('set on the network add and remove the wildcard policies', () => {
    expect(policyChangesForNetworkFlags(internal, { shared: true, 'router:external': true }, [])).toEqual({ create: ['access_as_shared', 'access_as_external'], remove: [] });
    const everyone = policy('a', '*', 'access_as_shared');
    expect(policyChangesForNetworkFlags({ ...internal, shared: true }, { shared: true }, [everyone])).toEqual({ create: [], remove: [] });
    expect(policyChangesForNetworkFlags({ ...internal, shared: true }, { shared: false }, [everyone, policy('b', 'tenant-b', 'access_as_shared')]))
      .toEqual({ create: [], remove: [everyone] });
    const external = [policy('c', '*', 'access_as_external'), policy('d', 'tenant-b', 'access_as_external')];
    expect(policyChangesForNetworkFlags({ shared: false, 'router:external': true }, { 'router:external': false }, external)).toEqual({ create: [], remove: external });
  });
});
