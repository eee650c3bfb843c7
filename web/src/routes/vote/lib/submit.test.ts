import { describe, expect, it } from 'vitest';
import type { BallotAccepted } from '@minping/shared/contracts/vote';
import { ApiError } from '../../../lib/api';
import { newDraft } from './draft';
import { questionnaire } from './fixture';
import { MAX_ANSWERING_MS, Submitter, afterFailure, backoffMs, buildSubmission, retryDelay, type SubmitState } from './submit';

const view = questionnaire();
const network = () => new ApiError(0, 'NETWORK', 'Failed to fetch');
const server = (status: number, code: ApiError['code'], retryAfterMs?: number) => new ApiError(status, code, code, { retryAfterMs });

describe('the submitted body', () => {
  it('carries ratings, answering time since first load, and the device id', () => {
    const draft = { ...newDraft(10_000), ratings: { w1: 'good', d2: 'unknown' } };
    expect(buildSubmission(draft, view, 70_000, 'device12345')).toEqual({
      ratings: { w1: 'good', d2: 'unknown' },
      answeringMs: 60_000,
      deviceId: 'device12345',
    });
  });

  it('sends problems only for rated units and a trimmed comment only when there is one', () => {
    const draft = {
      ...newDraft(0),
      ratings: { w1: 'poor' },
      problems: { w1: ['lazy'], w2: ['evasive'] },
      comment: '  请缩短排队时间  ',
    };
    expect(buildSubmission(draft, view, 1)).toEqual({ ratings: { w1: 'poor' }, problems: { w1: ['lazy'] }, comment: '请缩短排队时间', answeringMs: 1 });
    expect(buildSubmission({ ...draft, problems: {}, comment: '   ' }, view, 1)).toEqual({ ratings: { w1: 'poor' }, answeringMs: 1 });
  });

  it('sends no problems for a unit rated 不了解: the voter said they do not know it', () => {
    const draft = { ...newDraft(0), ratings: { w1: 'unknown', w2: 'poor' }, problems: { w1: ['lazy'], w2: ['evasive'] } };
    expect(buildSubmission(draft, view, 1).problems).toEqual({ w2: ['evasive'] });
  });

  it('keeps answering time within what the contract accepts, even with a wrong clock', () => {
    expect(buildSubmission(newDraft(5000), view, 1000).answeringMs).toBe(0);
    expect(buildSubmission(newDraft(0), view, 30 * 24 * 3600 * 1000).answeringMs).toBe(MAX_ANSWERING_MS);
  });
});

describe('retry decisions', () => {
  it('backs off 2 s, 4 s, 8 s … to a minute, with jitter between half and all of it', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 12].map((n) => backoffMs(n, () => 0.999999))).toEqual([2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(backoffMs(1, () => 0)).toBe(1000);
  });

  it('waits at least as long as the server asks', () => {
    expect(retryDelay(server(429, 'RATE_LIMITED', 30_000), 1, () => 0)).toBe(30_000);
    expect(retryDelay(server(429, 'RATE_LIMITED', 3_600_000), 1, () => 0)).toBe(300_000);
    expect(retryDelay(server(503, 'SERVICE_UNAVAILABLE'), 2, () => 0)).toBe(2000);
  });

  it('retries what may pass later and stops on what will not', () => {
    const ctx = { uncertain: false, online: true };
    expect(afterFailure(network(), ctx)).toEqual({ next: 'retry', reason: 'network' });
    expect(afterFailure(network(), { ...ctx, online: false })).toEqual({ next: 'retry', reason: 'offline' });
    expect(afterFailure(new ApiError(0, 'TIMEOUT', 't'), ctx)).toEqual({ next: 'retry', reason: 'network' });
    expect(afterFailure(server(503, 'SERVICE_UNAVAILABLE'), ctx)).toEqual({ next: 'retry', reason: 'server' });
    expect(afterFailure(server(500, 'INTERNAL'), ctx)).toEqual({ next: 'retry', reason: 'server' });
    expect(afterFailure(server(429, 'RATE_LIMITED'), ctx)).toEqual({ next: 'retry', reason: 'busy' });
    for (const [status, code] of [
      [400, 'BALLOT_INVALID'],
      [400, 'VALIDATION_FAILED'],
      [404, 'CODE_UNKNOWN'],
      [410, 'CODE_VOIDED'],
      [403, 'CAMPAIGN_NOT_OPEN'],
      [409, 'CODE_ALREADY_USED'],
    ] as const) {
      expect(afterFailure(server(status, code), ctx), code).toEqual({ next: 'failed' });
    }
  });

  it('reads "code already used" right after a lost answer as probably our own ballot', () => {
    expect(afterFailure(server(409, 'CODE_ALREADY_USED'), { uncertain: true, online: true })).toEqual({ next: 'probablyAccepted' });
  });
});

