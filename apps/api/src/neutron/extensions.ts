import type { ResourceSpec } from '@muon/contracts';

/**
 * Names and descriptions of the Neutron extensions Muon implements, as Neutron words them. An alias
 * appears in /v2.0/extensions only when a resource spec declares it (or it is in ALWAYS), and
 * discovery.spec.ts checks that each one listed is really honoured.
 */
const CATALOG: Record<string, { name: string; description: string }> = {
  'agent': { name: 'agent', description: 'The agent management extension.' },
  'dvr': { name: 'Distributed Virtual Router', description: 'Enables configuration of Distributed Virtual Routers.' },
  'ext-gw-mode': { name: 'Neutron L3 Configurable external gateway mode', description: 'Extension of the router abstraction for specifying whether SNAT should occur on the external gateway' },
  'extraroute': { name: 'Neutron Extra Route', description: 'Extra routes configuration for L3 router' },
  'fip-port-details': { name: 'Floating IP Port Details Extension', description: 'Add port_details attribute to Floating IP resource' },
  'l3-ext-gw-mode': { name: 'Neutron L3 Configurable external gateway mode', description: 'Extension of the router abstraction for specifying whether SNAT should occur on the external gateway' },
  'l3-ha': { name: 'HA Router extension', description: 'Adds HA capability to routers.' },
  'l3_agent_scheduler': { name: 'L3 Agent Scheduler', description: 'Schedule routers among l3 agents' },
  'router': { name: 'Neutron L3 Router', description: 'Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway.' },
  'router_availability_zone': { name: 'Router Availability Zone', description: 'Availability zone support for router.' },
  'allowed-address-pairs': { name: 'Allowed Address Pairs', description: 'Provides allowed address pairs' },
  'binding': { name: 'Port Binding', description: 'Expose port bindings of a virtual port to external application' },
  'default-subnetpools': { name: 'Default Subnetpools', description: 'Provides ability to mark and use a subnetpool as the default.' },
  'empty-string-filtering': { name: 'Empty String Filtering Extension', description: 'Allow filtering by attributes with empty string value' },
  'external-net': { name: 'Neutron external network', description: 'Adds external network attribute to network resource.' },
  'extra_dhcp_opt': { name: 'Neutron Extra DHCP options', description: 'Extra options configuration for DHCP, such as PXE boot options (tftp-server, server-ip-address, bootfile-name)' },
  'filter-validation': { name: 'Filter parameters validation', description: 'Provides validation on filter parameters.' },
  'ip-substring-filtering': { name: 'IP address substring filtering', description: 'Provides IP address substring filtering when listing ports' },
  'net-mtu': { name: 'Network MTU', description: 'Provides MTU attribute for a network resource.' },
  'net-mtu-writable': { name: 'Network MTU (writable)', description: 'Provides a writable MTU attribute for a network resource.' },
  'pagination': { name: 'Pagination support', description: 'Extension that indicates that pagination is enabled.' },
  'port-security': { name: 'Port Security', description: 'Provides port security' },
  'project-id': { name: 'project_id field enabled', description: 'Extension that indicates that project_id field is enabled.' },
  'rbac-policies': { name: 'RBAC Policies', description: 'Allows creation and modification of policies that control tenant access to resources.' },
  'quotas': { name: 'Quota management support', description: 'Expose functions for quotas management per project' },
  'quota_details': { name: 'Quota details management support', description: 'Expose functions for quotas usage statistics per project' },
  'provider': { name: 'Provider Network', description: 'Expose mapping of virtual networks to physical networks' },
  'revision-if-match': { name: 'If-Match constraints based on revision_number', description: 'Extension indicating that If-Match based on revision_number is supported.' },
  'sort-key-validation': { name: 'Sort keys validation', description: 'Provides sort keys validation.' },
  'sorting': { name: 'Sorting support', description: 'Extension that indicates that sorting is enabled.' },
  'standard-attr-description': { name: 'standard-attr-description', description: 'Extension to add descriptions to standard attributes' },
  'standard-attr-revisions': { name: 'Resource revision numbers', description: 'This extension will display the revision number of neutron resources.' },
  'standard-attr-tag': { name: 'Tag support for resources with standard attribute', description: 'Enables to set tag on resources with standard attribute.' },
  'standard-attr-timestamp': { name: 'Resource timestamps', description: 'Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes; lists filter on changed_since.' },
  'subnet_allocation': { name: 'Subnet Allocation', description: 'Enables allocation of subnets from a subnet pool' },
  'subnet-service-types': { name: 'Subnet service types', description: 'Provides ability to set the subnet service_types field' },
  'uplink-status-propagation': { name: 'Uplink status propagation extension', description: 'Provides ability to propagate uplink status of physical ports to virtual ports.' },
};

/** What the generic list, show and update path gives every resource (libs/readmodel, the gateway). */
const ALWAYS = [
  'standard-attr-revisions', 'standard-attr-timestamp', 'revision-if-match', 'project-id', 'pagination', 'sorting',
  'sort-key-validation', 'filter-validation', 'empty-string-filtering',
];

/** Extensions served by controllers of their own rather than through a resource spec. */
const OWN_CONTROLLERS = ['quotas', 'quota_details'];

export function implementedExtensions(specs: ResourceSpec[]) {
  const aliases = new Set<string>([...ALWAYS, ...OWN_CONTROLLERS]);
  for (const spec of specs) {
    for (const alias of spec.extensions) aliases.add(alias);
    if (spec.taggable) aliases.add('standard-attr-tag');
    if ('description' in spec.attributes) aliases.add('standard-attr-description');
  }
  return [...aliases].sort().map((alias) => ({
    alias,
    name: CATALOG[alias]?.name ?? alias,
    description: CATALOG[alias]?.description ?? alias,
    updated: '2026-11-25T00:00:00-00:00',
    links: [],
  }));
}
