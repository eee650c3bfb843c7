import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../lib/storage';
import { clearDraft, fitDraft, loadDraft, loadReceipt, newDraft, saveDraft, saveReceipt } from './draft';
import { questionnaire } from './fixture';

const CODE = 'ABCD2345EFGH6';

describe('saved answers', () => {
  it('are restored after a reload, start time included', () => {
    const store = memoryStore();
    const draft = { ...newDraft(1000), ratings: { w1: 'good' }, problems: { w1: ['lazy'] }, comment: '窗口排队太久' };
    saveDraft(CODE, draft, store);
    expect(loadDraft(CODE, store)).toEqual(draft);
    expect(loadDraft('OTHERCODE2345', store)).toBeNull();
  });

  it('are forgotten once cleared', () => {
    const store = memoryStore();
    saveDraft(CODE, newDraft(1), store);
    clearDraft(CODE, store);
    expect(loadDraft(CODE, store)).toBeNull();
  });

  it('survive a damaged or foreign entry by starting afresh', () => {
    const store = memoryStore();
    store.setItem(`minping.vote.${CODE}`, '{"v":1,"startedAt":5,"ratings":"oops","problems":[1]}');
    expect(loadDraft(CODE, store)).toEqual({ v: 1, startedAt: 5, ratings: {}, problems: {}, comment: '' });
    store.setItem(`minping.vote.${CODE}`, '{"v":99}');
    expect(loadDraft(CODE, store)).toBeNull();
    store.setItem(`minping.vote.${CODE}`, 'garbage');
    expect(loadDraft(CODE, store)).toBeNull();
  });

  it('keep the "submit went unanswered" mark, the submission id and the cached form', () => {
    const store = memoryStore();
    const view = questionnaire();
    saveDraft(CODE, { ...newDraft(1), uncertainSince: 99, submissionId: 'abc', view }, store);
    expect(loadDraft(CODE, store)).toMatchObject({ uncertainSince: 99, submissionId: 'abc', view });
  });
});

describe('fitting saved answers to the form', () => {
  it('drops units, options and problems the form no longer has', () => {
    const draft = {
      ...newDraft(1),
      ratings: { w1: 'good', gone: 'good', w2: 'excellent' },
      problems: { w1: ['lazy', 'lazy', 'bribes'], gone: ['lazy'], d1: ['nope'] },
      comment: 'x'.repeat(30),
    };
    const fitted = fitDraft(draft, questionnaire());
    expect(fitted.ratings).toEqual({ w1: 'good' });
    expect(fitted.problems).toEqual({ w1: ['lazy'] });
    expect(fitted.comment).toHaveLength(20);
    expect(fitted.startedAt).toBe(1);
  });

  it('drops problems and comment when the questionnaire has none', () => {
    const draft = { ...newDraft(1), ratings: { w1: 'good' }, problems: { w1: ['lazy'] }, comment: 'hi' };
    const fitted = fitDraft(draft, questionnaire({ problems: false, comment: false }));
    expect(fitted).toMatchObject({ ratings: { w1: 'good' }, problems: {}, comment: '' });
  });
});

describe('receipts kept on the phone', () => {
  it('are found again for the same code', () => {
    const store = memoryStore();
    saveReceipt(CODE, { receipt: 'ABCD2345EFG', submittedAt: '2025-05-01T06:00:00Z' }, store);
    expect(loadReceipt(CODE, store)).toEqual({ receipt: 'ABCD2345EFG', submittedAt: '2025-05-01T06:00:00Z' });
    expect(loadReceipt('OTHER', store)).toBeNull();
  });
});
