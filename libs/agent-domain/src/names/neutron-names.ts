/**
 * The names Neutron's OVS, DHCP and L3 agents give things, so an operator's `ovs-vsctl show`,
 * `ip netns` and `ip link` habits work on a Muon host. Linux limits link names to 15 characters.
 */
export const INTEGRATION_BRIDGE = 'br-int';
export const TUNNEL_BRIDGE = 'br-tun';
/** br-int ↔ br-tun patch pair. */
export const PATCH_TO_TUNNEL = 'patch-tun';
export const PATCH_TO_INTEGRATION = 'patch-int';
/** A port that must not carry traffic (unbound, admin down) sits in Neutron's dead VLAN. */
export const DEAD_VLAN_TAG = 4095;
export const MAX_LINK_NAME = 15;
const PORT_ID_CHARS = 11;

/** OVS end of a DHCP (or other namespace) leg: `tap` + the first 11 characters of the port id. */
export const tapName = (portId: string): string => `tap${portId.slice(0, PORT_ID_CHARS)}`;
/** Namespace end of a DHCP leg (Neutron's ovs_use_veth layout). */
export const namespaceLinkName = (portId: string): string => `ns-${portId.slice(0, PORT_ID_CHARS)}`;
/** Nova's hybrid-plug names for a VM port. */
export const qvoName = (portId: string): string => `qvo${portId.slice(0, PORT_ID_CHARS)}`;
export const qvbName = (portId: string): string => `qvb${portId.slice(0, PORT_ID_CHARS)}`;

/** Router legs (Neutron's L3 agent): the interface on a tenant network and the gateway on the external one. */
export const routerInterfaceName = (portId: string): string => `qr-${portId.slice(0, PORT_ID_CHARS)}`;
export const routerGatewayName = (portId: string): string => `qg-${portId.slice(0, PORT_ID_CHARS)}`;

/** `qdhcp-<network id>`, behind a prefix that keeps simulated hosts on one machine apart ('' in production). */
export const dhcpNamespace = (prefix: string, networkId: string): string => `${prefix}qdhcp-${networkId}`;
export const ROUTER_NAMESPACE_PREFIX = 'qrouter-';
/** `qrouter-<router id>`, behind the same prefix. */
export const routerNamespace = (prefix: string, routerId: string): string => `${prefix}${ROUTER_NAMESPACE_PREFIX}${routerId}`;

/** `vxlan-c0a80102`: one tunnel port per remote host, named by its IPv4 address in hex. */
export function tunnelPortName(remoteIp: string): string {
  return `vxlan-${remoteIp.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('')}`;
}

/** br-int side and physical-bridge side of the patch pair for a bridge mapping: `int-br-eth1` / `phy-br-eth1`. */
export const integrationPatchName = (physicalBridge: string): string => `int-${physicalBridge}`.slice(0, MAX_LINK_NAME);
export const physicalPatchName = (physicalBridge: string): string => `phy-${physicalBridge}`.slice(0, MAX_LINK_NAME);

/** `host-203-0-113-16`: the hostname dnsmasq hands out for an address when the port has no dns_name. */
export const hostnameForIp = (ip: string): string => `host-${ip.replace(/[.:]/g, '-')}`;
