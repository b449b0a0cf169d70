import { execFileSync } from 'node:child_process';

const has = (cmd: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/**
 * Real-dataplane tests need root, Open vSwitch, dnsmasq, iproute2, ethtool and busybox. They are
 * skipped on a developer machine without them, but never in CI (CI=true makes a missing piece a failure).
 */
export function dataplaneMissing(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  const missing = ['ovsdb-server', 'ovs-vswitchd', 'ovs-vsctl', 'ovs-ofctl', 'dnsmasq', 'ip', 'ethtool', 'busybox'].filter((c) => !has(c));
  return missing.length > 0 ? `missing ${missing.join(', ')}` : undefined;
}

export function describeDataplane(): 'run' | 'skip' {
  const missing = dataplaneMissing();
  if (!missing) return 'run';
  if (process.env.CI) throw new Error(`dataplane tests cannot run in CI: ${missing}`);
  // eslint-disable-next-line no-console
  console.warn(`skipping real-dataplane tests: ${missing}`);
  return 'skip';
}
