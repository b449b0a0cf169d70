import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';

/** Every IPAM read-model table with its primary key: what a rebuild must reproduce exactly. */
export const IPAM_READ_MODEL_TABLES: Record<string, string> = {
  networks: 'id',
  subnets: 'id',
  subnetpools: 'id',
  ports: 'id',
  ip_allocations: 'subnet_id, ip_address',
  mac_allocations: 'network_id, mac_address',
  segment_allocations: 'network_type, physical_network, segmentation_id',
};

/** Each table as text, one row per line in primary-key order: equal text, byte-identical rows. */
export async function dumpReadModels(databaseUrl: string): Promise<Record<string, string>> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const dump: Record<string, string> = {};
    for (const [table, key] of Object.entries(IPAM_READ_MODEL_TABLES)) {
      const { rows } = await db.query<{ dump: string | null }>(`select string_agg(t::text, E'\\n' order by ${key}) as dump from ipam.${table} t`);
      dump[table] = rows[0]!.dump ?? '';
    }
    return dump;
  } finally {
    await db.end();
  }
}

/** Runs the operator's `npm run rebuild` (node apps/ipam/dist/rebuild.js) against a database; returns its output. */
export function runRebuildCommand(repoRoot: string, databaseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'apps', 'ipam', 'dist', 'rebuild.js')], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`rebuild exited with ${code}: ${out}`))));
  });
}

/** Deterministic pseudo-random numbers (mulberry32), so a run's choices can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
