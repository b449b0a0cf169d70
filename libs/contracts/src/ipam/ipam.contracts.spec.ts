import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import type { RequestContext } from '../context.js';
import { parseResourceBody } from '../request-body.js';
import { hiddenAttributes } from '../policy/policy.js';
import { IpamEventType, ipamEventSchemas, NetworkEventDataSchema } from './ipam.events.js';
import { networkResource } from './network.resource.js';
import { portResource } from './port.resource.js';
import { subnetResource } from './subnet.resource.js';
import { subnetpoolResource } from './subnetpool.resource.js';

const member: RequestContext = { userId: 'u', projectId: 'p1', roles: ['member'], isAdmin: false, requestId: 'r' };
const admin: RequestContext = { ...member, roles: ['admin'], isAdmin: true };
const parse = (spec: Parameters<typeof parseResourceBody>[0], body: unknown, ctx = member, verb: 'POST' | 'PUT' = 'POST') =>
  parseResourceBody(spec, body, verb, ctx).items[0]!;
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

describe('IPAM attribute maps', () => {
  it('fills network defaults a Neutron user expects and leaves computed ones out', () => {
    expect(parse(networkResource, { network: { name: 'n' } })).toEqual({
      name: 'n', project_id: 'p1', description: '', admin_state_up: true, shared: false, 'router:external': false,
      port_security_enabled: true, availability_zone_hints: [], is_default: false,
    });
  });

  it('lets only admins set shared, router:external and provider attributes', () => {
    expect(errorOf(() => parse(networkResource, { network: { shared: true } })).status).toBe(403);
    expect(errorOf(() => parse(networkResource, { network: { 'provider:network_type': 'vlan' } })).status).toBe(403);
    expect(parse(networkResource, { network: { 'provider:network_type': 'vlan', 'provider:segmentation_id': '100' } }, admin))
      .toMatchObject({ 'provider:network_type': 'vlan', 'provider:segmentation_id': 100 });
    expect(parse(networkResource, { network: { shared: false } })).toMatchObject({ shared: false });
    expect(hiddenAttributes(networkResource, member)).toContain('provider:physical_network');
    expect(hiddenAttributes(networkResource, admin)).toEqual([]);
  });

  it('bounds a requested MTU to 68..9000', () => {
    expect(errorOf(() => parse(networkResource, { network: { mtu: 9001 } })).status).toBe(400);
    expect(parse(networkResource, { network: { mtu: '1400' } }).mtu).toBe(1400);
  });

  it('requires network_id and ip_version on a subnet and converts "4" to 4', () => {
    expect(errorOf(() => parse(subnetResource, { subnet: { cidr: '10.0.0.0/24', ip_version: 4 } })).message).toContain("'network_id'");
    const s = parse(subnetResource, { subnet: { network_id: '11111111-1111-1111-1111-111111111111', ip_version: '4', cidr: '10.0.0.0/24', dns_nameservers: null } });
    expect(s).toMatchObject({ ip_version: 4, enable_dhcp: true, dns_nameservers: [], host_routes: [], ipv6_ra_mode: null, service_types: [] });
    expect('gateway_ip' in s).toBe(false);
  });

  it('refuses malformed CIDRs, addresses and unknown pool keys', () => {
    const net = '11111111-1111-1111-1111-111111111111';
    expect(errorOf(() => parse(subnetResource, { subnet: { network_id: net, ip_version: 4, cidr: '10.0.0.0' } })).status).toBe(400);
    expect(errorOf(() => parse(subnetResource, { subnet: { network_id: net, ip_version: 4, cidr: '10.0.0.0/24', gateway_ip: '10.0.0' } })).status).toBe(400);
    expect(errorOf(() => parse(subnetResource, { subnet: { network_id: net, ip_version: 4, cidr: '10.0.0.0/24', allocation_pools: [{ start: '10.0.0.2', end: '10.0.0.3', x: 1 }] } })).status).toBe(400);
  });

  it('refuses a change of cidr or ip_version on a subnet', () => {
    expect(errorOf(() => parse(subnetResource, { subnet: { cidr: '10.0.0.0/24' } }, member, 'PUT')).message).toBe("Attribute 'cidr' not allowed in PUT");
  });

  it('requires a name and prefixes on a subnet pool', () => {
    expect(errorOf(() => parse(subnetpoolResource, { subnetpool: { prefixes: ['10.0.0.0/8'] } })).message).toContain("'name'");
    expect(parse(subnetpoolResource, { subnetpool: { name: 'p', prefixes: ['10.0.0.0/8'] } })).toMatchObject({ shared: false, is_default: false, default_quota: null, address_scope_id: null });
  });

  it('fills port defaults and keeps binding host and profile admin-only', () => {
    expect(parse(portResource, { port: { network_id: '11111111-1111-1111-1111-111111111111' } })).toMatchObject({
      admin_state_up: true, device_id: '', device_owner: '', 'binding:vnic_type': 'normal', allowed_address_pairs: [], extra_dhcp_opts: [],
    });
    expect(errorOf(() => parse(portResource, { port: { network_id: '11111111-1111-1111-1111-111111111111', 'binding:host_id': 'h' } })).status).toBe(403);
    expect(hiddenAttributes(portResource, member)).toEqual(['binding:host_id', 'binding:profile', 'binding:vif_type', 'binding:vif_details']);
    expect(errorOf(() => parse(portResource, { port: { status: 'ACTIVE' } }, admin, 'PUT')).message).toBe("Attribute 'status' not allowed in PUT");
  });

  it('accepts MACs with colons or dashes and refuses others', () => {
    expect(parse(portResource, { port: { mac_address: 'FA-16-3E-00-00-01' } }, admin, 'PUT')).toEqual({ mac_address: 'FA-16-3E-00-00-01' });
    expect(errorOf(() => parse(portResource, { port: { mac_address: 'fa163e000001' } }, admin, 'PUT')).status).toBe(400);
    // Changing a MAC is an admin's (update_port:mac_address), as in Neutron's default policy.
    expect(errorOf(() => parse(portResource, { port: { mac_address: 'FA-16-3E-00-00-01' } }, member, 'PUT')).status).toBe(403);
  });
});

describe('IPAM events', () => {
  it('has a data schema for every event type', () => {
    expect(Object.keys(ipamEventSchemas).sort()).toEqual(Object.values(IpamEventType).sort());
  });

  it('generates a JSON Schema for every event version', () => {
    for (const versions of Object.values(ipamEventSchemas)) {
      for (const schema of Object.values(versions)) expect(z.toJSONSchema(schema)).toMatchObject({ type: 'object' });
    }
    const network = z.toJSONSchema(NetworkEventDataSchema) as unknown as { properties: { network: { required: string[] } } };
    expect(network.properties.network.required).toEqual(expect.arrayContaining(['id', 'project_id', 'tenant_id', 'provider:network_type', 'revision_number']));
  });
});
