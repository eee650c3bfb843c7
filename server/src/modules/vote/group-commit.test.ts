import { describe, expect, it } from 'vitest';
import { groupCommit } from './group-commit.js';

describe('the group-commit loop', () => {
  it('gathers what arrives while a group is stored into the next, one group in flight', async () => {
    const stored: number[][] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const g = groupCommit<number>(
      async (group) => {
        stored.push(group);
        if (group[0] === 1) await held;
      },
      { maxGroup: 2, maxInFlight: 1 },
    );
    for (const i of [1, 2, 3, 4]) g.push(i);
    release();
    await g.drain();
    expect(stored).toEqual([[1], [2, 3], [4]]);
  });

  it('starts the next group before answering the one just stored, and drains only once every group is answered', async () => {
    const events: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const g = groupCommit<number>(
      async (group) => {
        events.push(`store ${group.join(',')}`);
        if (group[0] === 1) await held;
        return () => events.push(`answer ${group.join(',')}`);
      },
      { maxGroup: 10, maxInFlight: 1 },
    );
    for (const i of [1, 2, 3]) g.push(i);
    release();
    await g.drain();
    expect(events.indexOf('store 2,3')).toBeLessThan(events.indexOf('answer 1'));
    expect(events.sort()).toEqual(['answer 1', 'answer 2,3', 'store 1', 'store 2,3']);
  });

  it('answers a group at once when nothing waits behind it', async () => {
    const events: string[] = [];
    const g = groupCommit<number>(async (group) => () => events.push(`answer ${group.join(',')}`), { maxGroup: 10, maxInFlight: 1 });
    g.push(1);
    await Promise.resolve();
    await Promise.resolve();
    expect(events).toEqual(['answer 1']);
    await g.drain();
  });
});
