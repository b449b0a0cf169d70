import { JetStreamApiCodes, JetStreamApiError, type JetStreamManager, type StreamInfo } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { EVENT_STREAM, EVENT_SUBJECT_ROOT } from '@muon/contracts';

export interface EventStreamOptions {
  /** Default 'MUON_EVENTS'. Tests pass their own name so parallel suites never share a stream. */
  name?: string;
  /** Default ['muon.evt.>']. */
  subjects?: string[];
  /** How long JetStream remembers a Nats-Msg-Id to drop a re-sent event (default 2 minutes). */
  duplicateWindowMs?: number;
  /** R3 in a cluster, 1 on a single server (default 1). */
  replicas?: number;
}

/** Creates the JetStream stream the outbox relay publishes to, or brings an existing one up to date. */
export async function ensureEventStream(jsm: JetStreamManager, options: EventStreamOptions = {}): Promise<StreamInfo> {
  const name = options.name ?? EVENT_STREAM;
  const settings = {
    subjects: options.subjects ?? [`${EVENT_SUBJECT_ROOT}.>`],
    duplicate_window: nanos(options.duplicateWindowMs ?? 120_000),
    num_replicas: options.replicas ?? 1,
  };
  try {
    await jsm.streams.info(name);
  } catch (error) {
    const notFound = error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound;
    if (!notFound) throw error;
    return jsm.streams.add({ name, ...settings });
  }
  return jsm.streams.update(name, settings);
}
