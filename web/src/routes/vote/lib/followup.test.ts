import { describe, expect, it } from 'vitest';
import { normalizePhone, phoneOk } from './followup';

describe('a phone number for a follow-up call', () => {
  it('is taken as the server takes it, with spaces, dashes and a plus', () => {
    for (const ok of ['13800001234', '138 0000 1234', '0513-8512 3456', '+86 138 0000 1234']) expect(phoneOk(ok), ok).toBe(true);
    for (const bad of ['', '12345', 'call me', '138o0001234', '+', `1${'2'.repeat(20)}`]) expect(phoneOk(bad), bad).toBe(false);
  });

  it('reads full-width digits typed with a Chinese keyboard', () => {
    expect(normalizePhone('　１３８ ０００ ０１２３４ ')).toBe('138 000 01234');
    expect(phoneOk('＋８６１３８００００１２３４')).toBe(true);
  });
});
