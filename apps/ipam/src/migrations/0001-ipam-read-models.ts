import { Migration } from '@muon/eventstore';
import { documentTableMigrationSql } from '@muon/readmodel';

/**
 * IPAM's read models and its uniqueness guards. Every table here is derived from the event log
 * (rebuild truncates and replays them); the allocation tables are what make an IP per subnet, a MAC
 * per network and a segment per physical network unique under any concurrency (DESIGN.md §2).
 */
export class IpamReadModels0001 extends Migration {
  override name = 'ipam_0001_read_models';

  override up(): void {
    for (const table of ['networks', 'subnets', 'subnetpools', 'ports']) {
      for (const sql of documentTableMigrationSql(table)) this.addSql(sql);
    }
    // Internal lookups by parent network (the GIN index serves client filters).
    this.addSql(`create index subnets_network_idx on subnets ((body->>'network_id'))`);
    this.addSql(`create index ports_network_idx on ports ((body->>'network_id'))`);
    this.addSql(`create index subnets_subnetpool_idx on subnets ((body->>'subnetpool_id'))`);
    // One default subnet pool per IP version (Neutron's rule), whatever the concurrency.
    this.addSql(`create unique index subnetpools_one_default_idx on subnetpools ((body->>'ip_version')) where (body->>'is_default') = 'true'`);
    this.addSql(`
      create table ip_allocations (
        subnet_id uuid not null,
        ip_address inet not null,
        port_id uuid not null,
        primary key (subnet_id, ip_address)
      )`);
    this.addSql('create index ip_allocations_port_idx on ip_allocations (port_id)');
    this.addSql(`
      create table mac_allocations (
        network_id uuid not null,
        mac_address macaddr not null,
        port_id uuid not null,
        primary key (network_id, mac_address)
      )`);
    this.addSql('create index mac_allocations_port_idx on mac_allocations (port_id)');
    this.addSql(`
      create table segment_allocations (
        network_type text not null,
        physical_network text not null default '',
        segmentation_id integer not null default 0,
        network_id uuid not null,
        primary key (network_type, physical_network, segmentation_id)
      )`);
    this.addSql('create index segment_allocations_network_idx on segment_allocations (network_id)');
  }
}
