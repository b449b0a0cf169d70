import pg from 'pg';
import { sendRaw } from './raw-http.js';

export const COLLECTIONS = ['networks', 'subnets', 'subnetpools', 'ports'] as const;
export type Collection = (typeof COLLECTIONS)[number];
export const MEMBER: Record<Collection, string> = { networks: 'network', subnets: 'subnet', subnetpools: 'subnetpool', ports: 'port' };

export type Doc = Record<string, unknown> & { id: string };

/**
 * Everything a request could have changed: every resource as an admin lists it, and what the API
 * cannot show (address, MAC and segment reservations; the event log; the command log).
 */
export interface Snapshot {
  docs: Record<Collection, Map<string, Doc>>;
  /** Canonical text of all of the above: equal text, nothing changed. */
  text: string;
}

/** Takes snapshots through admin list calls (no X-Project-Id: noauth's admin) and one SQL read. */
export class ReadModelSnapshots {
  private constructor(private readonly apiUrl: string, private readonly db: pg.Client) {}

  static async open(apiUrl: string, databaseUrl: string): Promise<ReadModelSnapshots> {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    return new ReadModelSnapshots(apiUrl, db);
  }

  async take(): Promise<Snapshot> {
    const docs = {} as Snapshot['docs'];
    const parts: string[] = [];
    for (const collection of COLLECTIONS) {
      const res = await sendRaw(this.apiUrl, { method: 'GET', path: `/v2.0/${collection}` });
      if (res.status !== 200) throw new Error(`admin list of ${collection} answered ${res.status}: ${res.text.slice(0, 500)}`);
      const items = (JSON.parse(res.text) as Record<string, Doc[]>)[collection]!;
      docs[collection] = new Map(items.map((d) => [d.id, d]));
      parts.push(res.text);
    }
    const { rows } = await this.db.query<Record<string, string | null>>(`
      select
        (select string_agg(t::text, E'\\n' order by t.subnet_id, t.ip_address) from ipam.ip_allocations t) as ip_allocations,
        (select string_agg(t::text, E'\\n' order by t.network_id, t.mac_address) from ipam.mac_allocations t) as mac_allocations,
        (select string_agg(t::text, E'\\n' order by t.network_type, t.physical_network, t.segmentation_id) from ipam.segment_allocations t) as segment_allocations,
        (select string_agg(t::text, E'\\n' order by t.stream) from ipam.streams t) as streams,
        (select count(*)::text from ipam.events) as events,
        (select count(*)::text from ipam.command_log) as commands`);
    parts.push(JSON.stringify(rows[0]));
    return { docs, text: parts.join('\n') };
  }

  /** Allocation rows that name a port, for checking that a created port is whole. */
  async allocationsOf(portId: string): Promise<{ ips: string[]; macs: string[] }> {
    const ips = await this.db.query<{ ip: string }>(`select host(ip_address) as ip from ipam.ip_allocations where port_id = $1 order by 1`, [portId]);
    const macs = await this.db.query<{ mac: string }>(`select mac_address::text as mac from ipam.mac_allocations where port_id = $1`, [portId]);
    return { ips: ips.rows.map((r) => r.ip), macs: macs.rows.map((r) => r.mac) };
  }

  async close(): Promise<void> {
    await this.db.end();
  }
}

/** First line where two snapshots differ, to show in a failure. */
export function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      const at = [...(la[i] ?? '')].findIndex((ch, j) => ch !== (lb[i] ?? '')[j]);
      const from = Math.max(0, at - 80);
      return `line ${i + 1}: before …${(la[i] ?? '<none>').slice(from, from + 240)}… after …${(lb[i] ?? '<none>').slice(from, from + 240)}…`;
    }
  }
  return 'no difference';
}
