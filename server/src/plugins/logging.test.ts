import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loggerOptions, redactText, redactUrl } from './logging.js';

const CODE = 'ABCD-2345-EFGH6';
const RECEIPT = 'K7MP3QRS9TW';

describe('redactUrl', () => {
  it('hides the code and receipt segments of the vote, receipt and page routes', () => {
    expect(redactUrl(`/api/v1/vote/${CODE}`)).toBe('/api/v1/vote/…');
    expect(redactUrl(`/v/${CODE}`)).toBe('/v/…');
    expect(redactUrl('/v/abcd2345efgh6')).toBe('/v/…');
    expect(redactUrl(`/r/${RECEIPT}`)).toBe('/r/…');
    expect(redactUrl(`/api/v1/receipts/${RECEIPT}`)).toBe('/api/v1/receipts/…');
    expect(redactUrl(`/api/v1/receipts/${RECEIPT}/followup`)).toBe('/api/v1/receipts/…/followup');
    expect(redactUrl(`/V/${CODE}?lang=en`)).toBe('/V/…?lang=en');
    expect(redactUrl('/v/%41BCD')).toBe('/v/…');
  });

  it('hides query values that are, or look like, codes and receipts', () => {
    expect(redactUrl(`/v?code=${CODE}`)).toBe('/v?code=…');
    expect(redactUrl('/v?c=anything')).toBe('/v?c=…');
    expect(redactUrl(`/x?q=${encodeURIComponent(CODE)}&format=csv`)).toBe('/x?q=…&format=csv');
    expect(redactUrl(`/x?q=${CODE.replace(/-/g, '+')}`)).toBe('/x?q=…');
    expect(redactUrl(`/x?${RECEIPT}`)).toBe('/x?…');
  });

  it('leaves the console\'s own paths readable', () => {
    for (const url of ['/api/v1/campaigns/nantong-2026/results?format=csv', '/api/v1/attachments/12', '/admin/campaigns', '/api/v1/audit?action=campaign.open']) {
      expect(redactUrl(url)).toBe(url);
    }
  });
});

describe('redactText', () => {
  it('hides codes and receipts quoted anywhere in a message or stack', () => {
    expect(redactText(`Reply was already sent, did you forget to "return reply" in the "/api/v1/vote/${CODE}" (POST) route?`)).not.toContain('ABCD');
    expect(redactText(`Route GET:/r/${RECEIPT} not found`)).toBe('Route GET:/r/… not found');
    expect(redactText(`bad code ${CODE.replace(/-/g, '')} and receipt ${RECEIPT}.`)).toBe('bad code … and receipt ….');
    expect(redactText('TypeError: Cannot read properties of undefined (reading "x")')).toBe('TypeError: Cannot read properties of undefined (reading "x")');
  });
});

describe('a Fastify app logging with loggerOptions', () => {
  it('redacts message strings and bare errors of request loggers, and drops the address', async () => {
    const lines: string[] = [];
    const app = Fastify({ logger: loggerOptions('trace', { write: (l) => void lines.push(l) }) });
    app.get('/v/:code', async (req) => {
      req.log.info(`opened ${req.url}`);
      req.log.warn(new Error(`no such code ${(req.params as { code: string }).code}`));
      return 'ok';
    });
    await app.inject({ method: 'GET', url: `/v/${CODE}?r=${RECEIPT}`, remoteAddress: '192.0.2.44' });
    await app.close();
    const log = lines.join('');
    expect(log).toContain('opened /v/…?r=…');
    expect(log).toContain('"msg":"no such code …"');
    for (const secret of ['ABCD', RECEIPT, '192.0.2.44', 'remoteAddress', 'remotePort']) expect(log).not.toContain(secret);
  });
});
