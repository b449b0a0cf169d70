import { describe, expect, it } from '@jest/globals';
import type { Floatingip, FloatingipEvent } from '@muon/contracts';
import type { FloatingipAssociation, FloatingipCommand } from './floatingip.commands.js';
import { decideFloatingip } from './floatingip.decider.js';

const NOW = '2025-01-01T00:00:00Z';
const LATER = '2025-01-02T00:00:00Z';
const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

const details = (port: string) => ({
  name: port, network_id: 'net-1', mac_address: 'fa:16:3e:00:00:01', admin_state_up: true, status: 'ACTIVE', device_id: 'vm-1', device_owner: 'compute:nova',
});
const toPort = (port: string, fixed = '10.0.0.5', router = 'r1'): FloatingipAssociation => ({ port_id: port, fixed_ip_address: fixed, router_id: router, port_details: details(port) });

const create = (association: FloatingipAssociation | null = null): FloatingipCommand => ({
  type: 'create', id: 'f1', now: NOW, floatingIpAddress: '203.0.113.20', floatingPortId: 'fip-port', association,
  attributes: { project_id: 'p1', description: '', floating_network_id: 'ext' },
});
const fipOf = (events: FloatingipEvent[]) => (events[events.length - 1]!.data as { floatingip: Floatingip }).floatingip;
const created = (association: FloatingipAssociation | null = null) => fipOf(decideFloatingip(create(association), { floatingip: null, floatingPortId: null }));
const decide = (command: FloatingipCommand, floatingip: Floatingip) => decideFloatingip(command, { floatingip, floatingPortId: 'fip-port' });
const withStatus = (fip: Floatingip, status: 'ACTIVE' | 'DOWN' | 'ERROR') => fipOf(decide({ type: 'set_status', id: 'f1', now: NOW, status }, fip));

describe('floating IP create', () => {
  it('creates an unassociated address, DOWN, at revision 1, naming the port that holds it', () => {
    const [e] = decideFloatingip(create(), { floatingip: null, floatingPortId: null });
    expect(e).toEqual({
      type: 'l3.floatingip.created', version: 1, projectId: 'p1',
      data: {
        floating_port_id: 'fip-port',
        floatingip: {
          id: 'f1', project_id: 'p1', tenant_id: 'p1', description: '', tags: [], created_at: NOW, updated_at: NOW, revision_number: 1,
          floating_network_id: 'ext', floating_ip_address: '203.0.113.20',
          port_id: null, fixed_ip_address: null, router_id: null, status: 'DOWN', port_details: null, port_forwardings: [],
        },
      },
    });
  });

  it('creates an associated address DOWN until an agent reports it wired, with port_details', () => {
    expect(created(toPort('vm-port'))).toMatchObject({
      port_id: 'vm-port', fixed_ip_address: '10.0.0.5', router_id: 'r1', status: 'DOWN', port_details: details('vm-port'), revision_number: 1,
    });
  });

  it('answers 404 FloatingIPNotFound for a floating IP (or its port) that does not exist', () => {
    expect(errorOf(() => decideFloatingip({ type: 'delete', id: 'f9', now: NOW }, { floatingip: null, floatingPortId: null }))).toMatchObject({ status: 404, type: 'FloatingIPNotFound' });
    expect(errorOf(() => decideFloatingip({ type: 'delete', id: 'f1', now: NOW }, { floatingip: created(), floatingPortId: null })).type).toBe('FloatingIPNotFound');
  });
});

