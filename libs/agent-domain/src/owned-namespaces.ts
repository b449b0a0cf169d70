import type { HostConfig } from './inputs/host-inputs.js';
import { ROUTER_NAMESPACE_PREFIX } from './names/neutron-names.js';

/** Namespace name prefixes the agent treats as its own: it deletes any of these it no longer wants. */
export const ownedNamespacePrefixes = (config: Pick<HostConfig, 'namespacePrefix'>): string[] =>
  [`${config.namespacePrefix}qdhcp-`, `${config.namespacePrefix}${ROUTER_NAMESPACE_PREFIX}`];

/** The agent's router namespaces among its own. */
export const isRouterNamespace = (config: Pick<HostConfig, 'namespacePrefix'>, namespace: string): boolean =>
  namespace.startsWith(`${config.namespacePrefix}${ROUTER_NAMESPACE_PREFIX}`);
