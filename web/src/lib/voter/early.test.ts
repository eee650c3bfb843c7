import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkCharacter } from '@minping/shared/codes';
import { memoryStore } from '../storage';
import { askEarly, questionnairePath, receiptKey, takeEarly } from './early';

const DATA = 'ABCD2345EFGH';
const CODE = DATA + checkCharacter(DATA);

function stubFetch() {
  const urls: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    urls.push(url);
    return new Response(JSON.stringify({ campaign: 'c' }), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  return urls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  takeEarly(questionnairePath(CODE)); // leave nothing for the next test
});

describe('the early questionnaire request of a voting link', () => {
  it('is sent once, for the code as the ballot page asks for it, and taken once', async () => {
    const urls = stubFetch();
    expect(askEarly(`/v/${CODE.slice(0, 4)}-${CODE.slice(4, 8).toLowerCase()}-${CODE.slice(8)}`, 1000)).toBe(true);
    expect(urls).toEqual([`/api/v1/vote/${CODE}`]);
    await expect(takeEarly(questionnairePath(CODE))).resolves.toEqual({ campaign: 'c' });
    expect(takeEarly(questionnairePath(CODE))).toBeNull();
  });

  it('is not sent for a code the page would refuse (nothing counts against the address), nor off a voting link', () => {
    const urls = stubFetch();
    const wrongCheck = DATA + (checkCharacter(DATA) === '2' ? '3' : '2');
    expect(askEarly(`/v/${wrongCheck}`, 1000)).toBe(false);
    expect(askEarly('/v/', 1000)).toBe(false);
    expect(askEarly('/admin/campaigns', 1000)).toBe(false);
    expect(askEarly(`/r/${CODE}`, 1000)).toBe(false);
    expect(urls).toEqual([]);
    expect(takeEarly(questionnairePath(wrongCheck))).toBeNull();
  });

  it('is not sent for a code this phone has voted with: the page shows the kept receipt and asks nothing', () => {
    const urls = stubFetch();
    const store = memoryStore();
    store.setItem(receiptKey(CODE), JSON.stringify({ receipt: 'R', submittedAt: 'now' }));
    vi.stubGlobal('localStorage', store);
    expect(askEarly(`/v/${CODE}`, 1000)).toBe(false);
    expect(urls).toEqual([]);
  });

  it('is left for another code: the page then asks for its own', () => {
    stubFetch();
    askEarly(`/v/${CODE}`, 1000);
    expect(takeEarly(questionnairePath('OTHER'))).toBeNull();
  });
});
