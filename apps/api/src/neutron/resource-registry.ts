import { Errors, type ResourceSpec } from '@muon/contracts';

/** Every resource the gateway serves under /v2.0, looked up by URL collection. */
export class ResourceRegistry {
  private readonly byCollection = new Map<string, ResourceSpec>();

  constructor(specs: ResourceSpec[]) {
    for (const spec of specs) this.byCollection.set(spec.collection, spec);
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
