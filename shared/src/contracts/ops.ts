// Health and readiness probes (public; no details beyond which dependency failed).
import { z } from 'zod';

export const healthSchema = z.object({ status: z.literal('ok') });

/** 200 while PostgreSQL answers; Redis is reported, and its absence only degrades. */
export const readySchema = z.object({ status: z.enum(['ready', 'degraded']), postgres: z.boolean(), redis: z.boolean() });
