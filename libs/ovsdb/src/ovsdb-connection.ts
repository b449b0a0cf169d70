import { connect, type Socket } from 'node:net';
import { JsonStreamSplitter } from './json-stream-splitter.js';
import { echoReply, isRequest, type JsonRpcMessage, type JsonRpcResponse } from './json-rpc.js';
import { OvsdbDisconnectedError, OvsdbProtocolError, OvsdbRpcError, OvsdbTimeoutError } from './ovsdb-errors.js';

interface Pending {
  method: string;
  resolve: (result: unknown) => void;
  reject: (err: Error) => void;
  timer?: NodeJS.Timeout;
}

export type NotificationHandler = (method: string, params: unknown[]) => void;

/**
 * One JSON-RPC session with an OVSDB server over a unix socket: frames the stream, answers the
 * server's `echo`, matches replies to requests by id and hands notifications (`update`, `locked`…)
 * to a handler. It does not reconnect; OvsdbClient does.
 */
export class OvsdbConnection {
  private readonly splitter = new JsonStreamSplitter();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closeError: Error | undefined;
  private isClosed = false;
  private notificationHandler: NotificationHandler = () => {};
  private closeHandlers: ((error?: Error) => void)[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', (err) => { this.closeError ??= err; });
    socket.on('close', () => this.handleClose());
  }

  static connect(socketPath: string, timeoutMs = 5000): Promise<OvsdbConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(socketPath);
      const timer = setTimeout(() => { socket.destroy(); reject(new OvsdbTimeoutError(`connecting to ${socketPath} took over ${timeoutMs} ms`)); }, timeoutMs);
      socket.once('connect', () => { clearTimeout(timer); socket.removeAllListeners('error'); resolve(new OvsdbConnection(socket)); });
      socket.once('error', (err) => { clearTimeout(timer); reject(err); });
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  onNotification(handler: NotificationHandler): void {
    this.notificationHandler = handler;
  }

  onClose(handler: (error?: Error) => void): void {
    if (this.isClosed) handler(this.closeError);
    else this.closeHandlers.push(handler);
  }

  /** Sends a request; resolves with `result`, rejects with OvsdbRpcError when `error` is not null. */
  request(method: string, params: unknown[], timeoutMs?: number): Promise<unknown> {
    if (this.isClosed) return Promise.reject(new OvsdbDisconnectedError(`${method}: not connected`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const pending: Pending = { method, resolve, reject };
      if (timeoutMs !== undefined) {
        pending.timer = setTimeout(() => {
          this.pending.delete(id);
          reject(new OvsdbTimeoutError(`${method}: no reply within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.pending.set(id, pending);
      this.send({ method, params, id });
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private send(message: JsonRpcMessage): void {
    this.socket.write(JSON.stringify(message));
  }

  private receive(chunk: Buffer): void {
    let texts: string[];
    try {
      texts = this.splitter.push(chunk);
    } catch (err) {
      this.fail(err as Error);
      return;
    }
    for (const text of texts) {
      let message: JsonRpcMessage;
      try {
        message = JSON.parse(text) as JsonRpcMessage;
      } catch (err) {
        this.fail(new OvsdbProtocolError(`invalid JSON from the server: ${(err as Error).message}`));
        return;
      }
      this.dispatch(message);
    }
  }

  private dispatch(message: JsonRpcMessage): void {
    if (isRequest(message)) {
      if (message.method === 'echo') this.send(echoReply(message));
      else if (message.id === null || message.id === undefined) this.notificationHandler(message.method, message.params ?? []);
      else this.send({ result: null, error: `unknown method ${message.method}`, id: message.id });
      return;
    }
    this.settle(message as JsonRpcResponse);
  }

  private settle(response: JsonRpcResponse): void {
    const pending = typeof response.id === 'number' ? this.pending.get(response.id) : undefined;
    if (!pending) return; // a reply to a request that already timed out
    this.pending.delete(response.id as number);
    clearTimeout(pending.timer);
    if (response.error !== null && response.error !== undefined) pending.reject(new OvsdbRpcError(pending.method, response.error));
    else pending.resolve(response.result);
  }

  private fail(error: Error): void {
    this.closeError ??= error;
    this.socket.destroy();
  }

  private handleClose(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new OvsdbDisconnectedError(`${p.method}: connection closed${this.closeError ? ` (${this.closeError.message})` : ''}`));
    }
    this.pending.clear();
    for (const h of this.closeHandlers) h(this.closeError);
    this.closeHandlers = [];
  }
}

