import type { CommandRequest } from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import type { IpamSettings } from './ipam-settings.js';
import { createNetwork, deleteNetwork, updateNetwork } from './network-commands.js';
import { createPort, deletePort, updatePort } from './port-commands.js';
import { createSubnet, deleteSubnet, updateSubnet } from './subnet-commands.js';
import { createSubnetpool, deleteSubnetpool, updateSubnetpool } from './subnetpool-commands.js';
import { setTags } from './tag-commands.js';
import type { AggregateName } from './aggregates.js';
import { deleteAgent, registerAgents, updateAgent } from '../agents/agent-commands.js';
import { reportPortStatus } from '../agents/port-status-report.js';
import { deleteQuota, updateQuota } from '../quotas/quota-commands.js';
import { createRbacPolicy, deleteRbacPolicy, updateRbacPolicy } from '../rbac/rbac-policy-commands.js';

export type CommandHandler = (tx: StoreTransaction, req: CommandRequest<never>, settings: IpamSettings) => Promise<unknown>;

/** `<resource>.<verb>` → handler. create_bulk is derived from create (all items in one transaction). */
export const COMMANDS: Record<string, CommandHandler> = {
  'network.create': createNetwork as CommandHandler,
  'network.update': updateNetwork as CommandHandler,
  'network.delete': deleteNetwork,
  'subnet.create': createSubnet as CommandHandler,
  'subnet.update': updateSubnet as CommandHandler,
  'subnet.delete': deleteSubnet,
  'subnetpool.create': createSubnetpool as CommandHandler,
  'subnetpool.update': updateSubnetpool as CommandHandler,
  'subnetpool.delete': deleteSubnetpool,
  'port.create': createPort as CommandHandler,
  'port.update': updatePort as CommandHandler,
  'port.delete': deletePort,
  'port.report_status': reportPortStatus as CommandHandler,
  'agent.register': registerAgents as CommandHandler,
  'agent.update': updateAgent as CommandHandler,
  'agent.delete': deleteAgent,
  'quota.update': updateQuota as CommandHandler,
  'quota.delete': deleteQuota,
  'rbac_policy.create': createRbacPolicy as CommandHandler,
  'rbac_policy.update': updateRbacPolicy as CommandHandler,
  'rbac_policy.delete': deleteRbacPolicy,
  ...Object.fromEntries((['network', 'subnet', 'subnetpool', 'port'] as AggregateName[])
    .map((a) => [`${a}.tags`, ((tx, req) => setTags(tx, req as CommandRequest<never>, a)) as CommandHandler])),
};
