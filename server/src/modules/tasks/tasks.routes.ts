import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParamsSchema } from '@minping/shared/contracts/auth';
import {
  answerBodySchema,
  appealBodySchema,
  createTaskBodySchema,
  decideAppealBodySchema,
  fromProblemsBodySchema,
  fromProblemsResultSchema,
  holidaySchema,
  holidaysBodySchema,
  publicBodySchema,
  taskDetailSchema,
  taskListQuerySchema,
  taskSchema,
  verifyBodySchema,
} from '@minping/shared/contracts/tasks';
import { unitReportParamsSchema } from '@minping/shared/contracts/accountability';
import { campaignKeyParamsSchema } from '@minping/shared/contracts/campaigns';
import { HTML, fileResponse } from '@minping/shared/contracts/files';
import type { Context } from '../../context.js';
import { requireAdmin, requireUser } from '../../plugins/auth.js';
import { listHolidays, setHolidays } from './calendar.js';
import { reminderSheet } from './reminder-sheet.js';
import { PRINT_CSP } from '../../plugins/security.js';
import * as tasks from './tasks.service.js';

export const taskRoutes = (ctx: Context): FastifyPluginAsyncZod => async (app) => {
  app.get('/tasks', {
    schema: { tags: ['tasks'], summary: 'List rectification tasks', description: 'Rectification tasks the caller may see (a liaison: its units only).', querystring: taskListQuerySchema, response: { 200: z.array(taskSchema) } },
    onRequest: requireUser(),
  }, async (req) => tasks.listTasks(ctx, req.user!, req.query));

  app.post('/tasks', {
    schema: { tags: ['tasks'], summary: 'Open a task', description: 'Open a task for a unit: typed by the office, or from a ballot comment.', body: createTaskBodySchema, response: { 201: taskDetailSchema } },
    onRequest: requireAdmin(),
  }, async (req, reply) => reply.code(201).send(await tasks.createTask(ctx, req.user!, req.body)));

  app.post('/campaigns/:key/tasks/from-problems', {
    schema: { tags: ['tasks'], summary: 'Open tasks from ticked problems', description: 'Open a task for every unit and problem ticked on at least `threshold` of its ballots.', params: campaignKeyParamsSchema, body: fromProblemsBodySchema, response: { 200: fromProblemsResultSchema } },
    onRequest: requireAdmin(),
  }, async (req) => tasks.tasksFromProblems(ctx, req.user!, req.params.key, req.body));

  app.get('/tasks/:id', { schema: { tags: ['tasks'], summary: 'Get a task', params: idParamsSchema, response: { 200: taskDetailSchema } }, onRequest: requireUser() }, async (req) => tasks.getTask(ctx, req.user!, req.params.id));

  app.post('/tasks/:id/answer', {
    schema: { tags: ['tasks'], summary: 'Answer a task', description: "The unit's liaison answers with text and attachments.", params: idParamsSchema, body: answerBodySchema, response: { 200: taskDetailSchema } },
    onRequest: requireUser('liaison'),
  }, async (req) => tasks.answerTask(ctx, req.user!, req.params.id, req.body));

  app.post('/tasks/:id/verify', {
    schema: { tags: ['tasks'], summary: 'Close or return a task', description: 'The office closes (销号) or returns an answered task; a task from a voter who asked to be called back needs a follow-up record to close.', params: idParamsSchema, body: verifyBodySchema, response: { 200: taskDetailSchema } },
    onRequest: requireAdmin(),
  }, async (req) => tasks.verifyTask(ctx, req.user!, req.params.id, req.body));

  app.post('/tasks/:id/public', {
    schema: { tags: ['tasks'], summary: 'Show or hide a task publicly', description: 'Show (or hide) the text of this task on the public results page.', params: idParamsSchema, body: publicBodySchema, response: { 200: taskDetailSchema } },
    onRequest: requireAdmin(),
  }, async (req) => tasks.setTaskPublic(ctx, req.user!, req.params.id, req.body.isPublic));

  app.post('/tasks/:id/appeal', {
    schema: { tags: ['tasks'], summary: 'Appeal a task', description: '申诉复核: the liaison contests the task as mistaken or untrue, with evidence.', params: idParamsSchema, body: appealBodySchema, response: { 200: taskDetailSchema } },
    onRequest: requireUser('liaison'),
  }, async (req) => tasks.appealTask(ctx, req.user!, req.params.id, req.body));

  app.post('/tasks/:id/appeal/decide', {
    schema: { tags: ['tasks'], summary: 'Decide an appeal', params: idParamsSchema, body: decideAppealBodySchema, response: { 200: taskDetailSchema } },
    onRequest: requireAdmin(),
  }, async (req) => tasks.decideAppeal(ctx, req.user!, req.params.id, req.body));

  app.get('/campaigns/:key/units/:unit/reminder-sheet', {
    schema: { tags: ['tasks'], summary: 'Print a reminder sheet', description: '工作提示单: a print-ready sheet of the unit\'s open tasks.', params: unitReportParamsSchema, response: { 200: fileResponse('A page to print.', HTML) } },
    onRequest: requireUser(),
  }, async (req, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', PRINT_CSP).send(await reminderSheet(ctx, req.user!, req.params.key, req.params.unit)));

  app.get('/holidays', { schema: { tags: ['tasks'], summary: 'List holidays', response: { 200: z.array(holidaySchema) } }, onRequest: requireUser() }, async () => listHolidays(ctx));

  app.put('/holidays', {
    schema: { tags: ['tasks'], summary: 'Replace holidays', description: 'Replace the holidays (and make-up working days) of the years the given days fall in.', body: holidaysBodySchema, response: { 200: z.array(holidaySchema) } },
    onRequest: requireAdmin(),
  }, async (req) => setHolidays(ctx, req.user!.id, req.body.days));
};
