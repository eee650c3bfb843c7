import { describe, expect, it } from 'vitest';
import { interpolate, type Params, type Translate } from '../../../lib/i18n/format';
import zhCN from '../i18n/zh-CN';
import en from '../i18n/en';
import { issuePlace, issueText } from './spec-issues';

const translator = (catalogue: Record<string, string>): Translate => (key: string, params?: Params) => (key in catalogue ? interpolate(catalogue[key], params) : undefined);
const zh = translator(zhCN);
const english = translator(en);

describe('a campaign file’s problems in words', () => {
  it('names the place in the reader’s language, item numbers counted from 1', () => {
    expect(issuePlace('units[1].key', zh)).toBe('单位 第2项 › 编码');
    expect(issuePlace('units[1].key', english)).toBe('Units #2 › Key');
    expect(issuePlace('questionnaires[0].units[3]', zh)).toBe('问卷 第1项 › 评议的单位 第4项');
    expect(issuePlace('rules.fraud.disabled[0]', zh)).toBe('规则 › 可疑答卷规则 › 停用的规则 第1项');
    expect(issuePlace('units[2].colour', zh)).toBe('单位 第3项 › “colour”');
    expect(issuePlace('(root)', zh)).toBe('整个文件');
  });

  it('says the problem from its code and parameters, not from the English message', () => {
    const duplicate = { path: 'units[1].key', code: 'DUPLICATE_KEY', params: { key: 'd1', first: 'units[0]' }, message: 'duplicate key "d1" (first at units[0])' };
    expect(issueText(duplicate, zh)).toBe('编码“d1”重复，与单位 第1项相同。同一列表中的编码不能重复。');
    expect(issueText(duplicate, english)).toBe('The key “d1” is used twice, first at Units #1. Keys must differ within a list.');
    expect(issueText({ path: 'groups[1].weight', code: 'NUMBER_NOT_ABOVE', params: { minimum: 0 }, message: 'must be more than 0' }, zh)).toBe('必须大于 0。');
    expect(issueText({ path: 'units[2].category', code: 'UNKNOWN_REFERENCE', params: { key: 'nope', list: 'categories' }, message: '' }, zh)).toBe('类别中没有编码为“nope”的一项。');
    expect(issueText({ path: 'questionnaires[1].groupWeights[2].group', code: 'UNKNOWN_REFERENCE', params: { key: 'media', list: 'groups' }, message: '' }, zh)).toBe('评议主体中没有编码为“media”的一项。');
    expect(issueText({ path: 'questionnaires[1].groupWeights[2].group', code: 'UNKNOWN_REFERENCE', params: { key: 'media', list: 'groups' }, message: '' }, english)).toBe('Respondent groups has no item with the key “media”.');
    expect(issuePlace('questionnaires[1].groupWeights[2].group', zh)).toBe('问卷 第2项 › 本问卷的评议主体及权重 第3项 › 评议主体');
    expect(issueText({ path: 'questionnaires[0].units', code: 'WRONG_TYPE', params: { expected: ['"all"', 'array'], received: 'string' }, message: '' }, zh)).toBe('应为"all" 或 列表 [ ]，现在是文字。');
    expect(issueText({ path: '(root)', code: 'JSON_INVALID', params: { line: 3, column: 5, found: '，' }, message: '' }, zh)).toContain('第 3 行第 5 列不是有效的 JSON：这里不应出现“，”');
  });

  it('says why a field of a campaign with ballots is locked, and the draft’s key problems', () => {
    expect(issueText({ path: 'components[0].weight', code: 'FIELD_LOCKED', params: { ballots: 12 }, message: '' }, zh)).toBe('该活动已有 12 份答卷，此项已锁定：只能修改名称和文字。');
    expect(issueText({ path: 'components[0].weight', code: 'FIELD_LOCKED', params: { ballots: 12 }, message: '' }, english)).toBe('The appraisal has 12 ballot(s): this is locked; only names and texts may change.');
    expect(issueText({ path: 'key', code: 'KEY_TAKEN', params: { key: 'nantong-2026' }, message: '' }, zh)).toContain('“nantong-2026”');
    expect(issueText({ path: 'key', code: 'KEY_FIXED', params: { key: 'nantong-2026' }, message: '' }, english)).toContain('“nantong-2026”');
  });

  it('falls back to the server’s message for a detail without a code it knows', () => {
    expect(issueText({ path: 'body.units[0].name', message: 'holds a NUL character' }, zh)).toBe('holds a NUL character');
    expect(issueText({ path: 'x', code: 'SOMETHING_NEW', params: {}, message: 'something new' }, zh)).toBe('something new');
  });
});
