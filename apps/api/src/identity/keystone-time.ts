/** Keystone's timestamp format: ISO 8601 UTC with microseconds ("2026-01-02T03:04:05.678000Z"). */
export const keystoneTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
