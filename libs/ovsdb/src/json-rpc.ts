/** RFC 7047 §4: JSON-RPC 1.0 messages as they cross the socket. */
export interface JsonRpcRequest {
  method: string;
  params: unknown[];
  /** null for a notification. */
  id: string | number | null;
}
export interface JsonRpcResponse {
  result: unknown;
  error: unknown;
  id: string | number | null;
}
export type JsonRpcMessage = JsonRpcRequest | JsonRpcResponse;

export const isRequest = (m: JsonRpcMessage): m is JsonRpcRequest => typeof (m as JsonRpcRequest).method === 'string';

/** The answer to the server's keep-alive `echo`: its params, unchanged. */
export const echoReply = (request: JsonRpcRequest): JsonRpcResponse => ({ result: request.params, error: null, id: request.id });
