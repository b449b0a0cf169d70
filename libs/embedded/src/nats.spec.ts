import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsExitedEarly, startNats } from './nats.js';
import { freePort } from './ports.js';

const dir = mkdtempSync(join(tmpdir(), 'muon-nats-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('startNats', () => {
  it('says at once, as NatsExitedEarly, that nats-server could not take a port someone else holds', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const started = Date.now();
    try {
      await expect(startNats({ dir, port, monitorPort: await freePort() })).rejects.toBeInstanceOf(NatsExitedEarly);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      taken.close();
    }
  }, 30_000);
});
