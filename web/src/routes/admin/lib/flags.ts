// Why a ballot was flagged, in words. The server names the fraud rules (spec
// FRAUD_RULES) and the voided-code case; an unknown name is shown as it is.
export const FLAG_KEYS: Record<string, string> = {
  device: 'admin.flag.device',
  burst: 'admin.flag.burst',
  'too-fast': 'admin.flag.too-fast',
  'straight-lining': 'admin.flag.straight-lining',
  'code-voided': 'admin.flag.code-voided',
};

export interface FlagLabel {
  flag: string;
  /** An i18n key, or null when the flag is new to this console. */
  key: string | null;
}

export function flagLabels(flags: readonly string[]): FlagLabel[] {
  return [...new Set(flags)].map((flag) => ({ flag, key: FLAG_KEYS[flag] ?? null }));
}

/** "12.5 s" style: answering time is what the too-fast rule looks at. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return s < 10 ? s.toFixed(1) : String(Math.round(s));
}

/** A flag group's id in parts (contracts/ballots FLAG_GROUP_PATTERN): the source's hash start is shown short, as a name. */
export function groupParts(id: string): { rule: string; source: string | null } {
  const m = /^(device|burst)-([0-9a-f]{12})/.exec(id);
  return m ? { rule: m[1], source: m[2].slice(0, 6) } : { rule: id, source: null };
}

export interface AnswerLine {
  unit: string;
  name: string;
  option: string;
  label: string;
  /** The option's points; null for "don't know" (and for an option the scale lacks). */
  points: number | null;
  problems: string[];
}

/**
 * A ballot's answers as lines in the questionnaire's order of units, each with
 * its option's label and the problems ticked for it (labels from the spec; a
 * key the spec lacks is shown as it is).
 */
export function answerLines(
  spec: { units: { key: string; name: string }[]; scales: { key: string; options: { key: string; label: string; points: number | null }[] }[]; questionnaires: { key: string; scale: string }[]; problems: { key: string; label: string }[] },
  questionnaire: string,
  answers: { ratings: Record<string, string>; problems: Record<string, string[]> },
): AnswerLine[] {
  const scaleKey = spec.questionnaires.find((q) => q.key === questionnaire)?.scale;
  const options = new Map((spec.scales.find((s) => s.key === scaleKey)?.options ?? []).map((o) => [o.key, o]));
  const problems = new Map(spec.problems.map((p) => [p.key, p.label]));
  const units = new Map(spec.units.map((u, i) => [u.key, { name: u.name, i }]));
  const keys = [...new Set([...Object.keys(answers.ratings), ...Object.keys(answers.problems)])];
  keys.sort((a, b) => (units.get(a)?.i ?? Infinity) - (units.get(b)?.i ?? Infinity));
  return keys.map((unit) => {
    const option = answers.ratings[unit] ?? '';
    const o = options.get(option);
    return {
      unit,
      name: units.get(unit)?.name ?? unit,
      option,
      label: o?.label ?? option,
      points: o?.points ?? null,
      problems: (answers.problems[unit] ?? []).map((p) => problems.get(p) ?? p),
    };
  });
}
