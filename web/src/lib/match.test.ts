import { describe, expect, it } from 'vitest';
import { matchPath, resolve } from './match';
import { ROUTES } from '../routes';

describe('routes', () => {
  it('sends voters to the vote area, with or without a code', () => {
    expect(resolve(ROUTES, '/')).toEqual({ area: 'vote', params: {} });
    expect(resolve(ROUTES, '/v')).toEqual({ area: 'vote', params: {} });
    expect(resolve(ROUTES, '/v/')).toEqual({ area: 'vote', params: {} });
    expect(resolve(ROUTES, '/v/ABCD-2345-EFGH6')).toEqual({ area: 'vote', params: { code: 'ABCD-2345-EFGH6' } });
  });

  it('sends receipts, console and results to their own areas', () => {
    expect(resolve(ROUTES, '/r/ABCD2345EFG')).toEqual({ area: 'receipt', params: { receipt: 'ABCD2345EFG' } });
    expect(resolve(ROUTES, '/r')).toEqual({ area: 'receipt', params: {} });
    expect(resolve(ROUTES, '/admin')).toEqual({ area: 'admin', params: { rest: '' } });
    expect(resolve(ROUTES, '/admin/campaigns/2025/units')).toEqual({ area: 'admin', params: { rest: 'campaigns/2025/units' } });
    expect(resolve(ROUTES, '/results/2025')).toEqual({ area: 'results', params: { rest: '2025' } });
    expect(resolve(ROUTES, '/unit')).toEqual({ area: 'unit', params: { rest: '' } });
    expect(resolve(ROUTES, '/unit/tasks/3')).toEqual({ area: 'unit', params: { rest: 'tasks/3' } });
    expect(resolve(ROUTES, '/inspect/visits')).toEqual({ area: 'inspect', params: { rest: 'visits' } });
  });

  it('matches nothing else', () => {
    expect(resolve(ROUTES, '/v/a/b').area).toBeNull();
    expect(resolve(ROUTES, '/vote').area).toBeNull();
    expect(resolve(ROUTES, '/administrator').area).toBeNull();
  });

  it('decodes segments and survives bad escapes', () => {
    expect(matchPath('/v/:code', '/v/AB%20CD')).toEqual({ code: 'AB CD' });
    expect(matchPath('/v/:code', '/v/%E0%A4%A')).toEqual({ code: '%E0%A4%A' });
  });
});
