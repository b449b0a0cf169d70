import { z } from 'zod';

/**
 * Value formats shared by the IPAM resources. They check the shape of what a client sends;
 * the IPAM domain normalises the values (canonical IPv6 text, lower-case MACs, network CIDRs).
 */
export const ipAddressString = z.union([z.ipv4(), z.ipv6()], { error: 'is not a valid IP address' });

/** A CIDR; host bits may be set (Neutron accepts 10.0.0.5/24 and stores 10.0.0.0/24). */
export const cidrString = z.union([z.cidrv4(), z.cidrv6()], { error: 'is not a valid IP subnet' });

export const ipOrCidrString = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
  error: 'is not a valid IP address or subnet',
});

/** Six octets separated by ':' or '-', any case; normalised to lower-case ':' form by the domain. */
export const macAddressString = z
  .string()
  .regex(/^[0-9a-f]{2}([:-])[0-9a-f]{2}(\1[0-9a-f]{2}){4}$/i, 'is not a valid MAC address');

/** Neutron converts "4"/"6" to integers before checking the value. */
export const ipVersionValue = z
  .union([z.literal(4), z.literal(6), z.enum(['4', '6']).transform((s) => Number(s) as 4 | 6)])
  .describe('4 or 6');
export type IpVersion = 4 | 6;

/** Neutron's convert_to_int: JSON integers or their decimal string. */
export const integerValue = z.union([z.number().int(), z.string().regex(/^-?\d+$/, 'is not an integer').transform(Number)]);

export const nonNegativeInteger = integerValue.pipe(z.number().int().min(0, 'must be a non-negative integer'));

/** Neutron turns a null list into an empty one for dns_nameservers, host_routes and the like. */
export const nullAsEmptyList = <T extends z.ZodType>(item: T) =>
  z.union([z.array(item), z.null().transform(() => [] as z.output<T>[])]);

export const ipv6Mode = z.enum(['slaac', 'dhcpv6-stateful', 'dhcpv6-stateless']);
export type Ipv6Mode = z.infer<typeof ipv6Mode>;
