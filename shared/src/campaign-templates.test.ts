import { describe, expect, it } from 'vitest';
import { CAMPAIGN_TEMPLATES } from './contracts/drafts.js';
import { campaignTemplate } from './campaign-templates.js';
import { campaignSpecSchema, parseCampaignSpec } from './spec.js';

describe('the templates a campaign starts from', () => {
  it.each(CAMPAIGN_TEMPLATES)('%s is a whole, valid file with no problem at all', (name) => {
    const spec = campaignTemplate(name, { year: 2027 });
    const parsed = parseCampaignSpec(spec);
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
    expect(spec.year).toBe(2027);
    expect(spec.key).toContain('2027');
    for (const p of spec.phases) expect([p.start.slice(0, 4), p.end.slice(0, 4)]).toEqual(['2027', '2027']);
  });

  it.each(CAMPAIGN_TEMPLATES)('%s is written in the file’s own field order: exported again, it is the same text', (name) => {
    const spec = campaignTemplate(name, { year: 2026 });
    const text = JSON.stringify(spec, null, 2);
    expect(JSON.stringify(campaignSpecSchema.parse(JSON.parse(text)), null, 2)).toBe(text);
  });

  it('gives a fresh object each time (editing one draft does not change the next)', () => {
    const a = campaignTemplate('blank', { year: 2026 });
    a.scales[0].options[0].label = 'changed';
    a.rules.warnings.red = 1;
    const b = campaignTemplate('blank', { year: 2026 });
    expect(b.scales[0].options[0].label).toBe('满意');
    expect(b.rules.warnings.red).toBe(70);
  });

  it('follows the offices’ documents', () => {
    const blank = campaignTemplate('blank', { year: 2026 });
    expect(blank.groups).toEqual([{ key: 'citizens', name: '群众', weight: 100 }]);
    expect(blank.scales[0].options.map((o) => o.label)).toEqual(['满意', '基本满意', '不满意', '不了解']);
    expect(blank.units).toHaveLength(1);
    expect(blank.components).toEqual([{ key: 'survey', name: '群众满意度测评', weight: 100, source: 'ballots', questionnaire: 'survey' }]);

    const nantong = campaignTemplate('nantong', { year: 2026 });
    expect(nantong.categories.map((c) => [c.name, c.top])).toEqual([['被评处室', 6], ['被评窗口', 10]]);
    expect(nantong.components.map((c) => [c.name, c.weight, c.source])).toEqual([
      ['日常考评', 30, 'entered'],
      ['年中汇报测评', 20, 'entered'],
      ['质询评议', 25, 'ballots'],
      ['社会调查', 25, 'ballots'],
    ]);
    expect(nantong.phases).toHaveLength(5);
    expect(nantong.phases[0].start).toBe('2026-04-01');
    expect(nantong.phases[4].end).toBe('2026-12-31');
    expect(nantong.groups.map((g) => g.key)).toEqual(['citizens', 'enterprises', 'deputies']);

    const fuling = campaignTemplate('fuling', { year: 2026 });
    expect(fuling.scales[0].options.map((o) => o.label)).toEqual(['好', '较好', '一般', '差', '不了解']);
    expect(fuling.categories.map((c) => [c.name, c.top, c.bottom])).toEqual([['重点单位', 8, 8], ['乡镇街道', 8, 8]]);

    const ningbo = campaignTemplate('ningbo', { year: 2026 });
    const labels = ningbo.problems.map((p) => p.label).join(' ');
    for (const p of ['门难进、脸难看、事难办', '推诿扯皮', '庸懒散', '吃拿卡要']) expect(labels).toContain(p);
    expect(ningbo.problems).toHaveLength(10);
    expect(ningbo.questionnaires[0].problems).toBe(true);
    expect(ningbo.rules.warnings).toEqual({ red: 70, yellow: 80 });
  });
});
