// Every code the server writes has words in both languages of the console,
// and the server prints the very sentences the console shows in Chinese.
import { describe, expect, it } from 'vitest';
import { TEXT_KEYS, wordText } from '@minping/shared/coded-text';
import { sharePercent, TEXT_CODES, type CodedText, type TextCode } from '@minping/shared/contracts/coded-text';
import { ZH, zhDescription } from '../../../../server/src/lib/coded-text.zh';
import zhCN from './i18n/zh-CN';
import en from './i18n/en';

const catalogues = { 'zh-CN': zhCN as Record<string, string>, en: en as Record<string, string> };
const words = (lang: keyof typeof catalogues) => (key: string) => catalogues[lang][key] ?? `<missing ${key}>`;

// One text of every code, with every case its sentence changes with.
const SAMPLES: Record<TextCode, CodedText[]> = {
  PROBLEM_SHARE: [{ code: 'PROBLEM_SHARE', params: { problem: 'buck-passing', problemLabel: '推诿扯皮', share: '3.03', count: 83 } }],
  INSPECTION_FINDING: [
    { code: 'INSPECTION_FINDING', params: { inspection: 4, visitedOn: '2026-10-12', kind: 'undercover', place: '3号窗口', finding: '工作人员玩手机。' } },
    { code: 'INSPECTION_FINDING', params: { inspection: 5, visitedOn: '2026-10-14', kind: 'phone', place: null, finding: '无人接听。' } },
    { code: 'INSPECTION_FINDING', params: { inspection: 6, visitedOn: '2026-10-15', kind: 'open', place: '大厅', finding: '引导标识不清。' } },
  ],
  FROM_PROBLEMS: [{ code: 'FROM_PROBLEMS', params: { threshold: '3' } }],
  FROM_INSPECTION: [{ code: 'FROM_INSPECTION', params: { inspection: 4 } }],
  DEADLINE_PASSED: [{ code: 'DEADLINE_PASSED', params: { day: '2026-11-02' } }],
  REMINDED: [
    { code: 'REMINDED', params: { kind: 'overdue' } },
    { code: 'REMINDED', params: { kind: 'due-soon' } },
  ],
  REMINDER_OVERDUE: [{ code: 'REMINDER_OVERDUE', params: { title: '办事指南未更新', deadline: '2026-11-01' } }],
  REMINDER_DUE_SOON: [{ code: 'REMINDER_DUE_SOON', params: { title: '办事指南未更新', deadline: '2026-11-05' } }],
};

describe('coded texts', () => {
  it.each(TEXT_CODES)('%s has words in zh-CN and en, and the server’s Chinese is the console’s', (code) => {
    for (const key of TEXT_KEYS[code]) {
      expect(zhCN, key).toHaveProperty([key]);
      expect(en, key).toHaveProperty([key]);
      expect(ZH[key], key).toBe((zhCN as Record<string, string>)[key]);
    }
  });

  it('has no text.* words that no code uses', () => {
    const known = new Set(Object.values(TEXT_KEYS).flat());
    for (const cat of [zhCN, en, ZH]) expect(Object.keys(cat).filter((k) => k.startsWith('text.') && !known.has(k))).toEqual([]);
  });

  it.each(TEXT_CODES)('%s fills every placeholder, in Chinese with no English and in English with no Chinese of its own', (code) => {
    expect(SAMPLES[code].length).toBeGreaterThan(0);
    for (const sample of SAMPLES[code]) {
      const zh = wordText(sample, words('zh-CN'));
      const eng = wordText(sample, words('en'));
      for (const s of [zh, eng]) expect(s).not.toMatch(/[{}]|<missing/);
      expect(zh).not.toMatch(/[A-Za-z]{3,}/);
      // Chinese in the English sentence comes only from the parameters (a label, a finding, a place).
      const own = Object.values(sample.params).filter((v) => typeof v === 'string').reduce<string>((s, v) => s.replaceAll(v as string, ''), eng);
      expect(own).not.toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('words the issue’s example in each language, and the server prints the Chinese', () => {
    const [text] = SAMPLES.PROBLEM_SHARE;
    expect(wordText(text, words('zh-CN'))).toBe('3.03% 的有效问卷（83 份）勾选了“推诿扯皮”。');
    expect(wordText(text, words('en'))).toBe('3.03% of valid ballots (83) ticked "推诿扯皮".');
    expect(zhDescription({ description: null, descriptionCode: text })).toBe('3.03% 的有效问卷（83 份）勾选了“推诿扯皮”。');
    // A description a person typed is printed as typed.
    expect(zhDescription({ description: 'threshold {share}', descriptionCode: null })).toBe('threshold {share}');
    expect(wordText(SAMPLES.INSPECTION_FINDING[0], words('zh-CN'))).toBe('2026-10-12 暗访（3号窗口）发现：工作人员玩手机。');
    expect(wordText(SAMPLES.INSPECTION_FINDING[1], words('en'))).toBe('Phone check on 2026-10-14 found: 无人接听。');
  });

  it('never reads a person’s words as placeholders', () => {
    const text: CodedText = { code: 'INSPECTION_FINDING', params: { inspection: 1, visitedOn: '2026-10-12', kind: 'open', place: '{finding}', finding: '{place} {count}' } };
    expect(wordText(text, words('zh-CN'))).toBe('2026-10-12 明查（{finding}）发现：{place} {count}');
  });

  it('gives a threshold as a percentage, exactly', () => {
    expect([0.03, 0.2, 0.125, 0.0114, 1, 0.01].map((s) => sharePercent(s))).toEqual(['3', '20', '12.5', '1.14', '100', '1']);
  });
});
