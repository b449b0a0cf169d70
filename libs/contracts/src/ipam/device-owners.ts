/** Neutron's device_owner values that IPAM rules depend on. */
export const DeviceOwner = {
  dhcp: 'network:dhcp',
  routerInterface: 'network:router_interface',
  routerInterfaceDistributed: 'network:router_interface_distributed',
  routerHaInterface: 'network:router_ha_interface',
  routerHaReplicatedInterface: 'network:ha_router_replicated_interface',
  routerCentralizedSnat: 'network:router_centralized_snat',
  routerGateway: 'network:router_gateway',
  floatingIp: 'network:floatingip',
  floatingIpAgentGateway: 'network:floatingip_agent_gateway',
  distributed: 'network:distributed',
  loadBalancerVip: 'neutron:LOADBALANCERV2',
} as const;

/** Ports that a router owns: they may take a subnet's gateway or IPv6 subnet-router address. */
export const ROUTER_PORT_OWNERS: readonly string[] = [
  DeviceOwner.routerInterface,
  DeviceOwner.routerInterfaceDistributed,
  DeviceOwner.routerHaReplicatedInterface,
  DeviceOwner.routerGateway,
  DeviceOwner.routerCentralizedSnat,
];

/** Ports Neutron removes by itself when their network or subnet goes away. */
export const AUTO_DELETE_PORT_OWNERS: readonly string[] = [
  DeviceOwner.dhcp,
  DeviceOwner.routerHaInterface,
  DeviceOwner.distributed,
  DeviceOwner.floatingIpAgentGateway,
];

/** Ports only their owning service may delete; the port API refuses them. */
export const SERVICE_PORT_OWNERS: readonly string[] = [
  DeviceOwner.routerInterface,
  DeviceOwner.routerInterfaceDistributed,
  DeviceOwner.routerHaReplicatedInterface,
  DeviceOwner.routerGateway,
  DeviceOwner.routerCentralizedSnat,
  DeviceOwner.floatingIp,
];

/** device_owner 'network:*' ports are trusted infrastructure: no default security group. */
export const isNetworkOwnedPort = (deviceOwner: string): boolean => deviceOwner.startsWith('network:');
