// Two published campaigns of one series, with enough ballots for every
// component, entered scores, a veto and an insufficient unit: what the
// results pages need to show everything they can show.
import { EXAMPLE_SPEC, ballotFor, drained, issueCodes, openCampaign, type Harness } from '../integration/harness.js';
import { UNITS } from '../fixtures/units.js';

const WEIGHTS: Record<string, { group: string; weight: number }[]> = {
  inquiry: [{ group: 'deputies', weight: 40 }, { group: 'citizens', weight: 60 }],
  survey: [{ group: 'citizens', weight: 50 }, { group: 'enterprises', weight: 30 }, { group: 'deputies', weight: 20 }],
};

function specFor(year: number) {
  const shift = (d: string) => `${year}${d.slice(4)}`;
  return {
    ...EXAMPLE_SPEC,
    key: `nantong-${year}`,
    name: `${year}年度“万人评机关”民主评议`,
    year,
    phases: EXAMPLE_SPEC.phases.map((p: { start: string; end: string }) => ({ ...p, start: shift(p.start), end: shift(p.end) })),
    // 2026 weighs its groups per questionnaire (docs/spec.md): deputies 40 against citizens' 60 in the
    // inquiry, 50/30/20 in the survey; the mid-year evaluation keeps the campaign's weights.
    questionnaires: EXAMPLE_SPEC.questionnaires.map((q: { key: string }) =>
      year === 2026 && WEIGHTS[q.key] ? { ...q, groupWeights: WEIGHTS[q.key] } : q,
    ),
    categories: EXAMPLE_SPEC.categories.map((c: { key: string }) => ({ ...c, top: c.key === 'divisions' ? 2 : 1, bottom: 1 })),
    // A handful of ballots per group, warnings of every colour, and no fraud rule tripping over the test's speed.
    rules: { ...EXAMPLE_SPEC.rules, minValidRatings: 6, warnings: { red: 85, yellow: 89 }, fraud: { ...EXAMPLE_SPEC.rules.fraud, disabled: ['device', 'burst', 'too-fast', 'straight-lining'] } },
  };
}

// How well each unit does: index into the scale's options (0 = best), per ballot i.
const SATISFACTION = ['satisfied', 'basically', 'dissatisfied', 'unknown'];
const FOUR = ['good', 'fairly-good', 'average', 'poor', 'unknown'];
const profile = (year: number, unit: number, i: number) => {
  // Divisions better than windows; 2026 a little better than 2025; the last window weak.
  const base = (unit % 4) + (year === 2025 ? 1 : 0);
  const v = (i * 7 + unit * 3) % 10;
  if (v === 9) return 'unknown';
  if (v < 6 - base) return 0;
  if (v < 8 - Math.floor(base / 2)) return 1;
  return unit === 7 || v === 8 ? 2 : 1;
};
const pick = (options: string[], year: number) => (unit: number, i: number) => {
  const p = profile(year, unit, i);
  return p === 'unknown' ? options[options.length - 1] : options[p];
};

let address = 0;
async function vote(h: Harness, key: string, questionnaire: string, group: string, n: number, choose: (unit: number, i: number) => string, skip: string[] = []) {
  const { codes } = await issueCodes(h, key, questionnaire, group, n);
  for (const [i, code] of codes.entries()) {
    const units = UNITS.filter((u) => !skip.includes(u));
    const ballot = ballotFor(units, (j) => choose(UNITS.indexOf(units[j]), i));
    const problems = questionnaire === 'survey' ? { 'w-yb': ['slow', 'attitude'].slice(0, 1 + (i % 2)), 'w-bdc': i % 3 === 0 ? ['shirking'] : [], 'd-rsj-sb': i % 4 === 0 ? ['opaque'] : [] } : undefined;
    const payload = problems ? { ...ballot, problems: Object.fromEntries(Object.entries(problems).filter(([, p]) => p.length)) } : ballot;
    const res = await h.inject({ method: 'POST', url: `/api/v1/vote/${code}`, payload, remoteAddress: `10.9.${(address >> 8) & 255}.${address++ & 255}` });
    if (res.statusCode !== 201) throw new Error(`vote failed: ${res.body}`);
  }
}

async function seedCampaign(h: Harness, year: number, opts: { veto?: boolean; republish?: boolean }) {
  const key = await openCampaign(h, specFor(year));
  for (const group of ['citizens', 'enterprises', 'deputies']) await vote(h, key, 'survey', group, group === 'deputies' ? 3 : 5, pick(SATISFACTION, year));
  // Nobody at the mid-year report knew the medical-insurance window well enough: too few ratings.
  await vote(h, key, 'midyear', 'deputies', 7, pick(FOUR, year), ['w-yb']);
  await vote(h, key, 'inquiry', 'deputies', 7, pick(SATISFACTION, year));
  const daily = UNITS.map((unit, i) => ({ unit, score: (year === 2025 ? 86 : 88) + ((i * 5) % 9) + 0.5 }));
  await h.admin({ method: 'PUT', url: `/api/v1/campaigns/${key}/scores/daily`, payload: { scores: daily } });
  if (opts.veto) await h.admin({ method: 'PUT', url: `/api/v1/campaigns/${key}/vetoes/d-zjj-sp`, payload: { reason: '发生严重违纪问题，被上级通报' } });
  await drained(h);
  await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/status`, payload: { status: 'closed' } });
  const published = await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/results/publish` });
  if (published.statusCode !== 201) throw new Error(`publish failed: ${published.body}`);
  if (opts.republish) await h.admin({ method: 'POST', url: `/api/v1/campaigns/${key}/results/publish` });
  return key;
}

/** Seeds nantong-2025 and nantong-2026 (series wanrenping); needs a running worker. */
export async function seedResults(h: Harness): Promise<{ previous: string; current: string }> {
  const previous = await seedCampaign(h, 2025, {});
  const current = await seedCampaign(h, 2026, { veto: true, republish: true });
  return { previous, current };
}
