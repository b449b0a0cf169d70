import type { ResourceSpec } from '@muon/contracts';

/** Descriptions of the Neutron extensions Muon implements (aliases as Neutron names them). */
const CATALOG: Record<string, { name: string; description: string }> = {
  'standard-attr-description': { name: 'standard-attr-description', description: 'Description field on core resources' },
  'standard-attr-revisions': { name: 'Resource revision numbers', description: 'revision_number on core resources, If-Match constraints' },
  'standard-attr-timestamp': { name: 'Resource timestamps', description: 'created_at and updated_at on core resources' },
  'standard-attr-tag': { name: 'Tag support for resources with standard attribute', description: 'Tags on networks, subnets, subnet pools and ports' },
  'revision-if-match': { name: 'If-Match constraints based on revision_number', description: 'Conditional updates with If-Match: revision_number=N' },
  'project-id': { name: 'project_id field enabled', description: 'project_id shown beside tenant_id' },
  'pagination': { name: 'Pagination support', description: 'limit, marker and page_reverse on lists' },
  'sorting': { name: 'Sorting support', description: 'sort_key and sort_dir on lists' },
  'fields': { name: 'Fields selection', description: 'fields= on lists and shows' },
  'filter-validation': { name: 'Filter parameters validation', description: 'Unknown filter attributes are rejected' },
  'provider': { name: 'Provider Network', description: 'provider:network_type, provider:physical_network, provider:segmentation_id' },
  'external-net': { name: 'Neutron external network', description: 'router:external on networks' },
  'net-mtu': { name: 'Network MTU', description: 'mtu on networks' },
  'net-mtu-writable': { name: 'Network MTU (writable)', description: 'mtu settable on networks' },
  'port-security': { name: 'Port Security', description: 'port_security_enabled on networks and ports' },
  'binding': { name: 'Port Binding', description: 'binding:host_id, vnic_type, profile, vif_type, vif_details' },
  'allowed-address-pairs': { name: 'Allowed Address Pairs', description: 'allowed_address_pairs on ports' },
  'extra_dhcp_opt': { name: 'Neutron Extra DHCP options', description: 'extra_dhcp_opts on ports' },
  'subnet_allocation': { name: 'Subnet Allocation', description: 'Subnet pools and prefix allocation' },
  'availability_zone': { name: 'Availability Zone', description: 'availability_zone_hints and availability_zones' },
  'network_availability_zone': { name: 'Network Availability Zone', description: 'Availability zones on networks' },
  'security-group': { name: 'security-group', description: 'security_groups field on ports' },
  'default-subnetpools': { name: 'Default Subnetpools', description: 'is_default subnet pools' },
  'ip-substring-filtering': { name: 'IP address substring filtering', description: 'fixed_ips filters on ports' },
};

const ALWAYS = ['standard-attr-revisions', 'standard-attr-timestamp', 'revision-if-match', 'project-id', 'pagination', 'sorting', 'fields', 'filter-validation'];

export function implementedExtensions(specs: ResourceSpec[]) {
  const aliases = new Set<string>(ALWAYS);
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
