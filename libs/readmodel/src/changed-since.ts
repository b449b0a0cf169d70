import { Errors } from '@muon/contracts';

/**
 * standard-attr-timestamp's `changed_since`: only rows whose updated_at is at or after a time. As in
 * Neutron, where the timestamp plugin takes it out of the filters, it travels in ListQuery.filters
 * under its own name, for resources that have an updated_at attribute.
 */
export const CHANGED_SINCE = 'changed_since';

const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?$/i;

/** Neutron's parse_isotime: ISO 8601, a time without a zone being UTC; returned in UTC. */
export function parseChangedSince(text: string): string {
  const m = ISO_TIME.exec(text.trim());
  const time = m ? new Date(`${m[1]}T${m[2]}${zone(m[3])}`) : null;
  if (!time || Number.isNaN(time.getTime())) {
    throw Errors.invalidInput(`The input ${CHANGED_SINCE} must be in the following format: YYYY-MM-DDTHH:MM:SSZ`);
  }
  return time.toISOString();
}

function zone(text: string | undefined): string {
  if (!text || text.toUpperCase() === 'Z') return 'Z';
  return text.includes(':') ? text : `${text.slice(0, 3)}:${text.slice(3)}`;
}
