import type { HostFloatingIp, HostRouter } from '@muon/contracts';
import type { HostInputs } from '@muon/agent-domain';
import { hostConfig, network, port, scenario, subnet, NET_A, SUBNET_A, VM1 } from './host-fixtures.js';

export const EXT = 'eeeeeeee-0000-4000-8000-000000000001';
export const SUBNET_EXT = 'eeeeeeee-5555-4000-8000-000000000001';
export const ROUTER = 'a0000001-0000-4000-8000-000000000001';
export const QR_A = 'f0000001-aaaa-4000-8000-000000000001';
export const QG = 'f0000002-eeee-4000-8000-000000000002';
export const FIP = 'f1000001-0000-4000-8000-000000000001';
export const QR_NAME = 'qr-f0000001-aa';
export const QG_NAME = 'qg-f0000002-ee';
export const ROUTER_NS = `t-qrouter-${ROUTER}`;

export const floatingIp = (id: string, address: string, fixed: string, portId: string): HostFloatingIp =>
  ({ id, revision_number: 1, floating_ip_address: address, fixed_ip_address: fixed, port_id: portId, status: 'DOWN' });

export function router(overrides: Partial<HostRouter> = {}): HostRouter {
  return {
    id: ROUTER, revision_number: 1, admin_state_up: true,
    gateway: { network_id: EXT, port_id: QG, enable_snat: true },
    routes: [], interface_port_ids: [QR_A], floatingips: [floatingIp(FIP, '203.0.113.140', '203.0.113.11', VM1)],
    ...overrides,
  };
}

/**
 * The one-host scenario plus a router on hostA: interface 203.0.113.1 on network A (VXLAN), gateway
 * 203.0.113.130 on a flat external network `public` mapped to br-ex, a floating IP for VM1.
 */
export function routerScenario(overrides: Partial<HostInputs> = {}): HostInputs {
  const base = scenario({ config: hostConfig('hostA', { bridgeMappings: { public: 'br-ex' } }) });
  return {
    ...base,
    networks: [...base.networks, network(EXT, { mtu: 1500, 'provider:network_type': 'flat', 'provider:physical_network': 'public', 'provider:segmentation_id': null })],
    subnets: [...base.subnets, subnet(SUBNET_EXT, EXT, '203.0.113.128/25', { gateway_ip: '203.0.113.129', enable_dhcp: false })],
    ports: [
      ...base.ports,
      port(QR_A, NET_A, 'hostA', 'fa:16:3e:00:00:01', [[SUBNET_A, '203.0.113.1']], { device_owner: 'network:router_interface', device_id: ROUTER }),
      port(QG, EXT, 'hostA', 'fa:16:3e:00:01:30', [[SUBNET_EXT, '203.0.113.130']], { device_owner: 'network:router_gateway', device_id: ROUTER }),
    ],
    routers: [router()],
    ...overrides,
  };
}
