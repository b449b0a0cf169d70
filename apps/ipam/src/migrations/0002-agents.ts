import { Migration } from '@muon/eventstore';
import { documentTableMigrationSql } from '@muon/readmodel';

/** Host agents, and the lookups a host's snapshot and the DHCP scheduler make on ports. */
export class IpamAgents0002 extends Migration {
  override name = 'ipam_0002_agents';

  override up(): void {
    for (const sql of documentTableMigrationSql('agents')) this.addSql(sql);
    this.addSql(`create index agents_host_idx on agents ((body->>'host'))`);
    this.addSql(`create index ports_host_idx on ports ((body->>'binding:host_id')) where body->>'binding:host_id' <> ''`);
    this.addSql(`create index ports_dhcp_idx on ports ((body->>'network_id')) where body->>'device_owner' = 'network:dhcp'`);
  }
}
