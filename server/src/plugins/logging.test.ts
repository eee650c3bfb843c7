import { describe, expect, it } from 'vitest';
import { redactText, redactUrl } from './logging.js';

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
