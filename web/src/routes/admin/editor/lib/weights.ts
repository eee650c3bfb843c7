// The score components' weights, added up as the office types: the file is
// valid only when they make 100 (spec-checks WEIGHTS_NOT_100).

/** The sum of the weights that are numbers, rounded to hide floating-point dust (33.3 + 33.3 + 33.4). */
export function weightSum(items: readonly { weight?: unknown }[]): number {
  const sum = items.reduce((s, c) => s + (typeof c.weight === 'number' && Number.isFinite(c.weight) ? c.weight : 0), 0);
  return Math.round(sum * 1e6) / 1e6;
}

export type SumState = 'ok' | 'under' | 'over';

export function sumState(sum: number, target = 100): SumState {
  return sum === target ? 'ok' : sum < target ? 'under' : 'over';
}
