import { z } from 'zod';
import { KEY_PATTERN } from '../spec.js';
import { ROLES } from './auth.js';

const key = z.string().regex(KEY_PATTERN);

export const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  units: z.array(z.string()),
  campaigns: z.array(z.string()),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
export type UserView = z.infer<typeof userSchema>;

export const inviteBodySchema = z.strictObject({
  username: z.string().trim().regex(/^[\p{L}\p{N}._-]{2,50}$/u, '2–50 letters, digits, dot, dash or underscore'),
  displayName: z.string().trim().min(1).max(100).optional(),
  role: z.enum(ROLES),
  units: z.array(key).max(500).default([]),
  campaigns: z.array(key).max(500).default([]),
});
export const invitedSchema = z.object({ user: userSchema, password: z.string() });

export const updateUserBodySchema = z.strictObject({
  role: z.enum(ROLES).optional(),
  displayName: z.string().trim().min(1).max(100).optional(),
  units: z.array(key).max(500).optional(),
  campaigns: z.array(key).max(500).optional(),
  disabled: z.boolean().optional(),
});

// The server checks the password rules (shared/src/passwords.ts: length, known
// passwords, the username) and answers each with its own code
// (PASSWORD_TOO_SHORT, ...); the schema only bounds the size.
export const changePasswordBodySchema = z.strictObject({
  current: z.string().min(1).max(1024),
  next: z.string().min(1).max(1024),
});
export const passwordResetSchema = z.object({ password: z.string() });

export const myScopeSchema = z.object({
  role: z.enum(ROLES),
  units: z.array(z.object({ key: z.string(), name: z.string() })),
  campaigns: z.array(z.object({ key: z.string(), name: z.string(), status: z.string() })),
});
