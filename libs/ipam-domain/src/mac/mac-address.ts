import { Errors } from '@muon/contracts';

const MAC_PATTERN = /^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i;

/** 'FA-16-3E-00-00-01' → 'fa:16:3e:00:00:01', the form Neutron shows; null when not a MAC. */
export function normaliseMac(text: string): string | null {
  if (typeof text !== 'string' || !MAC_PATTERN.test(text)) return null;
  return text.toLowerCase().replace(/-/g, ':');
}

export const macToBigInt = (mac: string): bigint => BigInt(`0x${mac.replace(/[:-]/g, '')}`);

export const macFromBigInt = (value: bigint): string =>
  value.toString(16).padStart(12, '0').match(/../g)!.join(':');

/** The I/G bit of the first octet: set for multicast (and broadcast) destinations. */
export const isMulticastMac = (mac: string): boolean => (parseInt(mac.slice(0, 2), 16) & 1) === 1;

/**
 * A MAC a port may carry: Neutron refuses all-zero and broadcast; we also refuse multicast
 * (group) addresses, which no NIC can use as its source address and OVS would flood.
 */
export function validatePortMac(text: string, attribute = 'mac_address'): string {
  const mac = normaliseMac(text);
  if (!mac || mac === '00:00:00:00:00:00' || isMulticastMac(mac)) {
    throw Errors.invalidAttribute(attribute, `'${text}' is not a valid MAC address`);
  }
  return mac;
}
