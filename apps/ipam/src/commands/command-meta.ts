import { neutronTimestamp } from '@muon/ipam-domain';

export { appendMetaOf } from '@muon/messaging';

/** One clock reading per command, in Neutron's timestamp format; deciders never read the clock. */
export const commandNow = (): string => neutronTimestamp(new Date());
