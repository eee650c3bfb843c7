// After a campaign's first ballot only names and texts may change (the
// server refuses the rest: import keeps the structure the ballots were cast
// on). The editor shows every other field locked, and says why.

const TEXT_FIELDS = new Set(['name', 'label', 'title', 'intro', 'theme']);

/** The field a path ends in: "units[3].name" → "name"; "units[3]" → null (an item, not a field). */
export function fieldOf(path: string): string | null {
  const m = /(?:^|\.)([A-Za-z]+)$/.exec(path);
  return m ? m[1] : null;
}

/** Whether the field at `path` can still be edited (always, unless the campaign is frozen). */
export function editableField(path: string, frozen: boolean): boolean {
  if (!frozen) return true;
  const field = fieldOf(path);
  return field !== null && TEXT_FIELDS.has(field);
}
