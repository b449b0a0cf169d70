/** Neutron writes timestamps as ISO 8601 UTC with whole seconds: 2024-05-01T12:00:00Z. */
export const neutronTimestamp = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;
