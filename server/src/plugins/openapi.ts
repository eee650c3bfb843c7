// The OpenAPI document and its docs page, generated from the zod route schemas.
// Each operation also lists the refusals it can give, all in the one error
// envelope (components.schemas.Error, its code one of ERROR_CODES): which ones
// follows from how the route is declared (a guard, a body, path parameters, a
// rate limit), so nothing is written twice.
import type { FastifyInstance, RouteOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { apiErrorSchema } from '@minping/shared/errors';
import { guardOf } from './auth.js';

/** Registered once by id: every operation's error responses point at it. */
const errorSchema = apiErrorSchema.meta({ id: 'Error', description: '{ error: { code, message, details? }, requestId }; the code is stable, the message is for people.' });

const refusal = (description: string) => ({ description, content: { 'application/json': { schema: errorSchema } } });

/** The one multipart body there is: a file in the field "file". */
const MULTIPART_FILE = { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] };

type Doc = Parameters<typeof jsonSchemaTransform>[0] & { route: RouteOptions };

/** The refusals a route can give, from its declaration. */
function errorResponses(route: RouteOptions, schema: Record<string, unknown>) {
  const methods = [route.method].flat();
  const changes = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
  const guard = guardOf(route.onRequest);
  const out: Record<string, ReturnType<typeof refusal>> = {
    400: refusal('The request is malformed or does not match its schema (VALIDATION_FAILED with details, MALFORMED_JSON, TEXT_INVALID, URL_MALFORMED, …).'),
  };
  if (guard) out[401] = refusal('Not signed in (UNAUTHENTICATED).');
  const forbidden: string[] = [];
  if (guard) forbidden.push(guard.roles.length ? `signed in, but not as ${guard.roles.join(' or ')} (FORBIDDEN)` : 'not allowed for this user (FORBIDDEN)', 'a one-time password not yet changed (PASSWORD_CHANGE_REQUIRED)');
  if (changes || route.config?.sameOriginOnly) forbidden.push('sent from another site (CROSS_SITE_REQUEST)');
  if (forbidden.length) out[403] = refusal(`Refused: ${forbidden.join('; ')}.`);
  if (schema.params) out[404] = refusal('What the path names does not exist (or is not visible to the caller).');
  out['4XX'] = refusal('Any other refusal (a conflict, a state that does not allow it, …), with its code.');
  if (schema.body || schema.consumes) {
    out[413] = refusal('The body is too large (BODY_TOO_LARGE).');
    out[415] = refusal('The body is not of a media type the route takes (UNSUPPORTED_MEDIA_TYPE).');
  }
  if (route.config?.rateLimit) out[429] = refusal('Too many requests from this address or user (RATE_LIMITED); see Retry-After.');
  out[500] = refusal('An internal error (INTERNAL): the details are logged under the request id, never sent.');
  return out;
}

export async function registerOpenApi(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      info: {
        title: '网上民调 / 万人评机关 API',
        description: 'Campaigns, one-time codes, ballots, scores and rankings. Errors: { error: { code, message }, requestId }.',
        version: '1.0.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'mp_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: (doc) => {
      const { route, schema } = doc as Doc;
      if (!schema || schema.hide) return jsonSchemaTransform(doc);
      const withErrors = { ...schema, response: { ...errorResponses(route, schema as Record<string, unknown>), ...(schema.response as object) } };
      const out = jsonSchemaTransform({ ...doc, schema: withErrors });
      const shown = out.schema as Record<string, unknown>;
      if (guardOf(route.onRequest)) shown.security = [{ session: [] }, { token: [] }];
      // A multipart body is read by the handler (req.file()), not validated by a schema: shown here.
      if (!shown.body && [schema.consumes ?? []].flat().includes('multipart/form-data')) shown.body = MULTIPART_FILE;
      return out;
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
}
