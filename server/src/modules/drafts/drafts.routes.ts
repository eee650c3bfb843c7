import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import { importResultSchema } from '@minping/shared/contracts/campaigns';
import {
  applyDraftBodySchema,
  createDraftBodySchema,
  draftParamsSchema,
  draftSchema,
  draftSummarySchema,
  saveDraftBodySchema,
  unitRowsSchema,
  unitsExportQuerySchema,
  unitsXlsxQuerySchema,
} from '@minping/shared/contracts/drafts';
import { XLSX, fileResponse } from '@minping/shared/contracts/files';
import type { Context } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { requireAdmin } from '../../plugins/auth.js';
import * as drafts from './drafts.service.js';
import { readUnitsXlsx, unitsXlsx } from './drafts.xlsx.js';
import { ONE_FILE_LIMITS, readOneFile } from '../attachments/attachments.routes.js';

// A campaign file (or a spreadsheet of units) of an office with thousands of units fits well within this.
const FILE_BODY_LIMIT = 5 * 1024 * 1024;
// Checked by the handler: a multipart upload's file is read there, and its body is not the file.
const xlsxBody = z.custom<unknown>(() => true).meta({ type: 'string', format: 'binary' });

export const draftRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: FILE_BODY_LIMIT }, (_req, body, done) => done(null, body));

  app.get('/campaign-drafts', {
    schema: { tags: ['campaigns'], summary: 'List campaign drafts', description: 'The campaign editor’s working copies, each with its key, name and number of problems.', response: { 200: z.array(draftSummarySchema) } },
    onRequest: requireAdmin(),
  }, async () => drafts.listDrafts(ctx));

  app.post('/campaign-drafts', {
    schema: {
      tags: ['campaigns'],
      summary: 'Start a campaign draft',
      description: 'From a template (blank, nantong, fuling, ningbo), as next year’s copy of a campaign (keys kept, dates a year on), or editing a campaign (its open draft if it has one: 200 instead of 201).',
      body: createDraftBodySchema,
      response: { 200: draftSchema, 201: draftSchema },
    },
    onRequest: requireAdmin(),
  }, async (req, reply) => {
    const { created, draft } = await drafts.createDraft(ctx, req.body, req.user!.id);
    return reply.code(created ? 201 : 200).send(draft);
  });

  app.get('/campaign-drafts/:id', {
    schema: { tags: ['campaigns'], summary: 'Get a campaign draft', description: 'The file as last saved, with every problem it has.', params: draftParamsSchema, response: { 200: draftSchema } },
    onRequest: requireAdmin(),
  }, async (req) => drafts.getDraft(ctx, req.params.id));

  app.put('/campaign-drafts/:id', {
    schema: {
      tags: ['campaigns'],
      summary: 'Save a campaign draft',
      description: 'Saves the whole file, valid or not, if the draft is still at `revision` (else 409 DRAFT_CONFLICT); answers the draft with every problem of the file.',
      params: draftParamsSchema,
      body: saveDraftBodySchema,
      response: { 200: draftSchema },
    },
    bodyLimit: FILE_BODY_LIMIT,
    onRequest: requireAdmin(),
  }, async (req) => drafts.saveDraft(ctx, req.params.id, req.body, req.user!.id));

  app.delete('/campaign-drafts/:id', {
    schema: { tags: ['campaigns'], summary: 'Discard a campaign draft', params: draftParamsSchema, response: { 204: z.null() } },
    onRequest: requireAdmin(),
  }, async (req, reply) => {
    await drafts.deleteDraft(ctx, req.params.id, req.user!.id);
    return reply.code(204).send(null);
  });

  app.post('/campaign-drafts/:id/apply', {
    schema: {
      tags: ['campaigns'],
      summary: 'Apply a campaign draft',
      description:
        'Imports the draft’s file (a new campaign in status draft: 201; the edited campaign updated: 200), with open: true also opens it, and deletes the draft, all in one transaction. Refusals: 422 SPEC_INVALID (every problem), 409 CAMPAIGN_KEY_TAKEN, 409 CAMPAIGN_FROZEN (the FIELD_LOCKED fields), 409 INVALID_STATUS_TRANSITION.',
      params: draftParamsSchema,
      body: applyDraftBodySchema,
      response: { 200: importResultSchema, 201: importResultSchema },
    },
    onRequest: requireAdmin(),
  }, async (req, reply) => {
    const result = await drafts.applyDraft(ctx, req.params.id, req.body, req.user!.id);
    return reply.code(result.created ? 201 : 200).send(result);
  });

  // The spreadsheet comes as the file's bytes, or as a multipart upload (field
  // "file") the way a browser sends a chosen file; its own scope, so no other
  // route takes multipart.
  const uploadRoute: FastifyPluginAsyncZod = async (upload) => {
    await upload.register(multipart, { limits: { fileSize: FILE_BODY_LIMIT, ...ONE_FILE_LIMITS } });
    upload.post('/campaign-drafts/units-xlsx', {
      schema: {
        tags: ['campaigns'],
        summary: 'Read units from a spreadsheet',
        description:
          'The body is an .xlsx file’s bytes (content type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, up to 5 MB), or the file as multipart/form-data (field "file"), with a header row 单位名称 / 类别 / 编码 (or Name / Category / Key); 编码 may be empty. With ?draft=id, 类别 is read as a name or key of that draft’s categories. Nothing is stored.',
        consumes: [XLSX, 'multipart/form-data'],
        querystring: unitsXlsxQuerySchema,
        body: xlsxBody,
        response: { 200: unitRowsSchema },
      },
      bodyLimit: FILE_BODY_LIMIT + 64 * 1024,
      onRequest: requireAdmin(),
    }, async (req) => {
      const bytes = req.isMultipart() ? (await readOneFile(req)).data : req.body;
      if (!Buffer.isBuffer(bytes)) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the .xlsx file as ${XLSX} or multipart/form-data`);
      const categories = req.query.draft === undefined ? null : categoriesOf(await drafts.draftFile(ctx, req.query.draft));
      return readUnitsXlsx(bytes, categories);
    });
  };
  await app.register(uploadRoute);

  app.get('/campaign-drafts/:id/units.xlsx', {
    schema: {
      tags: ['campaigns'],
      summary: 'Export a draft’s units as a spreadsheet',
      description: 'The units as 单位名称 / 类别 (by name) / 编码, with the categories on a second sheet: the template for POST /campaign-drafts/units-xlsx.',
      params: draftParamsSchema,
      querystring: unitsExportQuerySchema,
      response: { 200: fileResponse('The units as XLSX.', XLSX) },
    },
    onRequest: requireAdmin(),
  }, async (req, reply) => {
    const file = await drafts.draftFile(ctx, req.params.id);
    const body = await unitsXlsx(file, req.query.lang);
    return reply.type(XLSX).header('content-disposition', `attachment; filename="units-${req.params.id}.xlsx"`).send(body);
  });
};

/** A draft's categories as far as they can be read; a draft whose categories cannot be read cannot resolve 类别. */
function categoriesOf(file: unknown): { key: string; name: string }[] {
  const list = typeof file === 'object' && file !== null && Array.isArray((file as { categories?: unknown }).categories) ? (file as { categories: unknown[] }).categories : null;
  if (!list) throw new AppError(422, 'SPEC_INVALID', 'The draft has no readable list of categories to read 类别 against');
  return list.flatMap((c) => (typeof c === 'object' && c !== null && typeof (c as { key?: unknown }).key === 'string' ? [{ key: (c as { key: string }).key, name: String((c as { name?: unknown }).name ?? '') }] : []));
}
