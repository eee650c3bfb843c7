import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { fastifyTrustProxy, parseTrustProxy } from './trust-proxy.js';

const trust = (v: string) => loadConfig({ TRUST_PROXY: v }).trustProxy;

describe('TRUST_PROXY', () => {
  it('is off by default and for false/0', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
  });

  it('takes a hop count or a list of addresses, CIDRs and named ranges', () => {
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.5, 172.16.0.0/12,::1, fd00::/8,loopback')).toEqual(['10.0.0.5', '172.16.0.0/12', '::1', 'fd00::/8', 'loopback']);
  });

  it('refuses "true", which believes the entry the client writes, with a message naming the fix', () => {
    expect(() => trust('true')).toThrow(/TRUST_PROXY: "true" would believe the left-most X-Forwarded-For entry.*number of proxies/);
  });

  it('refuses what is neither', () => {
    for (const bad of ['yes', '10.0.0.300', '10.0.0.0/33', '::1/129', 'nginx', '1.2.3.4/8/9', '11', ',']) {
      expect(() => trust(bad), bad).toThrow(/TRUST_PROXY/);
    }
    expect(parseTrustProxy('api')).toHaveProperty('error');
  });

  it('a hop count trusts exactly that many hops from the socket', () => {
    const fn = fastifyTrustProxy(1) as (addr: string, hop: number) => boolean;
    expect([0, 1, 2].map((hop) => fn('203.0.113.9', hop))).toEqual([true, false, false]);
    expect(fastifyTrustProxy(false)).toBe(false);
    expect(fastifyTrustProxy(['10.0.0.5'])).toEqual(['10.0.0.5']);
  });
});
