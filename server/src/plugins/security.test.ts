import { describe, expect, it } from 'vitest';
import type { FastifyRequest } from 'fastify';
import { sameOrigin } from './security.js';
import { loadConfig } from '../config.js';

const req = (headers: Record<string, string>, host = 'console.internal:3000') => ({ headers, host }) as unknown as FastifyRequest;
const PUBLIC = 'vote.example.gov.cn';

describe('sameOrigin', () => {
  it('accepts the public address and the Host the request reached, whatever the scheme', () => {
    expect(sameOrigin(req({ origin: 'https://vote.example.gov.cn', 'sec-fetch-site': 'same-origin' }), PUBLIC)).toBe(true);
    expect(sameOrigin(req({ origin: 'http://console.internal:3000' }), PUBLIC)).toBe(true);
  });

  it('accepts clients that are not browsers, and typed-in navigations', () => {
    expect(sameOrigin(req({}), PUBLIC)).toBe(true);
    expect(sameOrigin(req({ 'sec-fetch-site': 'none' }), PUBLIC)).toBe(true);
  });

  it('refuses other origins, other ports, sibling subdomains, opaque origins and cross-site fetches', () => {
    for (const origin of ['https://evil.example', 'https://vote.example.gov.cn:8443', 'https://a.vote.example.gov.cn', 'null', 'garbage', 'file://']) {
      expect(sameOrigin(req({ origin }), PUBLIC), origin).toBe(false);
    }
    expect(sameOrigin(req({ 'sec-fetch-site': 'cross-site' }), PUBLIC)).toBe(false);
    expect(sameOrigin(req({ 'sec-fetch-site': 'same-site' }), PUBLIC)).toBe(false);
    expect(sameOrigin(req({ origin: 'https://vote.example.gov.cn', 'sec-fetch-site': 'cross-site' }), PUBLIC)).toBe(false);
  });
});

describe('MIGRATION_DATABASE_URL', () => {
  it('is the owner beside DATABASE_URL, and meaningless without it', () => {
    const both = loadConfig({ DATABASE_URL: 'postgres://app@db/minping', MIGRATION_DATABASE_URL: 'postgres://owner@db/minping' });
    expect(both).toMatchObject({ databaseUrl: 'postgres://app@db/minping', migrationDatabaseUrl: 'postgres://owner@db/minping' });
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db/minping' }).migrationDatabaseUrl).toBeUndefined();
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://owner@db/minping' })).toThrow(/MIGRATION_DATABASE_URL/);
  });
});
