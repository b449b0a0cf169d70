import type { RbacAction, RbacObjectType, RbacPolicy } from '@muon/contracts';

/** The body of POST /rbac-policies after request validation (project_id filled in by the gateway). */
export interface RbacPolicyCreateAttributes {
  project_id: string;
  object_type: RbacObjectType;
  object_id: string;
  action: RbacAction;
  target_tenant: string;
}

/** Something another project holds on the object through a policy: a port on a network. */
export interface RbacDependant {
  project_id: string;
  device_owner: string;
}

/** The object a policy names, as far as its policies care. */
export interface RbacObjectFacts {
  id: string;
  project_id: string;
  /** What projects other than the owner hold on it (ports on a network). */
  dependants: RbacDependant[];
  /** Every policy on the object, the commanded one included. */
  policies: RbacPolicy[];
}

export type RbacPolicyCommand =
  | { type: 'create'; id: string; attributes: RbacPolicyCreateAttributes; object: RbacObjectFacts }
  | { type: 'update'; id: string; changes: { target_tenant?: string }; object: RbacObjectFacts }
  /**
   * `dependantsChecked`: the object's own command already made sure nothing depends on the policy
   * (the network is deleted, or unshared after its InvalidSharedSetting check).
   */
  | { type: 'delete'; id: string; object: RbacObjectFacts; dependantsChecked?: boolean };

export interface RbacPolicyState {
  rbac_policy: RbacPolicy | null;
  deleted: boolean;
}
