import { Errors, resourcePath, type ResourceSpec } from '@muon/contracts';

/** Every resource the gateway serves under /v2.0, looked up by its URL segment (rbac-policies). */
export class ResourceRegistry {
  private readonly byCollection = new Map<string, ResourceSpec>();

  constructor(specs: ResourceSpec[]) {
    for (const spec of specs) this.byCollection.set(resourcePath(spec), spec);
  }

  get(collection: string): ResourceSpec {
    const spec = this.byCollection.get(collection.replace(/\.json$/, ''));
    if (!spec) throw Errors.resourceNotFound(`/v2.0/${collection}`);
    return spec;
  }

  all(): ResourceSpec[] {
    return [...this.byCollection.values()];
  }
}
