// OWASP ASVS 2.1.1/2.1.2: a password has at least 12 characters and may have
// up to 128, counted as people count them (code points). No composition rules;
// the server also refuses known and guessable ones and the username.
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

/** Length as the rules count it: 12 Chinese characters or emoji are 12. */
export const passwordLength = (p: string) => [...p].length;
