import { Migration } from '@muon/eventstore';
import { documentTableMigrationSql } from '@muon/readmodel';

/**
 * RBAC policies (derived from ipam.rbac_policy.* events). The unique index is Neutron's
 * DuplicateRbacPolicy key, so two concurrent identical creates cannot both succeed.
 */
export class IpamRbacPolicies0004 extends Migration {
  override name = 'ipam_0004_rbac_policies';

  override up(): void {
    for (const sql of documentTableMigrationSql('rbac_policies')) this.addSql(sql);
    this.addSql(`create unique index rbac_policies_unique_idx on rbac_policies
      ((body->>'object_type'), (body->>'object_id'), (body->>'action'), (body->>'target_tenant'))`);
  }
}
