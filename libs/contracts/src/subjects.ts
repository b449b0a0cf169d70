/** NATS subject naming (DESIGN.md §2). One place, so every app and test agrees. */
export type ServiceName = 'api' | 'ipam' | 'l3' | 'lbaas' | 'firewall' | 'agent';

export const EVENT_STREAM = 'MUON_EVENTS';
export const EVENT_SUBJECT_ROOT = 'muon.evt';

export const commandSubject = (service: ServiceName, resource: string, verb: string): string =>
  `muon.cmd.${service}.${resource}.${verb}`;
export const querySubject = (service: ServiceName, resource: string, verb: string): string =>
  `muon.qry.${service}.${resource}.${verb}`;
/** 'ipam.port.created' → 'muon.evt.ipam.port.created' */
export const eventSubject = (eventType: string): string => `${EVENT_SUBJECT_ROOT}.${eventType}`;
export const serviceCommandWildcard = (service: ServiceName): string => `muon.cmd.${service}.>`;
export const serviceQueryWildcard = (service: ServiceName): string => `muon.qry.${service}.>`;
export const healthSubject = (service: ServiceName): string => `muon.health.${service}`;