/** A Submitter wired to a scripted server, fake timers and a fake network switch. */
function harness(script: (() => Promise<BallotAccepted>)[], opts: { online?: boolean; uncertain?: boolean } = {}) {
  const states: SubmitState[] = [];
  const timers: { cb: () => void; ms: number }[] = [];
  const onlineListeners = new Set<() => void>();
  let online = opts.online ?? true;
  let uncertainMarks = 0;
  let sent = 0;
  const submitter = new Submitter({
    send: () => {
      const step = script[sent++];
      if (!step) throw new Error('unexpected send');
      return step();
    },
    onChange: (s) => states.push(s),
    onUncertain: () => uncertainMarks++,
    uncertain: opts.uncertain,
    isOnline: () => online,
    onOnline: (cb) => {
      onlineListeners.add(cb);
      return () => onlineListeners.delete(cb);
    },
    setTimer: (cb, ms) => {
      const t = { cb, ms };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => timers.splice(timers.indexOf(h as (typeof timers)[number]), 1),
    now: () => 0,
    random: () => 0.999999,
  });
  const settle = () => new Promise((r) => setTimeout(r, 0));
  return {
    submitter,
    states,
    timers,
    get sent() {
      return sent;
    },
    get uncertainMarks() {
      return uncertainMarks;
    },
    goOnline: () => {
      online = true;
      for (const cb of onlineListeners) cb();
    },
    goOffline: () => (online = false),
    fireTimer: () => timers.shift()!.cb(),
    settle,
    last: () => states[states.length - 1],
    listeners: onlineListeners,
  };
}

const ok = (receipt = 'ABCD2345EFG') => () => Promise.resolve({ status: 'accepted' as const, receipt, submittedAt: '2025-05-01T06:00:00Z' });
const fail = (err: ApiError) => () => Promise.reject(err);

describe('submitting', () => {
  it('is accepted at the first try', async () => {
    const h = harness([ok()]);
    h.submitter.submit();
    expect(h.last()).toEqual({ phase: 'sending', attempt: 1 });
    await h.settle();
    expect(h.last()).toEqual({ phase: 'accepted', receipt: 'ABCD2345EFG', submittedAt: '2025-05-01T06:00:00Z' });
  });

  it('never sends twice while a request is out, nor after acceptance', async () => {
    const h = harness([ok()]);
    h.submitter.submit();
    h.submitter.submit();
    h.submitter.submit();
    await h.settle();
    h.submitter.submit();
    expect(h.sent).toBe(1);
  });

  it('retries after a network failure with backoff, and marks the attempt uncertain', async () => {
    const h = harness([fail(network()), fail(network()), ok()]);
    h.submitter.submit();
    await h.settle();
    expect(h.last()).toMatchObject({ phase: 'waiting', reason: 'network', attempt: 1, retryAt: 2000 });
    expect(h.uncertainMarks).toBe(1);
    h.fireTimer();
    await h.settle();
    expect(h.last()).toMatchObject({ phase: 'waiting', attempt: 2, retryAt: 4000 });
    expect(h.uncertainMarks).toBe(1);
    h.fireTimer();
    await h.settle();
    expect(h.last().phase).toBe('accepted');
    expect(h.sent).toBe(3);
  });

  it('waits for the network when offline, and goes as soon as it is back', async () => {
    const h = harness([ok()], { online: false });
    h.submitter.submit();
    expect(h.sent).toBe(0);
    expect(h.last()).toMatchObject({ phase: 'waiting', reason: 'offline' });
    h.goOnline();
    await h.settle();
    expect(h.sent).toBe(1);
    expect(h.last().phase).toBe('accepted');
    expect(h.timers).toHaveLength(0);
  });

  it('reads a 409 after a lost answer as probably accepted, and stops', async () => {
    const h = harness([fail(network()), fail(server(409, 'CODE_ALREADY_USED'))]);
    h.submitter.submit();
    await h.settle();
    h.goOnline();
    await h.settle();
    expect(h.last()).toEqual({ phase: 'probablyAccepted' });
    h.submitter.submit();
    expect(h.sent).toBe(2);
  });

  it('treats a 5xx as possibly stored too', async () => {
    const h = harness([fail(server(503, 'SERVICE_UNAVAILABLE')), fail(server(409, 'CODE_ALREADY_USED'))]);
    h.submitter.submit();
    await h.settle();
    expect(h.last()).toMatchObject({ phase: 'waiting', reason: 'server' });
    h.fireTimer();
    await h.settle();
    expect(h.last()).toEqual({ phase: 'probablyAccepted' });
  });

  it('remembers an unanswered submit from before a reload', async () => {
    const h = harness([fail(server(409, 'CODE_ALREADY_USED'))], { uncertain: true });
    h.submitter.submit();
    await h.settle();
    expect(h.last()).toEqual({ phase: 'probablyAccepted' });
  });

  it('reports a 409 without an earlier lost answer as the code being used', async () => {
    const h = harness([fail(server(409, 'CODE_ALREADY_USED'))]);
    h.submitter.submit();
    await h.settle();
    expect(h.last()).toMatchObject({ phase: 'failed', error: { code: 'CODE_ALREADY_USED' } });
  });

  it('lets the voter fix an invalid ballot and submit again', async () => {
    const h = harness([fail(server(400, 'BALLOT_INVALID')), ok()]);
    h.submitter.submit();
    await h.settle();
    expect(h.last()).toMatchObject({ phase: 'failed', error: { code: 'BALLOT_INVALID' } });
    expect(h.timers).toHaveLength(0);
    h.submitter.submit();
    await h.settle();
    expect(h.last().phase).toBe('accepted');
  });

  it('"try again now" replaces the pending timer rather than adding one', async () => {
    const h = harness([fail(network()), ok()]);
    h.submitter.submit();
    await h.settle();
    expect(h.timers).toHaveLength(1);
    h.submitter.submit();
    expect(h.timers).toHaveLength(0);
    await h.settle();
    expect(h.last().phase).toBe('accepted');
  });

  it('stops listening when the page goes away', () => {
    const h = harness([]);
    expect(h.listeners.size).toBe(1);
    h.submitter.dispose();
    expect(h.listeners.size).toBe(0);
  });
});
