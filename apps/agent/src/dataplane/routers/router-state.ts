import { canonicalIpv4Cidr, normaliseIptablesSave, type ActualRoute, type ActualRouterNamespace } from '@muon/agent-domain';

/** Separates the parts of the one read a router namespace costs (see ROUTER_READ_SCRIPT). */
export const ROUTER_READ_SEPARATOR = '--muon-router-read--';
/** Run by `ip netns exec <ns> sh -c`: forwarding flag, routes, nat table, in one process per namespace. */
export const ROUTER_READ_SCRIPT = [
  'cat /proc/sys/net/ipv4/ip_forward', `echo ${ROUTER_READ_SEPARATOR}`,
  'ip -j route show', `echo ${ROUTER_READ_SEPARATOR}`,
  'iptables-save -t nat',
].join('; ');

interface IpRouteJson {
  dst: string;
  gateway?: string;
  protocol?: string;
  type?: string;
}

/** `ip -j route show` without the kernel's routes to connected subnets; `default` is 0.0.0.0/0, a bare address a /32. */
export function parseIpRouteJson(json: string): ActualRoute[] {
  const entries = JSON.parse(json.trim() || '[]') as IpRouteJson[];
  return entries
    .filter((r) => r.protocol !== 'kernel')
    .map((r) => ({ destination: r.dst === 'default' ? '0.0.0.0/0' : canonicalIpv4Cidr(r.dst) ?? r.dst, nexthop: r.type && r.type !== 'unicast' ? undefined : r.gateway }));
}

/** The output of ROUTER_READ_SCRIPT. */
export function parseRouterRead(namespace: string, output: string): ActualRouterNamespace {
  const [forwarding = '', routes = '', nat = ''] = output.split(`${ROUTER_READ_SEPARATOR}\n`);
  return { namespace, forwarding: forwarding.trim() === '1', routes: parseIpRouteJson(routes), nat: normaliseIptablesSave(nat) };
}