describe('floating IP association', () => {
  it('associating sets port, fixed IP, router and details, stays DOWN, bumps the revision', () => {
    const fip = fipOf(decide({ type: 'update', id: 'f1', now: LATER, association: toPort('vm-port') }, created()));
    expect(fip).toMatchObject({ port_id: 'vm-port', fixed_ip_address: '10.0.0.5', router_id: 'r1', status: 'DOWN', revision_number: 2, updated_at: LATER });
  });

  it('keeps ACTIVE when the association names the same port and fixed IP (a description change, a repeated PUT)', () => {
    const active = withStatus(created(toPort('vm-port')), 'ACTIVE');
    expect(decide({ type: 'update', id: 'f1', now: LATER, association: toPort('vm-port') }, active)).toEqual([]);
    const described = fipOf(decide({ type: 'update', id: 'f1', now: LATER, description: 'web', association: toPort('vm-port') }, active));
    expect(described).toMatchObject({ description: 'web', status: 'ACTIVE', port_id: 'vm-port' });
  });

  it('goes DOWN when moved to another port or another fixed IP of the same port', () => {
    const active = withStatus(created(toPort('vm-port')), 'ACTIVE');
    expect(fipOf(decide({ type: 'update', id: 'f1', now: LATER, association: toPort('other-port') }, active))).toMatchObject({ port_id: 'other-port', status: 'DOWN' });
    expect(fipOf(decide({ type: 'update', id: 'f1', now: LATER, association: toPort('vm-port', '10.0.0.6') }, active))).toMatchObject({ fixed_ip_address: '10.0.0.6', status: 'DOWN' });
  });

  it('disassociating (null) clears port, fixed IP, router and details and goes DOWN at once', () => {
    const active = withStatus(created(toPort('vm-port')), 'ACTIVE');
    const [e] = decide({ type: 'update', id: 'f1', now: LATER, association: null }, active);
    expect(e).toMatchObject({
      type: 'l3.floatingip.updated', data: { floating_port_id: 'fip-port', floatingip: { port_id: null, fixed_ip_address: null, router_id: null, port_details: null, status: 'DOWN' } },
    });
    expect(decide({ type: 'update', id: 'f1', now: LATER, association: null }, created())).toEqual([]);
  });

  it('answers 412 on a stale If-Match revision', () => {
    expect(errorOf(() => decide({ type: 'update', id: 'f1', now: LATER, ifRevision: 3, association: null }, created())).status).toBe(412);
  });
});

describe('floating IP status', () => {
  it('takes an agent\'s ACTIVE report for an associated address, as l3.floatingip.status_changed', () => {
    const [e] = decide({ type: 'set_status', id: 'f1', now: LATER, status: 'ACTIVE' }, created(toPort('vm-port')));
    expect(e).toMatchObject({ type: 'l3.floatingip.status_changed', data: { previous_status: 'DOWN', floating_port_id: 'fip-port', floatingip: { status: 'ACTIVE', revision_number: 2 } } });
  });

  it('ignores a late ACTIVE report for an address that was disassociated meanwhile', () => {
    const active = withStatus(created(toPort('vm-port')), 'ACTIVE');
    const disassociated = fipOf(decide({ type: 'update', id: 'f1', now: LATER, association: null }, active));
    expect(decide({ type: 'set_status', id: 'f1', now: LATER, status: 'ACTIVE' }, disassociated)).toEqual([]);
  });

  it('takes DOWN and ERROR reports and ignores a report of the status it already has', () => {
    const active = withStatus(created(toPort('vm-port')), 'ACTIVE');
    expect(fipOf(decide({ type: 'set_status', id: 'f1', now: LATER, status: 'ERROR' }, active)).status).toBe('ERROR');
    expect(decide({ type: 'set_status', id: 'f1', now: LATER, status: 'ACTIVE' }, active)).toEqual([]);
    expect(decide({ type: 'set_status', id: 'f1', now: LATER, status: 'DOWN' }, created())).toEqual([]);
  });
});

describe('floating IP tags and delete', () => {
  it('sets tags with a new revision and checks If-Match', () => {
    expect(fipOf(decide({ type: 'set_tags', id: 'f1', now: LATER, tags: ['x'] }, created()))).toMatchObject({ tags: ['x'], revision_number: 2 });
    expect(errorOf(() => decide({ type: 'set_tags', id: 'f1', now: LATER, ifRevision: 9, tags: ['x'] }, created())).status).toBe(412);
  });

  it('deletes an associated floating IP as it is, naming its port for ipam to remove', () => {
    const fip = created(toPort('vm-port'));
    expect(decide({ type: 'delete', id: 'f1', now: LATER }, fip)).toEqual([
      { type: 'l3.floatingip.deleted', version: 1, projectId: 'p1', data: { floatingip: fip, floating_port_id: 'fip-port' } },
    ]);
    expect(errorOf(() => decide({ type: 'delete', id: 'f1', now: LATER, ifRevision: 2 }, fip)).status).toBe(412);
  });
});
