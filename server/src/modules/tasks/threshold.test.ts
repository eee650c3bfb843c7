import { expect, it } from 'vitest';
import { reachesThreshold } from './threshold.js';

it('compares a published share with the threshold exactly, ties included', () => {
  expect(1.14 / 100 < 0.0114).toBe(true); // why: the float comparison dropped this tie
  expect(reachesThreshold('1.14', 0.0114)).toBe(true);
  expect(reachesThreshold('20.00', 0.2)).toBe(true);
  expect(reachesThreshold('19.99', 0.2)).toBe(false);
  expect(reachesThreshold('3.03', 0.03)).toBe(true);
  expect(reachesThreshold('2.99', 0.03)).toBe(false);
});
