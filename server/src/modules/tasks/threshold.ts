// Whether a problem's published share reaches the threshold for a task, exactly:
// "1.14" (%) against 0.0114 is a tie, which 1.14 / 100 < 0.0114 in floating
// point gets wrong (1.14 / 100 is 0.011399999…).
import { Fraction } from '@minping/shared/scoring';

const HUNDRED = Fraction.of(100);

export const reachesThreshold = (sharePercent: string, threshold: number) => Fraction.fromDecimalString(sharePercent).compare(Fraction.fromNumber(threshold).mul(HUNDRED)) >= 0;
