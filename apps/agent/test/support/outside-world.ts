import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCommand } from '../../src/dataplane/process/run-command.js';
import type { SimulatedHost } from './simulated-host.js';
import type { TestRun } from './test-run.js';

/** Replies to every request with the address it came from: who the server saw is the whole point. */
const WHOAMI_SCRIPT = `const http = require('node:http');
const server = http.createServer((req, res) => res.end(String(req.socket.remoteAddress).replace(/^::ffff:/, '')));
server.listen(Number(process.argv[2]), '0.0.0.0', () => console.log('listening'));
`;

/**
 * A tiny HTTP server in a test namespace (node, started from the run's directory so the run's
 * cleanup recognises it) that answers with the client's address. Stopped by its own pid.
 */
export class WhoamiServer {
  private constructor(private readonly child: ChildProcess) {}

  static async start(run: TestRun, namespace: string, port = 8080): Promise<WhoamiServer> {
    const script = join(run.dir, 'whoami.cjs');
    writeFileSync(script, WHOAMI_SCRIPT, { mode: 0o644 });
    const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, script, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`whoami server in ${namespace} did not start`)), 10000);
      child.stdout!.once('data', () => { clearTimeout(timer); resolve(); });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`whoami server in ${namespace} exited (${code})`)); });
    });
    return new WhoamiServer(child);
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}

/**
 * busybox wget inside a namespace: the body, or undefined when no answer came within `timeoutS`
 * (busybox 1.35's own `-T` crashes once connected, so the process is killed at the deadline instead).
 */
export async function httpGet(namespace: string, url: string, timeoutS = 2): Promise<string | undefined> {
  return runCommand('ip', ['netns', 'exec', namespace, 'busybox', 'wget', '-q', '-O', '-', url], { timeoutMs: timeoutS * 1000 })
    .then((body) => body.trim(), () => undefined);
}

/** The first answer within `attempts` tries (the first packets may wait for ARP). */
export async function httpGetEventually(namespace: string, url: string, attempts = 5): Promise<string | undefined> {
  for (let i = 0; i < attempts; i++) {
    const body = await httpGet(namespace, url);
    if (body !== undefined) return body;
  }
  return undefined;
}

/**
 * "The internet" for a router test: a namespace whose `eth0` is a veth to a port `ext-out` on a
 * physical bridge (br-ex) of a host, holding the external subnet's gateway address. It has no
 * route to any tenant network, so only NATed traffic can get answers from it.
 */
export class OutsideNamespace {
  readonly namespace: string;
  readonly hostLink = 'ext-out';

  constructor(run: TestRun, label: string, private readonly host: SimulatedHost, readonly address: string) {
    this.namespace = run.namespace(label);
  }

  async create(bridge: string, prefixLength: number): Promise<void> {
    await runCommand('ip', ['netns', 'add', this.namespace]);
    await runCommand('ip', ['-n', this.namespace, 'link', 'set', 'lo', 'up']);
    await runCommand('ip', ['-n', this.host.hostNamespace, 'link', 'add', this.hostLink, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', this.namespace]);
    await runCommand('ip', ['-n', this.host.hostNamespace, 'link', 'set', this.hostLink, 'up']);
    await runCommand('ip', ['-n', this.namespace, 'addr', 'add', `${this.address}/${prefixLength}`, 'dev', 'eth0']);
    await runCommand('ip', ['-n', this.namespace, 'link', 'set', 'eth0', 'up']);
    await runCommand('ip', ['netns', 'exec', this.namespace, 'ethtool', '-K', 'eth0', 'tx', 'off']); // DATAPLANE.md §1.4
    await this.host.ovs.vsctl(['--may-exist', 'add-port', bridge, this.hostLink]);
  }

  reaches(ip: string, attempts = 5): Promise<boolean> {
    const once = () => runCommand('ip', ['netns', 'exec', this.namespace, 'busybox', 'ping', '-c', '1', '-W', '1', ip]).then(() => true, () => false);
    return (async () => {
      for (let i = 0; i < attempts; i++) if (await once()) return true;
      return false;
    })();
  }
}
