// What an office usually picks: the rating scales and problem lists of the
// seeds (docs/spec.md; the Nantong notice, Fuling's 好/较好/一般/差, Ningbo's
// checklist), so a questionnaire is set up with a click and edited after.
import type { Problem, ScaleOption } from './types';
import { nextKey } from './keys';

export const SCALE_PRESETS = {
  satisfaction: [
    { key: 'satisfied', label: '满意', points: 100 },
    { key: 'basically', label: '基本满意', points: 80 },
    { key: 'dissatisfied', label: '不满意', points: 40 },
    { key: 'unknown', label: '不了解', points: null },
  ],
  'four-grade': [
    { key: 'good', label: '好', points: 100 },
    { key: 'fairly-good', label: '较好', points: 85 },
    { key: 'average', label: '一般', points: 70 },
    { key: 'poor', label: '差', points: 40 },
    { key: 'unknown', label: '不了解', points: null },
  ],
  'five-grade': [
    { key: 'excellent', label: '优秀', points: 100 },
    { key: 'good', label: '良好', points: 85 },
    { key: 'average', label: '一般', points: 70 },
    { key: 'poor', label: '较差', points: 55 },
    { key: 'bad', label: '差', points: 40 },
    { key: 'unknown', label: '不了解', points: null },
  ],
} as const satisfies Record<string, readonly ScaleOption[]>;
export type ScalePreset = keyof typeof SCALE_PRESETS;
export const SCALE_PRESET_KEYS = Object.keys(SCALE_PRESETS) as ScalePreset[];

/** A new scale from a preset (or a two-point custom one), under a key not yet taken. */
export function scaleFrom(preset: ScalePreset | 'custom', takenKeys: readonly string[]): { key: string; options: ScaleOption[] } {
  const key = takenKeys.includes(preset) ? nextKey(`${preset}-`, takenKeys, 1) : preset;
  if (preset === 'custom')
    return {
      key,
      options: [
        { key: 'yes', label: '是', points: 100 },
        { key: 'no', label: '否', points: 0 },
      ],
    };
  return { key, options: SCALE_PRESETS[preset].map((o) => ({ ...o })) };
}

/** The seeds' work-style problems (作风问题). */
export const PROBLEM_PRESETS: readonly Problem[] = [
  { key: 'attitude', label: '门难进、脸难看、事难办' },
  { key: 'shirking', label: '推诿扯皮、推拖绕' },
  { key: 'slow', label: '办事效率低、久拖不办' },
  { key: 'lazy', label: '庸懒散' },
  { key: 'graft', label: '吃拿卡要' },
  { key: 'opaque', label: '办事程序不公开、不透明' },
  { key: 'formalism', label: '形式主义、官僚主义' },
  { key: 'rules', label: '服务承诺不兑现' },
];

/** The presets the list does not have yet (by key or by the same words). */
export function missingPresets(problems: readonly Problem[]): Problem[] {
  return PROBLEM_PRESETS.filter((p) => !problems.some((q) => q.key === p.key || q.label === p.label));
}
