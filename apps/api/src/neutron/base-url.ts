type Hdrs = Record<string, string | string[] | undefined>;

/** The URL clients used to reach us (links in responses must point back there). */
export function publicBaseUrl(req: { headers: Hdrs; protocol: string; host?: string; hostname: string }): string {
  const fromEnv = process.env.MUON_PUBLIC_URL;
  if (fromEnv) return fromEnv.replace(/\/$/, '');
  const host = (Array.isArray(req.headers.host) ? req.headers.host[0] : req.headers.host) ?? req.host ?? req.hostname;
  return `${req.protocol}://${host}`;
}
