import { describe, expect, it } from 'vitest';
import { reportHref, shareWidth, taskHref, unitRoute } from './route';

describe('the liaison’s paths', () => {
  it('name its home, a unit’s report, a task and its password', () => {
    expect(unitRoute('')).toEqual({ page: 'home' });
    expect(unitRoute(undefined)).toEqual({ page: 'home' });
    expect(unitRoute('password')).toEqual({ page: 'password' });
    expect(unitRoute('tasks/42')).toEqual({ page: 'task', id: 42 });
    expect(unitRoute('nantong-2026/w-bdc')).toEqual({ page: 'report', campaign: 'nantong-2026', unit: 'w-bdc' });
    for (const bad of ['tasks/0', 'tasks/x', 'tasks', 'a/b/c', 'Bad/Key']) expect(unitRoute(bad), bad).toEqual({ page: 'notFound' });
    expect(reportHref('nantong-2026', 'w-bdc')).toBe('/unit/nantong-2026/w-bdc');
    expect(taskHref(7)).toBe('/unit/tasks/7');
  });

  it('draw a problem’s share as a bar no wider than the whole', () => {
    expect(shareWidth('75.00')).toBe(75);
    expect(shareWidth(null)).toBe(0);
    expect(shareWidth('120')).toBe(100);
  });
});
