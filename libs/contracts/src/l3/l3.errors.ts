import { NeutronError } from '../errors.js';

const conflict = (type: string, message: string) => new NeutronError(409, type, message);

/** The L3 errors Neutron users know, with Neutron's type names and status codes. */
export const L3Errors = {
  routerNotFound: (id: string) => new NeutronError(404, 'RouterNotFound', `Router ${id} could not be found`),
  floatingipNotFound: (id: string) => new NeutronError(404, 'FloatingIPNotFound', `Floating IP ${id} could not be found`),
  badRouterRequest: (reason: string) => new NeutronError(400, 'BadRequest', `Bad router request: ${reason}.`),
  badFloatingipRequest: (reason: string) => new NeutronError(400, 'BadRequest', `Bad floatingip request: ${reason}.`),
  routerInUse: (routerId: string) => conflict('RouterInUse', `Router ${routerId} still has ports`),
  routerInterfaceNotFound: (routerId: string, portId: string) =>
    new NeutronError(404, 'RouterInterfaceNotFound', `Router ${routerId} does not have an interface with id ${portId}`),
  routerInterfaceNotFoundForSubnet: (routerId: string, subnetId: string) =>
    new NeutronError(404, 'RouterInterfaceNotFoundForSubnet', `Router ${routerId} has no interface on subnet ${subnetId}`),
  subnetMismatchForPort: (portId: string, subnetId: string) =>
    new NeutronError(400, 'SubnetMismatchForPort', `Subnet on port ${portId} does not match the requested subnet ${subnetId}.`),
  routerInterfaceInUseByFloatingIp: (routerId: string, subnetId: string) =>
    conflict('RouterInterfaceInUseByFloatingIP', `Router interface for subnet ${subnetId} on router ${routerId} cannot be deleted, as it is required by one or more floating IPs.`),
  routerInterfaceInUseByRoute: (routerId: string, subnetId: string) =>
    conflict('RouterInterfaceInUseByRoute', `Router interface for subnet ${subnetId} on router ${routerId} cannot be deleted, as it is required by one or more routes.`),
  gatewayInUseByFloatingIp: (routerId: string, networkId: string) =>
    conflict('RouterExternalGatewayInUseByFloatingIp', `Gateway cannot be updated for router ${routerId}, since a gateway to external network ${networkId} is required by one or more floating IPs.`),
  externalGatewayForFloatingIpNotFound: (networkId: string, subnetId: string, portId: string) =>
    new NeutronError(404, 'ExternalGatewayForFloatingIPNotFound',
      `External network ${networkId} is not reachable from subnet ${subnetId}.  Therefore, cannot associate Port ${portId} with a Floating IP.`),
  floatingIpPortAlreadyAssociated: (fipAddress: string, fipId: string, portId: string, fixedIp: string, networkId: string) =>
    conflict('FloatingIPPortAlreadyAssociated',
      `Cannot associate floating IP ${fipAddress} (${fipId}) with port ${portId} using fixed IP ${fixedIp}, as that fixed IP already has a floating IP on external network ${networkId}.`),
  invalidRoutes: (routes: unknown, reason: string) => new NeutronError(400, 'InvalidRoutes', `Invalid format for routes: ${JSON.stringify(routes)}, ${reason}.`),
  routesExhausted: (routerId: string, quota: number) =>
    new NeutronError(400, 'RoutesExhausted', `Unable to complete operation for ${routerId}. The number of routes exceeds the maximum ${quota}.`),
  /** Neutron's L3PortInUse: a port already on a router (or another device) can't become an interface. */
  portInUse: (portId: string, networkId: string, deviceId: string) =>
    conflict('PortInUse', `Unable to complete operation on port ${portId} for network ${networkId}. Port already has an attached device ${deviceId}.`),
};
