import { z } from 'zod';
import { nameString, neutronBoolean, standardAttributes, uuidString, type ResourceSpec } from '@muon/contracts';

/**
 * A made-up resource with one attribute of every kind listing cares about: strings, booleans,
 * integers (nullable), a list of strings, a list of objects filtered with key=value like a port's
 * fixed_ips, tags, an admin-only attribute and an invisible one.
 */
export const widgetSpec: ResourceSpec = {
  service: 'ipam',
  collection: 'widgets',
  member: 'widget',
  extensions: [],
  taggable: true,
  attributes: {
    ...standardAttributes(),
    name: { schema: nameString, allowPost: true, allowPut: true, default: '', isVisible: true },
    enabled: { schema: neutronBoolean, allowPost: true, allowPut: true, default: true, isVisible: true },
    shared: { schema: neutronBoolean, allowPost: true, allowPut: true, default: false, isVisible: true },
    size: { schema: z.number().int().nullable(), allowPost: true, allowPut: true, isVisible: true },
    colours: { schema: z.array(z.string()), allowPost: true, allowPut: true, default: [], isVisible: true },
    parts: {
      schema: z.array(z.object({ part_id: uuidString, serial: z.string() })),
      allowPost: true, allowPut: true, default: [], isVisible: true,
    },
    secret: { schema: z.string(), allowPost: true, allowPut: false, isVisible: true },
    internal: { schema: z.string(), allowPost: false, allowPut: false, isVisible: false },
  },
};

/** The same resource without the tag extension. */
export const untaggedWidgetSpec: ResourceSpec = { ...widgetSpec, taggable: false };
