import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { idParamsSchema } from '@minping/shared/contracts/auth';
import { attachmentSchema } from '@minping/shared/contracts/attachments';
import { fileResponse } from '@minping/shared/contracts/files';
import type { Context } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { requireUser } from '../../plugins/auth.js';
import { assertCleanText } from '../../plugins/text-guard.js';
import { MAX_ATTACHMENT_BYTES, readAttachment, storeAttachment } from './attachments.service.js';

/**
 * Multipart limits for a route that takes one file: room to see a second
 * file or a field arrive, so readOneFile refuses it by name instead of
 * busboy dropping it unseen (a second file) or ignoring it (a field).
 */
export const ONE_FILE_LIMITS = { files: 2, fields: 1 } as const;

/**
 * The one file of a multipart body, and nothing else: a second file or any
 * field is refused (400 BAD_REQUEST), never stored in part or dropped. A body
 * that is not well-formed multipart (no boundary, a cut-off part, a bad part
 * header) is the client's fault: busboy reports it as a plain Error, answered
 * here as 400 MULTIPART_MALFORMED rather than 500. The part's file name passes
 * the same text guard as every body.
 */
export async function readOneFile(req: FastifyRequest): Promise<{ filename: string; data: Buffer }> {
  try {
    let found: { filename: string; data: Buffer } | undefined;
    for await (const part of req.parts()) {
      if (part.type !== 'file') throw new AppError(400, 'BAD_REQUEST', 'The multipart body holds a field; send only the file (field "file")');
      if (found) throw new AppError(400, 'BAD_REQUEST', 'The multipart body holds more than one file; send one file per request');
      assertCleanText(part.filename, 'body.file.filename');
      assertCleanText(part.fieldname, 'body.file.fieldname');
      found = { filename: part.filename, data: await part.toBuffer() };
    }
    if (!found) throw new AppError(400, 'BAD_REQUEST', 'No file in the request');
    return found;
  } catch (err) {
    const status = (err as { statusCode?: number }).statusCode ?? 0;
    if (err instanceof AppError || (status >= 400 && status < 500)) throw err;
    throw new AppError(400, 'MULTIPART_MALFORMED', `The multipart body could not be read: ${(err as Error).message}`);
  }
}

export const attachmentRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  await app.register(multipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, ...ONE_FILE_LIMITS } });

  app.post('/attachments', {
    schema: { tags: ['tasks'], summary: 'Upload an attachment', description: 'Upload one file (multipart field "file", the body’s one part: a second file or a field is 400 BAD_REQUEST): PDF, PNG, JPEG, WebP, DOCX or XLSX, up to 10 MB.', consumes: ['multipart/form-data'], response: { 201: attachmentSchema } },
    bodyLimit: MAX_ATTACHMENT_BYTES + 64 * 1024,
    onRequest: requireUser(),
  }, async (req, reply) => {
    if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as multipart/form-data');
    const { filename, data } = await readOneFile(req);
    return reply.code(201).send(await storeAttachment(ctx, req.user!, filename, data));
  });

  app.get('/attachments/:id', {
    schema: { tags: ['tasks'], summary: 'Download an attachment', description: 'Download a file; never shown inline.', params: idParamsSchema, response: { 200: fileResponse('The file as uploaded, with its own media type.', '*/*') } },
    onRequest: requireUser(),
  }, async (req, reply) => {
    const a = await readAttachment(ctx, req.user!, req.params.id);
    return reply
      .type(a.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, no-store')
      .send(a.data);
  });
};
