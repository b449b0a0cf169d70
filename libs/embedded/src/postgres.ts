import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, chownSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';

export interface RunningServer { url: string; stop(): Promise<void> }

/** Finds the newest Debian PostgreSQL server binaries (postgresql-NN package). */
export function postgresBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'pg_ctl'))) : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (install package postgresql)');
  versions.sort((a, b) => Number(b) - Number(a));
  return join(base, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root, so as root its binaries run as the postgres user on a dir it owns. */
function asServerUser(bin: string, args: string[], log?: string): void {
  const root = userInfo().uid === 0;
  const cmd = root ? 'runuser' : bin;
  const argv = root ? ['-u', 'postgres', '--', bin, ...args] : args;
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed: ${r.stderr || r.stdout}${log ? ` (see ${log})` : ''}`);
}

export interface PostgresOptions { dir: string; port: number; database?: string }

/** Starts (initialising on first use) a private PostgreSQL cluster bound to 127.0.0.1. */
export async function startPostgres(opts: PostgresOptions): Promise<RunningServer> {
  const bin = postgresBinDir();
  const data = join(opts.dir, 'data');
  const log = join(opts.dir, 'server.log');
  mkdirSync(opts.dir, { recursive: true });
  if (userInfo().uid === 0) {
    const pgUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const pgGid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    if (statSync(opts.dir).uid !== pgUid) chownSync(opts.dir, pgUid, pgGid);
  }
  if (!existsSync(join(data, 'PG_VERSION'))) {
    asServerUser(join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  }
  const status = spawnSync(userInfo().uid === 0 ? 'runuser' : join(bin, 'pg_ctl'),
    userInfo().uid === 0 ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', data, 'status'] : ['-D', data, 'status']);
  if (status.status !== 0) {
    const settings = [`-c listen_addresses=127.0.0.1`, `-p ${opts.port}`, `-k ${opts.dir}`, '-c fsync=off',
      '-c synchronous_commit=off', '-c full_page_writes=off', '-c max_connections=300', '-c shared_buffers=256MB'].join(' ');
    asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', '-o', settings, 'start'], log);
  }
  const database = opts.database ?? 'muon';
  const url = `postgresql://postgres@127.0.0.1:${opts.port}/${database}`;
  await ensureDatabase(opts.port, database);
  return {
    url,
    stop: async () => { asServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']); },
  };
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (r.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}
