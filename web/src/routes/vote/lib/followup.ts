// 回访: the phone number a voter may leave, after voting, to hear how its
// comment was handled. Checked as the server checks it (followupContactBodySchema);
// digits typed with a Chinese keyboard's full-width forms are taken as digits.
export const PHONE = /^\+?[0-9][0-9 -]{5,19}$/;

/** The number as typed, full-width digits and plus made plain, outer spaces trimmed. */
export function normalizePhone(raw: string): string {
  return raw
    .replace(/[０-９＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .trim();
}

export const phoneOk = (raw: string) => PHONE.test(normalizePhone(raw));
