import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestPlatform } from '@muon/embedded';
import type { Json } from './neutron-client.js';

const run = promisify(execFile);

/** Who runs a CLI command: what .muon/openrc would set. */
export interface Login { user: string; password: string; project: string }

/** Subcommands that print something get `-f json` (set, unset, add, remove and delete print nothing). */
const PRINTING = ['create', 'list', 'show', 'issue'];

/**
 * Debian's real `openstack` CLI, configured exactly as .muon/openrc configures it: password
 * authentication against the platform's built-in identity, the service catalog leading it to
 * Neutron. Returns the parsed JSON output (null when the command prints nothing).
 */
export function openstackCli(platform: TestPlatform) {
  const openstack = async (login: Login, ...args: string[]): Promise<Json> => {
    const env = {
      PATH: process.env.PATH, HOME: process.env.HOME,
      OS_AUTH_URL: `${platform.apiUrl}/identity/v3`, OS_IDENTITY_API_VERSION: '3', OS_REGION_NAME: 'RegionOne',
      OS_USERNAME: login.user, OS_PASSWORD: login.password, OS_PROJECT_NAME: login.project,
      OS_USER_DOMAIN_NAME: 'Default', OS_PROJECT_DOMAIN_NAME: 'Default',
    };
    const formatted = args.slice(1, 3).some((a) => PRINTING.includes(a)) ? [...args, '-f', 'json'] : args;
    const { stdout } = await run('openstack', formatted, { env, timeout: 60000 });
    return stdout.trim() ? JSON.parse(stdout) : null;
  };
  /** The stderr of a command that must fail (the client prints the API's error there). */
  const failure = (login: Login, ...args: string[]): Promise<string> =>
    openstack(login, ...args).then((out) => { throw new Error(`expected the command to fail, it printed ${JSON.stringify(out)}`); }, (err: { stderr?: string }) => err.stderr ?? '');
  return { openstack, failure };
}
