// JSON bodies are UTF-8 (RFC 8259 §8.1). Fastify's own parser decoded them
// leniently: a byte sequence that is not UTF-8 became U+FFFD, and the request
// went on to be stored as if the voter had typed that. Here the bytes are
// decoded strictly first; a body that is not UTF-8 is 400 MALFORMED_JSON.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';

type Done = (err: Error | null, body?: unknown) => void;
type TextParser = (req: FastifyRequest, body: string, done: Done) => void;

const strict = new TextDecoder('utf-8', { fatal: true });

/** A parser of the body's bytes that hands `parse` their text, or refuses bytes that are not UTF-8. */
export function strictUtf8(parse: TextParser) {
  return (req: FastifyRequest, body: string | Buffer, done: Done) => {
    let text: string;
    try {
      text = strict.decode(body as Buffer);
    } catch {
      return done(new AppError(400, 'MALFORMED_JSON', 'The body is not valid UTF-8'), undefined);
    }
    parse(req, text, done);
  };
}

/** Fastify's JSON parser (the same poisoning checks), behind the strict decoding. */
export function registerJsonBody(app: FastifyInstance) {
  const standard = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, strictUtf8(standard));
}
