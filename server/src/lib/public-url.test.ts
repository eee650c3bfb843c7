import { describe, expect, it } from 'vitest';
import { lanAddress, publicUrlFor } from './public-url.js';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({ address, family, internal, netmask: '', mac: '', cidr: null }) as never;
const interfaces = { lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)], docker0: [nic('169.254.3.1', 'IPv4')], wlan0: [nic('fe80::1', 'IPv6'), nic('192.168.1.23', 'IPv4')] };

describe('the address in vote links and QR codes', () => {
  it('is PUBLIC_URL when given, whatever HOST is', () => {
    expect(publicUrlFor({ publicUrl: 'https://vote.example.gov.cn/', host: '127.0.0.1', port: 3000 }, interfaces)).toEqual({ url: 'https://vote.example.gov.cn', reachable: true, source: 'PUBLIC_URL' });
  });
  it('is the LAN address when listening on every interface', () => {
    expect(lanAddress(interfaces)).toBe('192.168.1.23');
    expect(publicUrlFor({ host: '0.0.0.0', port: 3000 }, interfaces)).toEqual({ url: 'http://192.168.1.23:3000', reachable: true, source: 'lan' });
    expect(publicUrlFor({ host: '::', port: 8080 }, interfaces).url).toBe('http://192.168.1.23:8080');
  });
  it('is localhost, said to be unreachable from phones, on the loopback (the default) or with no network', () => {
    expect(publicUrlFor({ host: '127.0.0.1', port: 3000 }, interfaces)).toEqual({ url: 'http://localhost:3000', reachable: false, source: 'loopback' });
    expect(publicUrlFor({ host: '0.0.0.0', port: 3000 }, { lo: interfaces.lo })).toEqual({ url: 'http://localhost:3000', reachable: false, source: 'loopback' });
  });
  it('is the one address HOST names', () => {
    expect(publicUrlFor({ host: '192.168.1.23', port: 3000 }, interfaces).url).toBe('http://192.168.1.23:3000');
    expect(publicUrlFor({ host: 'fd00::5', port: 3000 }, interfaces).url).toBe('http://[fd00::5]:3000');
  });
});
