// Stable error codes: the web maps each to translated text. Never rename one.
import { z } from 'zod';

export const ERROR_CODES = [
  'BAD_REQUEST',
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'BODY_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'TEXT_INVALID',
  'URL_MALFORMED',
  'MULTIPART_MALFORMED',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CROSS_SITE_REQUEST',
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'TOO_MANY_ATTEMPTS',
  'PASSWORD_CHANGE_REQUIRED',
  'PASSWORD_TOO_SHORT',
  'PASSWORD_TOO_LONG',
  'PASSWORD_TOO_COMMON',
  'PASSWORD_CONTAINS_USERNAME',
  'PASSWORD_REUSED',
  'SOURCE_LOCKED',
  'CODE_MALFORMED',
  'CODE_CHECK_FAILED',
  'CODE_UNKNOWN',
  'CODE_ALREADY_USED',
  'CODE_VOIDED',
  'CAMPAIGN_NOT_OPEN',
  'CAMPAIGN_CLOSED',
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
  'GROUP_NOT_IN_QUESTIONNAIRE',
  'BATCH_NOT_FOUND',
  'BATCH_NOT_READY',
  'BATCH_USED_UP',
  'BATCH_TOO_LARGE',
  'BALLOT_NOT_FOUND',
  'BALLOT_NOT_FLAGGED',
  'FLAG_GROUP_NOT_FOUND',
  'FLAG_GROUP_CHANGED',
  'BATCHES_IN_USE',
  'CSV_INVALID',
  'NOT_PUBLISHED',
  'RESULTS_NOT_READY',
  'FLAGGED_UNREVIEWED',
  'USERNAME_TAKEN',
  'TASK_NOT_FOUND',
  'INVALID_TASK_TRANSITION',
  'FOLLOWUP_REQUIRED',
  'APPEAL_PENDING',
  'ATTACHMENT_REJECTED',
  'ATTACHMENT_NOT_FOUND',
  'CONSENT_REQUIRED',
  'DRAFT_NOT_FOUND',
  'DRAFT_CONFLICT',
  'CHANGED_MEANWHILE',
  'JSON_TOO_DEEP',
  'XLSX_INVALID',
  'XLSX_NO_HEADER',
  'SERVICE_UNAVAILABLE',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    // A campaign file's or a score file's problems also carry a stable code and
    // its parameters (shared/src/spec-issues.ts, CSV_ROW_ISSUE_CODES in
    // contracts/scores.ts), which the web says in the reader's language.
    details: z
      .array(
        z.object({
          path: z.string(),
          message: z.string(),
          code: z.string().optional(),
          params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(),
        }),
      )
      .optional(),
  }),
  requestId: z.string(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** The same envelope, its code one of ERROR_CODES: the error schema of the OpenAPI document. */
export const apiErrorSchema = errorResponseSchema.extend({
  error: errorResponseSchema.shape.error.extend({ code: z.enum(ERROR_CODES) }),
});
