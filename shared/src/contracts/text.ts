// The zod side of the text guard (see ../text.ts): `cleanText` is a string
// schema that refuses NUL and unpaired surrogates; `withCleanText(schema)`
// adds the same check to every string anywhere inside any schema's value.
// The server applies the check to every request centrally; the web uses these
// to refuse such text in a form before it is sent.
import { z } from 'zod';
import { findBadText, isCleanText } from '../text.js';

export const TEXT_INVALID_MESSAGE = 'Text must not hold NUL characters or unpaired UTF-16 surrogates';

export const cleanText = z.string().refine(isCleanText, { message: TEXT_INVALID_MESSAGE });

export function withCleanText<T extends z.ZodType>(schema: T) {
  return schema.superRefine((value, ctx) => {
    const bad = findBadText(value, '');
    if (bad) ctx.addIssue({ code: 'custom', message: TEXT_INVALID_MESSAGE, path: bad.path ? [bad.path.replace(/^\./, '')] : [] });
  });
}
