import { Errors, type ExtraDhcpOpt } from '@muon/contracts';
import type { ExtraDhcpOptInput } from './port.commands.js';

/** Options dnsmasq accepts with an empty value: an empty router or route list means "none". */
const BLANK_ALLOWED = ['router', 'classless-static-route'];

function normaliseOpt(opt: ExtraDhcpOptInput): ExtraDhcpOpt {
  if (opt.opt_value === '' && !BLANK_ALLOWED.includes(opt.opt_name)) {
    throw Errors.invalidAttribute('extra_dhcp_opts', `'' is not a valid value for ${opt.opt_name}`);
  }
  return { opt_name: opt.opt_name, opt_value: opt.opt_value, ip_version: opt.ip_version ?? 4 };
}

const sameOpt = (a: ExtraDhcpOpt, b: ExtraDhcpOpt) => a.opt_name === b.opt_name && a.ip_version === b.ip_version;

/** Options given on create; one given without a value sets nothing. */
export function extraDhcpOptsOnCreate(opts: readonly ExtraDhcpOptInput[]): ExtraDhcpOpt[] {
  return mergeExtraDhcpOpts([], opts);
}

/**
 * Neutron merges an update into the current options by (opt_name, ip_version): a value
 * replaces the option, a null value removes it, options not named are kept.
 */
export function mergeExtraDhcpOpts(current: readonly ExtraDhcpOpt[], changes: readonly ExtraDhcpOptInput[]): ExtraDhcpOpt[] {
  let out = [...current];
  for (const change of changes.map(normaliseOpt)) {
    out = out.filter((o) => !sameOpt(o, change));
    if (change.opt_value !== null) out.push(change);
  }
  return out;
}
