import { randomUUID } from 'node:crypto';
import {
  ipamNotFound, IpamErrors, RBAC_EVERYONE, RBAC_POLICY_TABLE, rbacPolicyResource,
  type CommandRequest, type Network, type RbacObjectType, type RbacPolicy, type ResourceSpec,
} from '@muon/contracts';
import type { StoreTransaction } from '@muon/eventstore';
import {
  networkFlagsFromPolicies, policyChangesForNetworkFlags,
  type RbacDependant, type RbacObjectFacts, type RbacPolicyCreateAttributes,
} from '@muon/ipam-domain';
import { AGGREGATES, decideAndAppend, type AggregateName } from '../commands/aggregates.js';
import { commandNow } from '../commands/command-meta.js';
import { loadLocked, mayRead } from '../commands/resource-rows.js';

type Query = (sql: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/**
 * Per object type: its aggregate, what other projects hold on an object (and so may not lose
 * access to), and how the object follows its policies. Sharing another kind of object is one entry.
 */
const RBAC_OBJECTS: Record<RbacObjectType, {
  aggregate: AggregateName;
  dependants: (q: Query, objectId: string, ownerProject: string) => Promise<RbacDependant[]>;
  followPolicies: (tx: StoreTransaction, req: CommandRequest, object: Record<string, unknown>, policies: RbacPolicy[]) => Promise<void>;
}> = {
  network: {
    aggregate: 'network',
    dependants: async (q, networkId, owner) => (await q(
      `select project_id, body->>'device_owner' as device_owner from ports where body->>'network_id' = $1 and project_id <> $2`, [networkId, owner],
    )) as unknown as RbacDependant[],
    followPolicies: async (tx, req, object, policies) => {
      const network = object as unknown as Network;
      await decideAndAppend(tx, req, 'network', network.id, network, {
        type: 'set_access', id: network.id, now: commandNow(), ...networkFlagsFromPolicies(network, policies),
      });
    },
  },
};

const specOf = (objectType: RbacObjectType): ResourceSpec => AGGREGATES[RBAC_OBJECTS[objectType].aggregate].spec;
const queryOf = (tx: StoreTransaction): Query => async (sql, params) => (await tx.query(sql, params)).rows;

/** Every policy on one object, row-locked. */
async function policiesOn(tx: StoreTransaction, objectType: RbacObjectType, objectId: string): Promise<RbacPolicy[]> {
  const { rows } = await tx.query<{ body: RbacPolicy }>(
    `select body from ${RBAC_POLICY_TABLE} where body @> $1::jsonb order by id for update`,
    [JSON.stringify({ object_type: objectType, object_id: objectId })],
  );
  return rows.map((r) => r.body);
}

/**
 * The object a policy names, under its row lock, so one object's policies change one at a time and
 * in-use checks see every port. An object the caller cannot see is 404 like any hidden resource;
 * one it sees but does not own is the decider's to refuse. Updates and deletes pass
 * `callerMustSeeIt` false: the policy's own row already decided who may touch it.
 */
async function loadObject(tx: StoreTransaction, req: CommandRequest, objectType: RbacObjectType, objectId: string, callerMustSeeIt: boolean) {
  const spec = specOf(objectType);
  // FOR UPDATE: a port create for another project than the network's holds the row's share lock
  // (networks-for-ports.ts), so the in-use checks below see every such port committed.
  const body = await loadLocked<Record<string, unknown> & { id: string; project_id: string }>(
    tx, spec, objectId, { ...req.context, isAdmin: true }, 'update');
  const ctx = req.context;
  if (callerMustSeeIt && !(await mayRead(tx, spec, body, ctx))) {
    throw ipamNotFound(spec.member, objectId);
  }
  const facts: RbacObjectFacts = {
    id: body.id,
    project_id: body.project_id,
    policies: await policiesOn(tx, objectType, body.id),
    dependants: await RBAC_OBJECTS[objectType].dependants(queryOf(tx), body.id, body.project_id),
  };
  return { body, facts };
}

/** The policy as it is now among its object's locked policies (404 once another command removed it). */
async function loadPolicy(tx: StoreTransaction, req: CommandRequest) {
  // The policy's own row decides who may touch it: its project, or an admin.
  const peek = await loadLocked<RbacPolicy>(tx, rbacPolicyResource, req.id!, req.context, 'none');
  const object = await loadObject(tx, req, peek.object_type, peek.object_id, false);
  const current = object.facts.policies.find((p) => p.id === peek.id);
  if (!current) throw IpamErrors.rbacPolicyNotFound(req.id!, peek.object_type);
  return { current, ...object };
}

const withChange = (policies: RbacPolicy[], changed: RbacPolicy, removed = false): RbacPolicy[] =>
  [...policies.filter((p) => p.id !== changed.id), ...(removed ? [] : [changed])];

export async function createRbacPolicy(tx: StoreTransaction, req: CommandRequest<RbacPolicyCreateAttributes>): Promise<RbacPolicy> {
  const attributes = { ...req.body!, object_id: req.body!.object_id.toLowerCase() };
  const { body, facts } = await loadObject(tx, req, attributes.object_type, attributes.object_id, true);
  const id = randomUUID();
  const policy = await decideAndAppend<RbacPolicy>(tx, req, 'rbac_policy', id, null, { type: 'create', id, attributes, object: facts });
  await RBAC_OBJECTS[policy.object_type].followPolicies(tx, req, body, withChange(facts.policies, policy));
  return policy;
}

export async function updateRbacPolicy(tx: StoreTransaction, req: CommandRequest<{ target_tenant?: string }>): Promise<RbacPolicy> {
  const { current, body, facts } = await loadPolicy(tx, req);
  const updated = await decideAndAppend<RbacPolicy>(tx, req, 'rbac_policy', current.id, current, { type: 'update', id: current.id, changes: req.body ?? {}, object: facts });
  if (updated !== current) await RBAC_OBJECTS[current.object_type].followPolicies(tx, req, body, withChange(facts.policies, updated));
  return updated;
}

export async function deleteRbacPolicy(tx: StoreTransaction, req: CommandRequest): Promise<null> {
  const { current, body, facts } = await loadPolicy(tx, req);
  await decideAndAppend(tx, req, 'rbac_policy', current.id, current, { type: 'delete', id: current.id, object: facts });
  await RBAC_OBJECTS[current.object_type].followPolicies(tx, req, body, withChange(facts.policies, current, true));
  return null;
}

/**
 * The wildcard policies that setting a network's `shared` or `router:external` implies, as
 * Neutron's create_network and update_network keep them: created and removed with the network's own
 * event (which already checked InvalidSharedSetting and ExternalNetworkInUse).
 */
export async function applyNetworkFlagsToPolicies(
  tx: StoreTransaction, req: CommandRequest, before: Pick<Network, 'shared' | 'router:external'>, network: Network,
  changes: Partial<Pick<Network, 'shared' | 'router:external'>>,
): Promise<void> {
  if (changes.shared === undefined && changes['router:external'] === undefined) return;
  const policies = await policiesOn(tx, 'network', network.id);
  const { create, remove } = policyChangesForNetworkFlags(before, changes, policies);
  const facts: RbacObjectFacts = { id: network.id, project_id: network.project_id, policies, dependants: [] };
  // The network's owner keeps the policies its flags made, whoever set the flag.
  const asOwner = { ...req, context: { ...req.context, isAdmin: true } };
  for (const action of create) {
    const id = randomUUID();
    await decideAndAppend(tx, asOwner, 'rbac_policy', id, null, {
      type: 'create', id, object: facts,
      attributes: { project_id: network.project_id, object_type: 'network', object_id: network.id, action, target_tenant: RBAC_EVERYONE },
    });
  }
  for (const policy of remove) {
    await decideAndAppend(tx, asOwner, 'rbac_policy', policy.id, policy, { type: 'delete', id: policy.id, object: facts, dependantsChecked: true });
  }
}

/** A deleted object takes its policies with it (Neutron's cascade). */
export async function deletePoliciesOf(tx: StoreTransaction, req: CommandRequest, objectType: RbacObjectType, object: { id: string; project_id: string }): Promise<void> {
  const policies = await policiesOn(tx, objectType, object.id);
  const facts: RbacObjectFacts = { id: object.id, project_id: object.project_id, policies, dependants: [] };
  for (const policy of policies) {
    await decideAndAppend(tx, req, 'rbac_policy', policy.id, policy, { type: 'delete', id: policy.id, object: facts, dependantsChecked: true });
  }
}

