import { IpamReadModels0001 } from './0001-ipam-read-models.js';
import { IpamAgents0002 } from './0002-agents.js';
import { IpamQuotas0003 } from './0003-quotas.js';
import { IpamRbacPolicies0004 } from './0004-rbac-policies.js';

/** Committed in order; never edited once released (a change is a new migration). */
export const ipamMigrations = [IpamReadModels0001, IpamAgents0002, IpamQuotas0003, IpamRbacPolicies0004];
