export { connectNats, type NatsConnection } from './connect.js';
export { RpcClient } from './rpc-client.js';
export { serveRpc, RawJson, type RpcHandler, type SendPart } from './rpc-server.js';
export { traceHeaders, contextFromHeaders, currentTraceparent } from './trace-headers.js';
export { encodeJson, decodeJson } from './codec.js';
export { appendMetaOf } from './command-meta.js';
