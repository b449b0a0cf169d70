import { cryptoRandomBelow, type RandomBelow } from '../ranges/random-source.js';
import { macFromBigInt, macToBigInt, normaliseMac } from './mac-address.js';

/** Neutron's base_mac: OpenStack's fa:16:3e prefix. */
export const DEFAULT_BASE_MAC = 'fa:16:3e:00:00:00';

/**
 * A random MAC under a base like Neutron's base_mac: the first three octets are kept, and so is
 * the fourth when it is not 00; the rest is random. Uniqueness per network is the owner's
 * (a unique index on network_id + mac_address; on a violation it asks for another).
 */
export function generateMac(baseMac: string = DEFAULT_BASE_MAC, random: RandomBelow = cryptoRandomBelow): string {
  const base = normaliseMac(baseMac);
  if (!base) throw new Error(`base MAC ${baseMac} is not a MAC address`);
  const fixedOctets = base.split(':')[3] === '00' ? 3 : 4;
  const randomBits = BigInt(8 * (6 - fixedOctets));
  const prefix = (macToBigInt(base) >> randomBits) << randomBits;
  return macFromBigInt(prefix | random(1n << randomBits));
}
