/** Who is asking, as the gateway established it; travels with every command and query. */
export interface RequestContext {
  userId: string | null;
  projectId: string | null;
  roles: string[];
  isAdmin: boolean;
  requestId: string;
}

export const canSeeAllProjects = (ctx: RequestContext): boolean => ctx.isAdmin;
