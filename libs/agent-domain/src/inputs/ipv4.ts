/** Just enough IPv4 arithmetic for dnsmasq ranges and leg addresses. */
export interface Ipv4Cidr {
  network: string;
  prefixLength: number;
  netmask: string;
}

const toInt = (ip: string): number => ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
const toIp = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

export function isIpv4(ip: string): boolean {
  const parts = ip.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export function parseIpv4Cidr(cidr: string): Ipv4Cidr {
  const [ip, len] = cidr.split('/');
  const prefixLength = Number(len);
  if (!ip || !isIpv4(ip) || !Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const size = 2 ** (32 - prefixLength);
  return { network: toIp(toInt(ip) - (toInt(ip) % size)), prefixLength, netmask: toIp(2 ** 32 - size) };
}

/** Number of addresses in the block. */
export const ipv4BlockSize = (cidr: string): number => 2 ** (32 - parseIpv4Cidr(cidr).prefixLength);

/** True when the address lies in the block. */
export function ipv4InCidr(ip: string, cidr: string): boolean {
  if (!isIpv4(ip)) return false;
  const block = parseIpv4Cidr(cidr);
  return parseIpv4Cidr(`${ip}/${block.prefixLength}`).network === block.network;
}

/** `network/prefix` with the host bits cleared; a bare address is a /32. Undefined when it is not IPv4. */
export function canonicalIpv4Cidr(text: string): string | undefined {
  try {
    const block = parseIpv4Cidr(text.includes('/') ? text : `${text}/32`);
    return `${block.network}/${block.prefixLength}`;
  } catch {
    return undefined;
  }
}
