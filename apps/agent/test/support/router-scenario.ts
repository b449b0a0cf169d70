import type { HostFloatingIp, HostRouter } from '@muon/contracts';
import type { AgentPort, HostConfig, HostInputs } from '@muon/agent-domain';
import { NetworkScenario } from './network-scenario.js';

/**
 * Routers as the l3 service hands them to an agent, on top of a NetworkScenario's networks and
 * ports: interface and gateway ports are ipam ports with device_id = the router and bound to the
 * host the router is scheduled to.
 */
export class RouterScenario {
  routers: HostRouter[] = [];

  constructor(readonly s: NetworkScenario) {}

  /** A flat provider network on `physnet` with one subnet without DHCP (Neutron's `public`). */
  externalNetwork(label: string, physnet: string, cidr: string, gateway: string): { networkId: string; subnetId: string } {
    const networkId = this.s.network(label, 1, { mtu: 1500, 'provider:network_type': 'flat', 'provider:physical_network': physnet, 'provider:segmentation_id': null });
    return { networkId, subnetId: this.s.subnet(networkId, cidr, gateway, { enable_dhcp: false }) };
  }

  router(label: string): HostRouter {
    const router: HostRouter = {
      id: NetworkScenario.uuid(label, this.routers.length + 1), revision_number: 1, admin_state_up: true,
      gateway: null, routes: [], interface_port_ids: [], floatingips: [],
    };
    this.routers.push(router);
    return router;
  }

  addInterface(router: HostRouter, label: string, networkId: string, subnetId: string, ip: string, host: string): AgentPort {
    const port = this.s.port(label, networkId, subnetId, ip, host, 'network:router_interface');
    port.device_id = router.id;
    router.interface_port_ids.push(port.id);
    return port;
  }

  setGateway(router: HostRouter, label: string, networkId: string, subnetId: string, ip: string, host: string, enableSnat = true): AgentPort {
    const port = this.s.port(label, networkId, subnetId, ip, host, 'network:router_gateway');
    port.device_id = router.id;
    router.gateway = { network_id: networkId, port_id: port.id, enable_snat: enableSnat };
    return port;
  }

  addFloatingIp(router: HostRouter, address: string, port: AgentPort): HostFloatingIp {
    const fip: HostFloatingIp = {
      id: NetworkScenario.uuid('fip', router.floatingips.length + 1), revision_number: 1,
      floating_ip_address: address, fixed_ip_address: port.fixed_ips[0]!.ip_address, port_id: port.id, status: 'DOWN',
    };
    router.floatingips.push(fip);
    return fip;
  }

  removeRouter(id: string): void {
    this.routers = this.routers.filter((r) => r.id !== id);
  }

  inputs(config: HostConfig): HostInputs {
    return { ...this.s.inputs(config), routers: structuredClone(this.routers) };
  }
}
