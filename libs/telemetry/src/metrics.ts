import client from 'prom-client';

/** One Prometheus registry per process, labelled with the service name. */
export function createMetrics(service: string) {
  const registry = new client.Registry();
  registry.setDefaultLabels({ service });
  client.collectDefaultMetrics({ register: registry });
  const requests = new client.Counter({
    name: 'muon_requests_total', help: 'Requests handled, by operation and outcome',
    labelNames: ['operation', 'outcome'], registers: [registry],
  });
  const latency = new client.Histogram({
    name: 'muon_request_duration_seconds', help: 'Request handling time, by operation',
    labelNames: ['operation'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  return {
    registry,
    /** Times an async operation and counts it as ok/error. */
    async observe<T>(operation: string, fn: () => Promise<T>): Promise<T> {
      const end = latency.startTimer({ operation });
      try {
        const result = await fn();
        requests.inc({ operation, outcome: 'ok' });
        return result;
      } catch (err) {
        requests.inc({ operation, outcome: 'error' });
        throw err;
      } finally {
        end();
      }
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
