import { z } from 'zod';

/**
 * The standard attributes as they appear in a resource Neutron returns (and in the events that
 * carry it). The request side of the same attributes is `standardAttributes()` in resource.ts.
 */
export const standardFields = {
  id: z.string(),
  project_id: z.string(),
  tenant_id: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
  revision_number: z.number().int().min(1),
};
