// Where vote links and QR codes point when PUBLIC_URL is not set: an address
// the phones that scan them can reach. Listening on every interface
// (HOST=0.0.0.0 or ::), that is this machine's address on the local network;
// on one address, that address; on the loopback only, localhost, which only
// this machine reaches (the banner says how to let phones in).
import os from 'node:os';

type Interfaces = ReturnType<typeof os.networkInterfaces>;

const ANY = new Set(['0.0.0.0', '::', '[::]']);
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/i;

/** The first IPv4 address that is not internal (loopback) nor link-local (169.254/16, no DHCP answer). */
export function lanAddress(interfaces: Interfaces = os.networkInterfaces()): string | null {
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4' && !a.internal && !a.address.startsWith('169.254.')) return a.address;
    }
  }
  return null;
}

export interface PublicUrl {
  url: string;
  /** Whether a phone on the same network can reach it (as far as this machine can tell). */
  reachable: boolean;
  /** Where the address came from, for the banner. */
  source: 'PUBLIC_URL' | 'lan' | 'host' | 'loopback';
}

export function publicUrlFor(env: { publicUrl?: string; host: string; port: number }, interfaces?: Interfaces): PublicUrl {
  if (env.publicUrl) return { url: env.publicUrl.replace(/\/+$/, ''), reachable: true, source: 'PUBLIC_URL' };
  const at = (host: string) => `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${env.port}`;
  if (ANY.has(env.host)) {
    const lan = lanAddress(interfaces);
    return lan ? { url: at(lan), reachable: true, source: 'lan' } : { url: at('localhost'), reachable: false, source: 'loopback' };
  }
  if (LOOPBACK.test(env.host)) return { url: at('localhost'), reachable: false, source: 'loopback' };
  return { url: at(env.host), reachable: true, source: 'host' };
}
