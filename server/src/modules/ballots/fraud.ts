// The fraud rules of the spec, as a pure decision over what the database
// counted for one ballot. Each rule can be switched off per campaign.
import type { CampaignSpec, FraudRule } from '@minping/shared/spec';

export const DEFAULT_STRAIGHT_LINING_MIN_UNITS = 10;

export interface FraudFacts {
  /** Earlier ballots of this campaign from the same device (counted up to factLimits().device). */
  deviceBefore: number;
  hasDevice: boolean;
  /** Earlier ballots from the same address within the minute up to this one (counted up to factLimits().address). */
  addressRecent: number;
  answeringMs: number;
  ratings: Record<string, string>;
}

/**
 * How far the database needs to count earlier ballots for each rule: a count
 * that reaches the threshold already decides it, and a rule switched off needs
 * none. Without the cap, one busy address (an office behind one NAT) made each
 * ballot count every ballot of its last minute: quadratic work in the worker.
 */
export function factLimits(spec: CampaignSpec): { device: number; address: number } {
  const rules = spec.rules.fraud;
  const off = new Set(rules.disabled ?? []);
  return { device: off.has('device') ? 0 : rules.maxBallotsPerDevice, address: off.has('burst') ? 0 : rules.maxBallotsPerAddressPerMinute };
}

export function fraudFlags(spec: CampaignSpec, questionnaireKey: string, facts: FraudFacts): FraudRule[] {
  const rules = spec.rules.fraud;
  const off = new Set(rules.disabled ?? []);
  const flags: FraudRule[] = [];
  if (!off.has('device') && facts.hasDevice && facts.deviceBefore >= rules.maxBallotsPerDevice) flags.push('device');
  if (!off.has('burst') && facts.addressRecent >= rules.maxBallotsPerAddressPerMinute) flags.push('burst');
  if (!off.has('too-fast') && facts.answeringMs < rules.minSecondsPerBallot * 1000) flags.push('too-fast');
  if (!off.has('straight-lining') && isStraightLined(spec, questionnaireKey, facts.ratings)) flags.push('straight-lining');
  return flags;
}

/** Every unit rated with one and the same option (不了解 is an honest answer, not a line). */
function isStraightLined(spec: CampaignSpec, questionnaireKey: string, ratings: Record<string, string>): boolean {
  const q = spec.questionnaires.find((x) => x.key === questionnaireKey);
  const scale = spec.scales.find((s) => s.key === q?.scale);
  if (!scale) return false;
  const unknown = new Set(scale.options.filter((o) => o.points === null).map((o) => o.key));
  const answers = Object.values(ratings).filter((o) => !unknown.has(o));
  const min = spec.rules.fraud.straightLiningMinUnits ?? DEFAULT_STRAIGHT_LINING_MIN_UNITS;
  return answers.length >= min && answers.every((o) => o === answers[0]);
}

/**
 * A flag group, read back from its id (FLAG_GROUP_PATTERN): the rule, and for
 * the rules about a source, the start of the source's keyed hash and, for a
 * burst, the UTC minute [from, from + 60 s) its ballots were accepted in.
 */
export type FlagGroup = { rule: 'device'; hashPrefix: string } | { rule: 'burst'; hashPrefix: string; from: Date } | { rule: string };

/** Hex digits of a device's or address's keyed hash in a group id: 48 bits, so two sources of one campaign share a group by chance about never. */
export const GROUP_HASH_HEX = 12;

export function parseFlagGroup(id: string): FlagGroup {
  const device = /^device-([0-9a-f]{12})$/.exec(id);
  if (device) return { rule: 'device', hashPrefix: device[1] };
  const burst = /^burst-([0-9a-f]{12})-(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(id);
  if (!burst) return { rule: id };
  const [y, mo, d, hh, mi] = burst.slice(2).map(Number);
  return { rule: 'burst', hashPrefix: burst[1], from: new Date(Date.UTC(y, mo - 1, d, hh, mi)) };
}
