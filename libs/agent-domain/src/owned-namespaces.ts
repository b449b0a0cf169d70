import type { HostConfig } from './inputs/host-inputs.js';

/** Namespace name prefixes the agent treats as its own: it deletes any of these it no longer wants. */
export const ownedNamespacePrefixes = (config: Pick<HostConfig, 'namespacePrefix'>): string[] => [`${config.namespacePrefix}qdhcp-`];
