// What a password must be (OWASP ASVS 4 §2.1, NIST SP 800-63B §5.1.1): long
// enough, not absurdly long, no composition rules, not a known or guessable
// one, not the username. And the one-time passwords the office hands over.
//
// Known and guessable: zxcvbn-ts with its common-language package. It carries
// the frequent passwords of the public breach corpora (tens of thousands) and
// also catches what a plain list cannot: repeats (`aaaaaaaaaaaa`), sequences
// (`abcdefghijkl`), keyboard runs (`1qaz2wsx3edc`), l33t and reversed forms.
// It is maintained, typed, dependency-light, runs offline (no breach API to
// call from a government network), and its score is the estimate the NIST
// guidance means by "commonly used, expected or compromised".
import crypto from 'node:crypto';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX, PASSWORD_MIN, passwordLength } from '@minping/shared/passwords';
import { AppError } from '../../lib/errors.js';

let estimator: ZxcvbnFactory | undefined;
const zxcvbn = () => (estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs }));

/** zxcvbn score 3 = at least 10^8 guesses: out of reach of an online attack and of a cheap offline one. */
const MIN_SCORE = 3;

/** Throws a 422 with a stable code when `password` may not be used by `username`. */
export function assertAcceptablePassword(password: string, user: { username: string; displayName?: string }) {
  // Length in characters as people count them (code points), so 12 Chinese
  // characters or emoji count as 12. Spaces are allowed and kept.
  const length = passwordLength(password);
  if (length < PASSWORD_MIN) throw new AppError(422, 'PASSWORD_TOO_SHORT', `At least ${PASSWORD_MIN} characters`);
  if (length > PASSWORD_MAX) throw new AppError(422, 'PASSWORD_TOO_LONG', `At most ${PASSWORD_MAX} characters`);
  const lower = password.toLowerCase();
  const name = user.username.toLowerCase();
  if (lower === name || (name.length >= 3 && lower.includes(name))) {
    throw new AppError(422, 'PASSWORD_CONTAINS_USERNAME', 'The password may not contain the username');
  }
  const inputs = [user.username, user.displayName ?? '', 'minping', 'wanrenping', '万人评', '民调'].filter(Boolean);
  if (zxcvbn().check(password, inputs).score < MIN_SCORE) {
    throw new AppError(422, 'PASSWORD_TOO_COMMON', 'This password is common, known from breaches, or easy to guess; choose another');
  }
}

// 32 characters without look-alikes, read off a screen or a sheet of paper:
// no 0/O/o/Q, no 1/l/I/i/j, no 2/Z, 5/S, 6/G,
// 8/B, 9/g/q, and no letter whose capital looks like it (c/C, k/K, w/W, ...).
// No symbols: they are hard to say over the phone and to type on a phone.
export const ONE_TIME_ALPHABET = 'ACDEFHJKLMNPRTUVWXYabdehnrt34789';
export const ONE_TIME_LENGTH = 16;

/** A one-time password: 16 characters from a crypto RNG, 5 bits each (80 bits). */
export function oneTimePassword(): string {
  let out = '';
  for (let i = 0; i < ONE_TIME_LENGTH; i++) out += ONE_TIME_ALPHABET[crypto.randomInt(ONE_TIME_ALPHABET.length)];
  return out;
}
