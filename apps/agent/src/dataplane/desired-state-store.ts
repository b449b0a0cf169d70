import type { HostInputs } from '@muon/agent-domain';

/**
 * The desired state of this host as last received from the control plane (snapshot + events,
 * next session). The reconcile loop reads it; a new value is a hint to reconcile.
 */
export class DesiredStateStore {
  private inputs: HostInputs | undefined;
  private readonly listeners = new Set<() => void>();

  get(): HostInputs | undefined {
    return this.inputs;
  }

  set(inputs: HostInputs): void {
    this.inputs = inputs;
    for (const l of this.listeners) l();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
