import { z } from 'zod';
import { agentEventSchemas } from './agents/agent.events.js';
import { quotaEventSchemas } from './quotas/quota.js';
import { identityEventSchemas } from './identity/identity.events.js';
import { ipamEventSchemas } from './ipam/ipam.events.js';
import { l3EventSchemas } from './l3/l3.events.js';

/** Every event type Muon publishes → (version → data schema). New contexts add theirs here. */
export const eventCatalog: Record<string, Record<number, z.ZodType>> = {
  ...ipamEventSchemas,
  ...l3EventSchemas,
  ...identityEventSchemas,
  ...agentEventSchemas,
  ...quotaEventSchemas,
};

const envelopeJsonSchema = (data: unknown) => ({
  type: 'object',
  required: ['id', 'type', 'version', 'stream', 'streamVersion', 'position', 'transactionId', 'occurredAt', 'projectId', 'actor', 'correlationId', 'causationId', 'data'],
  properties: {
    id: { type: 'string', description: 'UUIDv7; also the Nats-Msg-Id, so subscribers dedupe by it' },
    type: { type: 'string' },
    version: { type: 'integer', minimum: 1 },
    stream: { type: 'string', description: '<aggregate>-<uuid>' },
    streamVersion: { type: 'integer', minimum: 1 },
    position: { type: 'string', description: 'global position in the owner store (bigint as string)' },
    transactionId: { type: 'string' },
    occurredAt: { type: 'string', format: 'date-time' },
    projectId: { type: ['string', 'null'] },
    actor: { type: 'object', properties: { userId: { type: ['string', 'null'] }, projectId: { type: ['string', 'null'] } } },
    correlationId: { type: ['string', 'null'] },
    causationId: { type: ['string', 'null'] },
    data,
  },
});

/** JSON Schema of one event type and version, envelope included. */
export function eventJsonSchema(type: string, version: number): unknown {
  const schema = eventCatalog[type]?.[version];
  if (!schema) return undefined;
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', title: `${type} v${version}`, ...envelopeJsonSchema(z.toJSONSchema(schema, { unrepresentable: 'any' })) };
}

/** AsyncAPI 3.0 document of the event stream (served at /asyncapi.json). */
export function buildAsyncApi(subjectRoot = 'muon.evt') {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const [type, versions] of Object.entries(eventCatalog)) {
    const channelId = type.replace(/\./g, '_');
    const messageRefs: Record<string, unknown> = {};
    for (const version of Object.keys(versions).map(Number)) {
      const messageId = `${channelId}_v${version}`;
      messages[messageId] = {
        name: type, title: `${type} v${version}`, contentType: 'application/json',
        headers: { type: 'object', properties: { 'Nats-Msg-Id': { type: 'string' }, traceparent: { type: 'string' } } },
        payload: envelopeJsonSchema(z.toJSONSchema(versions[version]!, { unrepresentable: 'any' })),
      };
      messageRefs[messageId] = { $ref: `#/components/messages/${messageId}` };
    }
    channels[channelId] = { address: `${subjectRoot}.${type}`, messages: messageRefs };
    operations[`receive_${channelId}`] = { action: 'receive', channel: { $ref: `#/channels/${channelId}` } };
  }
  return {
    asyncapi: '3.0.0',
    info: { title: 'Muon domain events', version: '1.0.0', description: 'JetStream stream MUON_EVENTS; at-least-once delivery, dedupe by event id.' },
    defaultContentType: 'application/json',
    channels, operations, components: { messages },
  };
}
