import { describe, expect, it } from '@jest/globals';
import { parseCidr } from '../cidr/cidr.js';
import { seededRandomBelow } from '../ranges/random-source.js';
import { eui64Address } from './eui64.js';
import { normaliseMac, validatePortMac } from './mac-address.js';
import { generateMac } from './mac-generation.js';

const errorOf = (f: () => unknown) => {
  try { f(); } catch (e) { return e as { status: number; type: string; message: string }; }
  throw new Error('expected an error');
};

describe('MAC addresses', () => {
  it('normalises a MAC to lower case with colons', () => {
    expect(normaliseMac('FA-16-3E-AB-CD-EF')).toBe('fa:16:3e:ab:cd:ef');
    expect(normaliseMac('fa:16:3e-ab:cd:ef')).toBeNull();
    expect(normaliseMac('fa:16:3e:ab:cd')).toBeNull();
  });

  it('refuses the all-zero, broadcast and multicast MACs for a port', () => {
    for (const bad of ['00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff', '01:00:5e:00:00:01', '33:33:00:00:00:01', 'nonsense']) {
      expect(errorOf(() => validatePortMac(bad))).toMatchObject({ status: 400, message: `Invalid input for mac_address. Reason: '${bad}' is not a valid MAC address.` });
    }
    expect(validatePortMac('FA:16:3E:00:00:01')).toBe('fa:16:3e:00:00:01');
  });

  it('generates fa:16:3e MACs with three random octets by default', () => {
    const random = seededRandomBelow(1);
    const macs = Array.from({ length: 20 }, () => generateMac(undefined, random));
    for (const mac of macs) expect(mac).toMatch(/^fa:16:3e:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/);
    expect(new Set(macs).size).toBeGreaterThan(15);
  });

  it('keeps a non-zero fourth octet of the base MAC, as Neutron does', () => {
    expect(generateMac('fa:16:3e:4f:00:00', seededRandomBelow(2))).toMatch(/^fa:16:3e:4f:[0-9a-f]{2}:[0-9a-f]{2}$/);
  });

  it('draws the random part from the injected source', () => {
    expect(generateMac(undefined, () => 0x0102ffn)).toBe('fa:16:3e:01:02:ff');
  });
});

describe('EUI-64', () => {
  it('derives the SLAAC address from the prefix and the MAC', () => {
    expect(eui64Address(parseCidr('2001:db8::/64')!, 'fa:16:3e:12:34:56')).toBe('2001:db8::f816:3eff:fe12:3456');
  });
});
