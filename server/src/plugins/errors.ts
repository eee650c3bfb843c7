// One error shape for every failure: { error: { code, message, details? }, requestId }.
import crypto from 'node:crypto';
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode } from '@minping/shared/errors';
import { AppError, concurrentChange } from '../lib/errors.js';

export function sendError(reply: FastifyReply, req: FastifyRequest, status: number, code: ErrorCode, message: string, details?: unknown) {
  // Set here, not only in the onSend hook: errors raised before routing (a bad URL) skip the hooks.
  reply.header('x-request-id', req.id);
  return reply.code(status).send({ error: { code, message, ...(details ? { details } : {}) }, requestId: req.id });
}

// Fastify's own codes for bad bodies, mapped to ours.
const FASTIFY_CODES: Record<string, [number, ErrorCode]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST'],
  FST_REQ_FILE_TOO_LARGE: [413, 'BODY_TOO_LARGE'],
  FST_FILES_LIMIT: [413, 'BODY_TOO_LARGE'],
  FST_PARTS_LIMIT: [413, 'BODY_TOO_LARGE'],
  // An upload takes one file and no other field.
  FST_FIELDS_LIMIT: [400, 'MULTIPART_MALFORMED'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE'],
};

const CODE_OF_STATUS: Record<number, ErrorCode> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 413: 'BODY_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE', 429: 'RATE_LIMITED' };
/** The code of a client error no one named: one that says what its status says. */
const codeOfStatus = (status: number): ErrorCode => CODE_OF_STATUS[status] ?? 'BAD_REQUEST';

/**
 * What node's HTTP parser refuses before Fastify sees a request (headers over
 * 16 KB, a Content-Length that is not a number, a malformed header line, a
 * request too slow to arrive): answered in our envelope with a request id of
 * its own, then the connection is closed, as Fastify's own handler does.
 * Passed as the `clientErrorHandler` option of the Fastify constructor.
 */
export function clientErrors(err: Error & { code?: string }, socket: Duplex) {
  // A reset connection has no one to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // A response still being written on this connection (a pipelined request
  // went bad behind it): bytes written now would land inside it. Close instead,
  // as node's own handler does.
  const answering = (socket as Duplex & { _httpMessage?: unknown })._httpMessage;
  if (socket.writable && !answering) {
    const [status, message] =
      err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'The request headers are too large'] : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'The request took too long to arrive'] : [400, 'The request is not valid HTTP'];
    const requestId = crypto.randomUUID();
    const body = JSON.stringify({ error: { code: 'BAD_REQUEST' satisfies ErrorCode, message }, requestId });
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/**
 * Errors Fastify raises before a request reaches the router (a URL whose
 * percent-encoding or UTF-8 is broken): answered in our envelope, not Fastify's.
 * Passed as the `frameworkErrors` option of the Fastify constructor.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_BAD_URL') return sendError(reply, req, 400, 'URL_MALFORMED', 'The URL is not valid (bad percent-encoding or UTF-8)');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) return sendError(reply, req, err.statusCode, codeOfStatus(err.statusCode), err.message);
  req.log.error({ err }, 'framework error');
  return sendError(reply, req, 500, 'INTERNAL', 'Internal error; quote the request id when reporting it');
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      if (err.headers) reply.headers(err.headers);
      return sendError(reply, req, err.status, err.code, err.message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: `${err.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`,
        message: v.message ?? 'invalid',
      }));
      return sendError(reply, req, 400, 'VALIDATION_FAILED', 'The request does not match the expected shape', details);
    }
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return sendError(reply, req, mapped[0], mapped[1], err.message);
    if (err.statusCode === 429) return sendError(reply, req, 429, 'RATE_LIMITED', 'Too many requests; try again shortly');
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(reply, req, err.statusCode, codeOfStatus(err.statusCode), err.message);
    }
    // The class of races a service did not name: a 409 to try again, not a 500.
    // Logged as an error all the same: a race no service expects, a lock-order
    // deadlock or a duplicate in the request's own data is a defect to find.
    if (concurrentChange(err)) {
      req.log.error({ err }, 'a change met another made at the same moment');
      return sendError(reply, req, 409, 'CHANGED_MEANWHILE', 'Another change was made at the same moment; reload and try again');
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, req, 500, 'INTERNAL', 'Internal error; quote the request id when reporting it');
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, req, 404, 'NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}`));

  // While the server closes, a request that still arrives (on a kept-alive
  // connection) is refused in our envelope, so that a voter's page retries it
  // (Fastify's own 503 for it is turned off: return503OnClosing).
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (req, reply, done) => {
    if (!closing) return done();
    reply.header('connection', 'close');
    done(new AppError(503, 'SERVICE_UNAVAILABLE', 'The server is restarting; send the request again'));
  });
}
