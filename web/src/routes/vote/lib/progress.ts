// "已评 12/40": how much of the rating matrix has an answer. 不了解 is an
// answer too (the voter looked at the unit and said so), so it counts.
import type { QuestionnaireView } from '@minping/shared/contracts/vote';

export type Ratings = Record<string, string>;

export function unitKeys(view: Pick<QuestionnaireView, 'categories'>): string[] {
  return view.categories.flatMap((c) => c.units.map((u) => u.key));
}

export function isValidRating(view: Pick<QuestionnaireView, 'scale'>, option: string | undefined): boolean {
  return option !== undefined && view.scale.some((o) => o.key === option);
}

export function progress(view: Pick<QuestionnaireView, 'categories' | 'scale'>, ratings: Ratings): { rated: number; total: number } {
  const units = unitKeys(view);
  const rated = units.filter((u) => isValidRating(view, ratings[u])).length;
  return { rated, total: units.length };
}

/** Where "go to the next unrated unit" should take the voter. */
export function firstUnrated(view: Pick<QuestionnaireView, 'categories' | 'scale'>, ratings: Ratings): string | null {
  return unitKeys(view).find((u) => !isValidRating(view, ratings[u])) ?? null;
}

/** A rating with points: the voter knows the unit, so may report its problems. 不了解 has none. */
export function knows(view: Pick<QuestionnaireView, 'scale'>, option: string | undefined): boolean {
  return view.scale.some((o) => o.key === option && o.points !== null);
}
