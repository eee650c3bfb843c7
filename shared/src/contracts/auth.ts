import { z } from 'zod';
import { rowIdParam } from './integers.js';

export const ROLES = ['admin', 'evaluator', 'liaison', 'inspector'] as const;
export type UserRole = (typeof ROLES)[number];

export const loginBodySchema = z.strictObject({
  username: z.string().min(1).max(100),
  // As long as a password may be set (/me/password): a legal password must always log in.
  password: z.string().min(1).max(1024),
});

export const meSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  /** A one-time password is in use: every other call answers 403 PASSWORD_CHANGE_REQUIRED until it is changed. */
  mustChangePassword: z.boolean(),
});
export type Me = z.infer<typeof meSchema>;

export const createTokenBodySchema = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const tokenCreatedSchema = z.object({ id: z.number(), name: z.string(), token: z.string() });
export const tokenListSchema = z.array(
  z.object({ id: z.number(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable(), revokedAt: z.string().nullable() }),
);
export const idParamsSchema = z.object({ id: rowIdParam() });
