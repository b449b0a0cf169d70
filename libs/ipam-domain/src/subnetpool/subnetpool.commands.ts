import type { Subnetpool } from '@muon/contracts';

export interface SubnetpoolCreateAttributes {
  project_id: string;
  name: string;
  prefixes: string[];
  description?: string;
  default_prefixlen?: number;
  min_prefixlen?: number;
  max_prefixlen?: number;
  shared?: boolean;
  is_default?: boolean;
  address_scope_id?: string | null;
  default_quota?: number | null;
}

export type SubnetpoolChanges = Partial<Pick<Subnetpool,
  'name' | 'description' | 'prefixes' | 'default_prefixlen' | 'min_prefixlen' | 'max_prefixlen' | 'is_default' | 'address_scope_id' | 'default_quota'>>;

/**
 * Uniqueness of the default pool per IP version is the owner's (a partial unique index);
 * IpamErrors.defaultSubnetpoolExists is the answer when it is violated.
 */
export type SubnetpoolCommand =
  | { type: 'create'; id: string; now: string; attributes: SubnetpoolCreateAttributes }
  | { type: 'update'; id: string; now: string; ifRevision?: number; changes: SubnetpoolChanges }
  | { type: 'delete'; id: string; now: string; ifRevision?: number; /** Subnets allocated from the pool. */ allocatedSubnetCount: number }
  | { type: 'set_tags'; id: string; now: string; ifRevision?: number; tags: string[] };

export interface SubnetpoolState {
  subnetpool: Subnetpool | null;
  deleted: boolean;
}
