import { describe, expect, it } from 'vitest';
import { auditQuery, detailText } from './audit';

describe('the audit trail', () => {
  it('asks only for the filters that are set', () => {
    expect(auditQuery({})).toBe('');
    expect(auditQuery({ campaign: 'nantong-2026', action: '', before: null, limit: 50 })).toBe('?campaign=nantong-2026&limit=50');
    expect(auditQuery({ action: 'veto.set', before: 120 })).toBe('?action=veto.set&before=120');
  });
  it('shows a detail on one short line', () => {
    expect(detailText(null)).toBe('');
    expect(detailText({ from: 'open', to: 'closed' })).toBe('{"from":"open","to":"closed"}');
    expect(detailText({ reason: 'x'.repeat(300) }, 20)).toHaveLength(20);
  });
});
