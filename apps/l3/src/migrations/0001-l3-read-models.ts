import { Migration } from '@muon/eventstore';
import { documentTableMigrationSql } from '@muon/readmodel';

/**
 * L3's read models, all derived from its event log (rebuild replays them): routers and floating IPs
 * as Neutron shows them, and the facts Neutron keeps beside them — each router's interfaces, its
 * gateway port, the agent it is scheduled to, each floating IP's own port.
 */
export class L3ReadModels0001 extends Migration {
  override name = 'l3_0001_read_models';

  override up(): void {
    for (const table of ['routers', 'floatingips']) {
      for (const sql of documentTableMigrationSql(table)) this.addSql(sql);
    }
    this.addSql(`
      create table router_interfaces (
        port_id uuid primary key,
        router_id uuid not null,
        network_id uuid not null,
        subnet_ids text[] not null,
        cidrs text[] not null
      )`);
    this.addSql('create index router_interfaces_router_idx on router_interfaces (router_id)');
    this.addSql('create index router_interfaces_subnets_idx on router_interfaces using gin (subnet_ids)');
    this.addSql(`
      create table router_gateways (
        router_id uuid primary key,
        port_id uuid not null,
        network_id uuid not null
      )`);
    this.addSql('create index router_gateways_network_idx on router_gateways (network_id)');
    this.addSql(`
      create table router_bindings (
        router_id uuid primary key,
        agent_id uuid not null,
        host text not null
      )`);
    this.addSql('create index router_bindings_host_idx on router_bindings (host)');
    this.addSql(`
      create table floatingip_ports (
        floatingip_id uuid primary key,
        port_id uuid not null unique
      )`);
    // One floating IP per fixed IP per external network (Neutron's FloatingIPPortAlreadyAssociated), whatever the concurrency.
    this.addSql(`create unique index floatingips_one_per_fixed_ip_idx on floatingips
      ((body->>'floating_network_id'), (body->>'port_id'), (body->>'fixed_ip_address')) where body->>'port_id' is not null`);
    this.addSql(`create index floatingips_port_idx on floatingips ((body->>'port_id')) where body->>'port_id' is not null`);
    this.addSql(`create index floatingips_router_idx on floatingips ((body->>'router_id')) where body->>'router_id' is not null`);
  }
}
