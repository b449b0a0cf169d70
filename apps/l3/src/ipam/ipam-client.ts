import {
  agentResource, commandSubject, networkResource, parseResourceBody, portResource, querySubject, serviceContext, subnetResource,
  type Agent, type CommandRequest, type ListQuery, type Network, type Port, type QueryRequest, type RequestContext, type ResourceSpec, type Subnet,
} from '@muon/contracts';
import type { RpcClient } from '@muon/messaging';
import { callerVisibility, parseListParts } from '@muon/readmodel';

/** The l3 service's own calls: admin, for no project. */
export const L3_SERVICE_CONTEXT = (): RequestContext => serviceContext('service:l3');

/**
 * Everything l3 needs from ipam, over NATS (DESIGN.md §2: never a read or write of ipam's tables).
 * Reads take the caller's context when the caller's view matters (a subnet or port a member names
 * must be one the member can see: otherwise ipam's 404); writes are the l3 service's own, with a
 * command id derived from l3's command, so a retried l3 command never creates a second port.
 */
export class IpamClient {
  constructor(private readonly rpc: RpcClient) {}

  getNetwork(id: string, ctx: RequestContext = L3_SERVICE_CONTEXT()): Promise<Network> {
    return this.get<Network>(networkResource, id, ctx);
  }

  getSubnet(id: string, ctx: RequestContext = L3_SERVICE_CONTEXT()): Promise<Subnet> {
    return this.get<Subnet>(subnetResource, id, ctx);
  }

  getPort(id: string, ctx: RequestContext = L3_SERVICE_CONTEXT()): Promise<Port> {
    return this.get<Port>(portResource, id, ctx);
  }

  listPorts(filters: Record<string, unknown[]>): Promise<Port[]> {
    return this.list<Port>(portResource, filters);
  }

  listAgents(filters: Record<string, unknown[]>): Promise<Agent[]> {
    return this.list<Agent>(agentResource, filters);
  }

  /** Creates a port as the l3 service (device_owner network:router_*, network:floatingip). */
  createPort(commandId: string, port: Record<string, unknown>): Promise<Port> {
    const ctx = L3_SERVICE_CONTEXT();
    const body = parseResourceBody(portResource, { port }, 'POST', ctx).items[0];
    return this.command<Port>('create', { commandId, idempotent: true, context: ctx, body });
  }

  /** `commandId` null: a change that may recur with the same arguments (a rebinding), never deduplicated. */
  updatePort(commandId: string | null, id: string, changes: Record<string, unknown>): Promise<Port> {
    const ctx = L3_SERVICE_CONTEXT();
    const body = parseResourceBody(portResource, { port: changes }, 'PUT', ctx).items[0];
    return this.command<Port>('update', { commandId: commandId ?? crypto.randomUUID(), idempotent: commandId !== null, context: ctx, id, body });
  }

  /** Deletes a port the l3 service owns; one already gone is fine. */
  async deletePort(commandId: string, id: string): Promise<void> {
    try {
      await this.command('delete', { commandId, idempotent: true, context: L3_SERVICE_CONTEXT(), id });
    } catch (err) {
      if ((err as { status?: number }).status !== 404) throw err;
    }
  }

  private command<T>(verb: string, request: CommandRequest): Promise<T> {
    return this.rpc.request<T>(commandSubject('ipam', 'port', verb), request);
  }

  private async get<T>(spec: ResourceSpec, id: string, ctx: RequestContext): Promise<T> {
    const request: QueryRequest = { context: ctx, id, visibility: callerVisibility(spec, ctx) };
    return JSON.parse(await this.rpc.requestText(querySubject('ipam', spec.member, 'get'), request)) as T;
  }

  private async list<T>(spec: ResourceSpec, filters: Record<string, unknown[]>): Promise<T[]> {
    const ctx = L3_SERVICE_CONTEXT();
    const query: ListQuery = { filters, sort: [] };
    const parts: Uint8Array[] = [];
    await this.rpc.requestParts(querySubject('ipam', spec.member, 'list'), { context: ctx, query, visibility: callerVisibility(spec, ctx) } satisfies QueryRequest, (part) => parts.push(part));
    return parseListParts<T>(parts);
  }
}
