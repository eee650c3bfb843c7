// Answers that are files or pages, not JSON: the route declares their media
// types so the OpenAPI document shows them (no serializer touches them: the
// server sends ready text, bytes or a stream).
import { z } from 'zod';

const text = z.custom<unknown>(() => true).meta({ type: 'string' });
const binary = z.custom<unknown>(() => true).meta({ type: 'string', format: 'binary' });

export const CSV = 'text/csv';
export const HTML = 'text/html';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A 200 of one or more media types (text ones as text, others as bytes). */
export function fileResponse(description: string, ...types: string[]) {
  return { description, content: Object.fromEntries(types.map((t) => [t, { schema: t.startsWith('text/') ? text : binary }])) };
}

/** A 200 that is JSON by default and a file on request (?format=…). */
export function jsonOrFileResponse(description: string, json: z.ZodType, ...types: string[]) {
  const file = fileResponse(description, ...types);
  return { description, content: { 'application/json': { schema: json }, ...file.content } };
}
