import type { PolicyCheck, PolicyRule } from './policy-check.js';

const ADMIN: PolicyRule = ['admin'];
const OWNER_WRITES: PolicyRule = ['admin', 'project_member'];
const OWNER_READS: PolicyRule = ['admin', 'project_reader'];

/**
 * create/get/update/delete (and tag changes) of a resource a project owns. `get` names who else
 * reads it; the writes stay with the owner (or an admin) unless a rule of their own is given.
 */
function owned(member: string, collection: string, opts: { get?: PolicyCheck[]; create?: PolicyRule; update?: PolicyRule; delete?: PolicyRule } = {}): Record<string, PolicyRule> {
  const update = opts.update ?? OWNER_WRITES;
  return {
    [`create_${member}`]: opts.create ?? OWNER_WRITES,
    [`get_${member}`]: [...OWNER_READS, ...(opts.get ?? [])],
    [`update_${member}`]: update,
    [`delete_${member}`]: opts.delete ?? OWNER_WRITES,
    [`update_${collection}_tags`]: update,
  };
}

/** The same rule for several attributes of one action: `create_network:shared`, … */
const attributes = (action: string, names: string[], rule: PolicyRule): Record<string, PolicyRule> =>
  Object.fromEntries(names.map((name) => [`${action}:${name}`, rule]));

const PROVIDER = ['provider:network_type', 'provider:physical_network', 'provider:segmentation_id'];
const BINDING_ADMIN = ['binding:host_id', 'binding:profile'];
const GATEWAY_ADMIN = ['external_gateway_info:enable_snat', 'external_gateway_info:external_fixed_ips'];

/**
 * Who may do what: Neutron's default policy (its 2023 defaults, project scope) as one table of
 * action → rule, with Neutron's action names, so a 403 names the same rule Neutron's would.
 * An action a service does not find here is refused. An attribute action (`<action>:<attribute>`)
 * applies when a request sets that attribute (on create, to other than its default) or, for `get_`,
 * decides whether the caller sees it; `<verb>_*:<attribute>` applies to every resource.
 */
export const POLICY_RULES: Readonly<Record<string, PolicyRule>> = Object.freeze({
  // Any resource: naming another project as the owner is an admin's act.
  ...attributes('create_*', ['project_id', 'tenant_id'], OWNER_WRITES),

  ...owned('network', 'networks', { get: ['shared', 'external'] }),
  ...attributes('create_network', ['shared', 'router:external', 'is_default', ...PROVIDER], ADMIN),
  ...attributes('update_network', ['shared', 'router:external', 'is_default', ...PROVIDER], ADMIN),
  ...attributes('get_network', PROVIDER, ADMIN),

  // A network's owner manages every subnet on it; a project it is shared with reads them.
  ...owned('subnet', 'subnets', {
    get: ['network_owner_reader', 'network_shared'],
    create: ['admin', 'network_owner_member'],
    update: ['admin', 'project_member', 'network_owner_member'],
    delete: ['admin', 'project_member', 'network_owner_member'],
  }),

  ...owned('subnetpool', 'subnetpools', { get: ['shared'] }),
  ...attributes('create_subnetpool', ['shared', 'is_default'], ADMIN),
  ...attributes('update_subnetpool', ['is_default'], ADMIN),

  // A network's owner reads, and may delete but not change, the ports others create on it.
  ...owned('port', 'ports', { get: ['network_owner_reader'], delete: ['admin', 'project_member', 'network_owner_member'] }),
  // Creating a port on a network, judged against the network: its owner, or a project it is shared with.
  'create_port:network_id': ['admin', 'project_member', 'shared'],
  // Only the network's owner picks addresses on it.
  'create_port:fixed_ips:ip_address': ['admin', 'network_owner_member'],
  ...attributes('create_port', BINDING_ADMIN, ADMIN),
  ...attributes('update_port', [...BINDING_ADMIN, 'mac_address'], ADMIN),
  ...attributes('get_port', [...BINDING_ADMIN, 'binding:vif_type', 'binding:vif_details'], ADMIN),
  // The status an agent reports.
  'update_port:status': ADMIN,

  ...owned('rbac_policy', 'rbac_policies'),
  // Only an admin shares with everyone, as only an admin sets `shared`.
  ...attributes('create_rbac_policy', ['target_tenant'], ['admin', 'specific_target']),
  ...attributes('update_rbac_policy', ['target_tenant'], ['admin', 'specific_target']),

  ...owned('router', 'routers'),
  add_router_interface: OWNER_WRITES,
  remove_router_interface: OWNER_WRITES,
  ...attributes('create_router', [...GATEWAY_ADMIN, 'distributed', 'ha'], ADMIN),
  ...attributes('update_router', [...GATEWAY_ADMIN, 'distributed', 'ha'], ADMIN),
  ...attributes('get_router', ['distributed', 'ha'], ADMIN),

  ...owned('floatingip', 'floatingips'),
  ...attributes('create_floatingip', ['floating_ip_address'], ADMIN),

  // Agents register themselves; only admins read or change them.
  ...owned('agent', 'agents', { create: ADMIN, update: ADMIN, delete: ADMIN }),
  get_agent: ADMIN,
  'get_l3-agents': ADMIN,
  'get_l3-routers': ADMIN,

  get_quota: OWNER_READS,
  update_quota: ADMIN,
  delete_quota: ADMIN,
});
