/** Who is asking, as the gateway established it; travels with every command and query. */
export interface RequestContext {
  userId: string | null;
  projectId: string | null;
  roles: string[];
  isAdmin: boolean;
  requestId: string;
}

/** A trusted service acting for no project (an agent, the DHCP scheduler): admin, over NATS only. */
export const serviceContext = (userId: string | null): RequestContext => ({
  userId, projectId: null, roles: ['admin', 'service'], isAdmin: true, requestId: `req-${crypto.randomUUID()}`,
});

