// Stable error codes: the web maps each to translated text. Never rename one.
import { z } from 'zod';

export const ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'SOURCE_LOCKED',
  'CODE_MALFORMED',
  'CODE_CHECK_FAILED',
  'CODE_UNKNOWN',
  'CODE_ALREADY_USED',
  'CODE_VOIDED',
  'CAMPAIGN_NOT_OPEN',
  'CAMPAIGN_NOT_FOUND',
  'CAMPAIGN_FROZEN',
  'CAMPAIGN_KEY_TAKEN',
  'INVALID_STATUS_TRANSITION',
  'SPEC_INVALID',
  'BALLOT_INVALID',
  'RECEIPT_UNKNOWN',
  'RECEIPT_MALFORMED',
  'UNIT_UNKNOWN',
  'COMPONENT_UNKNOWN',
  'COMPONENT_NOT_ENTERED',
  'QUESTIONNAIRE_UNKNOWN',
  'GROUP_UNKNOWN',
  'BATCH_NOT_FOUND',
  'BATCH_NOT_READY',
  'BATCH_TOO_LARGE',
  'BALLOT_NOT_FOUND',
  'BALLOT_NOT_FLAGGED',
  'CSV_INVALID',
  'NOT_PUBLISHED',
  'RESULTS_NOT_READY',
  'USERNAME_TAKEN',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
  requestId: z.string(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;
