import { describe, expect, it } from '@jest/globals';
import pg from 'pg';

describe('test servers', () => {
  it('the global setup gives every suite a private PostgreSQL that answers queries', async () => {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    const r = await client.query('SELECT current_database() AS db, host(inet_server_addr()) AS addr');
    await client.end();
    expect(r.rows[0]).toEqual({ db: 'muon_test', addr: '127.0.0.1' });
  });

  it('the global setup gives every suite a NATS server with JetStream enabled', async () => {
    const { connect } = await import('@nats-io/transport-node');
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const nc = await connect({ servers: process.env.TEST_NATS_URL });
    const info = await (await jetstreamManager(nc)).getAccountInfo();
    await nc.close();
    expect(info.limits).toBeDefined();
  });
});
