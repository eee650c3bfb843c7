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
