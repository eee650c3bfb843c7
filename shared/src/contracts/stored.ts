import { z } from 'zod';

/** The JSON schema of a zod schema, as the OpenAPI document shows it. */
function shapeOf(schema: z.ZodType) {
  const { $schema: _, ...shape } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output', unrepresentable: 'any' });
  return shape;
}

/**
 * A JSON value kept in PostgreSQL (jsonb) and sent on as it is. A zod object
 * would re-order its keys and drop any it does not name on the way out; this
 * passes the value through untouched, while the OpenAPI document still shows
 * the shape `schema` gives it.
 */
export function stored<S extends z.ZodType>(schema: S) {
  return z.custom<z.output<S>>(() => true).meta(shapeOf(schema));
}

/** A stored JSON object whose shape is described in words. */
export function storedObject<T = Record<string, unknown>>(description: string) {
  return z.custom<T>(() => true).meta({ type: 'object', description });
}

/**
 * For a route's options: an answer the server sends as ready JSON text or
 * bytes (a cached copy, or text read from the database). `schema` documents
 * it (and types the web's calls); nothing serializes through it.
 */
export function sentAsIs(schema: z.ZodType) {
  return z.custom<unknown>(() => true).meta(shapeOf(schema));
}
