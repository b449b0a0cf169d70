import { RBAC_EVERYONE, type Network, type RbacAction, type RbacPolicy } from '@muon/contracts';

type NetworkFlags = Pick<Network, 'shared' | 'router:external'>;

const wildcard = (action: RbacAction) => (p: RbacPolicy) => p.action === action && p.target_tenant === RBAC_EVERYONE;

/**
 * A network's `shared` and `router:external` as its policies make them, as in Neutron: shared iff a
 * wildcard access_as_shared policy exists; any access_as_external policy makes the network external
 * (Neutron converts it), and removing such policies does not make it internal again.
 */
export function networkFlagsFromPolicies(network: NetworkFlags, policies: RbacPolicy[]): NetworkFlags {
  return {
    shared: policies.some(wildcard('access_as_shared')),
    'router:external': network['router:external'] || policies.some((p) => p.action === 'access_as_external'),
  };
}

/**
 * The policies a change of `shared` or `router:external` implies (Neutron's create_network,
 * update_network and _process_l3_update): turning a flag on adds the wildcard policy; unsharing
 * removes the wildcard access_as_shared one, making a network internal removes every
 * access_as_external one.
 */
export function policyChangesForNetworkFlags(
  current: NetworkFlags, changes: Partial<NetworkFlags>, policies: RbacPolicy[],
): { create: RbacAction[]; remove: RbacPolicy[] } {
  const create: RbacAction[] = [];
  const remove: RbacPolicy[] = [];
  if (changes.shared === true && !policies.some(wildcard('access_as_shared'))) create.push('access_as_shared');
  if (changes.shared === false) remove.push(...policies.filter(wildcard('access_as_shared')));
  const external = changes['router:external'];
  if (external === true && !current['router:external'] && !policies.some(wildcard('access_as_external'))) create.push('access_as_external');
  if (external === false && current['router:external']) remove.push(...policies.filter((p) => p.action === 'access_as_external'));
  return { create, remove };
}
