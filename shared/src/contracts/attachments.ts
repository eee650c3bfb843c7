import { z } from 'zod';

/** A stored upload (task answers, appeals, inspection photos). */
export const attachmentSchema = z.object({ id: z.number(), filename: z.string(), contentType: z.string(), size: z.number() });
export type Attachment = z.infer<typeof attachmentSchema>;
