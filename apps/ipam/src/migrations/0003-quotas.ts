import { Migration } from '@muon/eventstore';

/** Per-project quota limits that differ from the defaults (derived from ipam.quota.* events). */
export class IpamQuotas0003 extends Migration {
  override name = 'ipam_0003_quotas';

  override up(): void {
    this.addSql('create table quotas (project_id text primary key, limits jsonb not null)');
  }
}
