import { connect, type NatsConnection } from '@nats-io/transport-node';

/** Connects with unbounded reconnects: a NATS restart must not end a service. */
export function connectNats(servers: string, name: string): Promise<NatsConnection> {
  return connect({ servers: servers.split(','), name, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
}
export type { NatsConnection };
