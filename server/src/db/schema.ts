// Every table, in one file: small enough to read in one go.
// Nothing is hard-deleted: removals are timestamps (voidedAt, revokedAt).
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { CampaignSpec } from '@minping/shared/spec';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

// ---- people -------------------------------------------------------------

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull().default(''),
  passwordHash: text('password_hash').notNull(),
  role: text('role').notNull().default('admin'),
  createdAt: ts('created_at').notNull().defaultNow(),
  disabledAt: ts('disabled_at'),
  // Set when the office hands over a one-time password (invite, reset): until
  // the user picks their own, only /auth/me, /me/password and logout answer.
  mustChangePassword: boolean('must_change_password').notNull().default(false),
  passwordChangedAt: ts('password_changed_at'),
});

// What a liaison may see: its units. What an evaluator may read: its campaigns.
export const userUnits = pgTable('user_units', {
  userId: integer('user_id').notNull().references(() => users.id),
  unitKey: text('unit_key').notNull().references(() => units.key),
}, (t) => [primaryKey({ columns: [t.userId, t.unitKey] })]);

export const userCampaigns = pgTable('user_campaigns', {
  userId: integer('user_id').notNull().references(() => users.id),
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
}, (t) => [primaryKey({ columns: [t.userId, t.campaignId] })]);

export const sessions = pgTable('sessions', {
  // sha256 of the cookie value: a leaked table does not log anyone in.
  tokenHash: bytea('token_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
});

// Failed-login counting per account, in PostgreSQL so it holds with Redis
// gone and across api replicas. Keyed by an HMAC of the name tried (login) or
// of the user id (password change): unknown names are counted exactly like
// real ones, so a lockout tells nothing about which usernames exist, and a
// password typed into the username box is not stored.
export const loginThrottle = pgTable('login_throttle', {
  key: bytea('key').primaryKey(),
  attempts: integer('attempts').notNull(),
  windowStart: ts('window_start').notNull().defaultNow(),
});

export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  tokenHash: bytea('token_hash').notNull().unique(),
  userId: integer('user_id').notNull().references(() => users.id),
  name: text('name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
});

// ---- what persists across campaigns, by key ------------------------------

export const units = pgTable('units', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const categories = pgTable('categories', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const respondentGroups = pgTable('respondent_groups', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

// ---- campaigns ------------------------------------------------------------

export const campaigns = pgTable(
  'campaigns',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull().unique(),
    series: text('series').notNull(),
    // The imported file, normalised: the source of truth for structure and texts.
    spec: jsonb('spec').$type<CampaignSpec>().notNull(),
    status: text('status').notNull().default('draft'), // draft → open → closed → published
    firstPhaseStart: date('first_phase_start', { mode: 'string' }).notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    openedAt: ts('opened_at'),
    closedAt: ts('closed_at'),
    // Bumped whenever counted ballots change; results older than this are stale.
    talliesChangedAt: ts('tallies_changed_at'),
  },
  (t) => [index('campaigns_series_idx').on(t.series, t.firstPhaseStart)],
);

// The campaign editor's working copies (草稿): a campaign file as it is being
// written, saved as it is typed, valid or not. Kept as the JSON text that was
// saved (not jsonb, which would reorder its fields), so the editor gets back
// the file exactly as it left it. At most one per existing campaign (a unique
// index; NULLs, the drafts of new campaigns, are distinct). The one table
// whose rows are deleted: a draft is gone once applied or discarded; the
// audit trail keeps that it was.
export const campaignDrafts = pgTable(
  'campaign_drafts',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    file: text('file').notNull(),
    revision: integer('revision').notNull().default(0),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: integer('updated_by').references(() => users.id),
  },
  (t) => [uniqueIndex('campaign_drafts_campaign_idx').on(t.campaignId)],
);

// Every change a person made, appended and never edited: a trigger in the
// migrations refuses UPDATE and DELETE on this table.
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: ts('at').notNull().defaultNow(),
    userId: integer('user_id').references(() => users.id),
    action: text('action').notNull(), // campaign.import, codes.void, scores.enter, …
    campaignId: integer('campaign_id').references(() => campaigns.id),
    target: text('target'), // what it was done to: a unit key, a batch id, a ballot id list…
    detail: jsonb('detail'),
  },
  (t) => [index('audit_log_campaign_idx').on(t.campaignId, t.id), index('audit_log_action_idx').on(t.action, t.id)],
);

// ---- codes and ballots ----------------------------------------------------

export const codeBatches = pgTable('code_batches', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
  questionnaireKey: text('questionnaire_key').notNull(),
  groupKey: text('group_key').notNull(),
  label: text('label').notNull().default(''),
  size: integer('size').notNull(),
  generated: integer('generated').notNull().default(0),
  status: text('status').notNull().default('generating'), // generating → ready
  // The one filler of a generating batch holds a lease on it (renewed with each
  // chunk); another may take over only once it has lapsed. `claims` counts the
  // takeovers, so each one gets a fresh job id.
  claimedBy: text('claimed_by'),
  claimedUntil: ts('claimed_until'),
  claims: integer('claims').notNull().default(0),
  createdBy: integer('created_by').references(() => users.id),
  createdAt: ts('created_at').notNull().defaultNow(),
  voidedAt: ts('voided_at'),
  voidReason: text('void_reason'),
});

export const codes = pgTable(
  'codes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    batchId: integer('batch_id').notNull().references(() => codeBatches.id),
    // HMAC of the code under the server secret: the lookup key.
    hash: bytea('hash').notNull(),
    // The code encrypted (AES-256-GCM) so an admin can export the batch again.
    sealed: bytea('sealed').notNull(),
    // Its number within the batch, 1..size: unique per batch, so a batch can never hold more codes than its size.
    seq: integer('seq').notNull(),
    usedAt: ts('used_at'),
    voidedAt: ts('voided_at'),
  },
  (t) => [
    uniqueIndex('codes_hash_idx').on(t.hash),
    index('codes_batch_idx').on(t.batchId, t.id),
    uniqueIndex('codes_batch_seq_idx').on(t.batchId, t.seq),
    check('codes_seq_positive', sql`${t.seq} >= 1`),
  ],
);

export const ballots = pgTable(
  'ballots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
    batchId: integer('batch_id').notNull().references(() => codeBatches.id),
    // One ballot per code, enforced here as well as by codes.used_at.
    codeId: bigint('code_id', { mode: 'number' }).notNull().references(() => codes.id),
    questionnaireKey: text('questionnaire_key').notNull(),
    groupKey: text('group_key').notNull(),
    receiptHash: bytea('receipt_hash').notNull(),
    // A retried submit with the same Idempotency-Key gets the first answer back:
    // the key's hash, and the receipt sealed so it can be shown again.
    idempotencyHash: bytea('idempotency_hash'),
    receiptSealed: bytea('receipt_sealed'),
    ratings: jsonb('ratings').$type<Record<string, string>>().notNull(),
    problems: jsonb('problems').$type<Record<string, string[]>>().notNull().default(sql`'{}'::jsonb`),
    comment: text('comment'),
    answeringMs: integer('answering_ms').notNull(),
    // Keyed hashes only: enough to see repeats, nothing to find a person by.
    deviceHash: bytea('device_hash'),
    addressHash: bytea('address_hash').notNull(),
    submittedAt: ts('submitted_at').notNull().defaultNow(),
    // Set by the worker once fraud rules ran and tallies took the ballot in.
    processedAt: ts('processed_at'),
    flags: text('flags').array().notNull().default(sql`'{}'::text[]`),
    // none | flagged | cleared | voided — see ballots.service for what counts.
    review: text('review').notNull().default('none'),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    reviewedAt: ts('reviewed_at'),
    // Whether this ballot's ratings are in the running tallies right now.
    counted: boolean('counted').notNull().default(false),
  },
  (t) => [
    uniqueIndex('ballots_code_idx').on(t.codeId),
    uniqueIndex('ballots_receipt_idx').on(t.receiptHash),
    index('ballots_unprocessed_idx').on(t.id).where(sql`processed_at is null`),
    index('ballots_campaign_idx').on(t.campaignId, t.id),
    index('ballots_device_idx').on(t.campaignId, t.deviceHash, t.id),
    index('ballots_address_idx').on(t.campaignId, t.addressHash, t.submittedAt),
    index('ballots_review_idx').on(t.campaignId, t.review),
  ],
);

// Running tallies of counted ballots: what scores are computed from.
export const ratingTallies = pgTable(
  'rating_tallies',
  {
    campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
    questionnaireKey: text('questionnaire_key').notNull(),
    unitKey: text('unit_key').notNull(),
    groupKey: text('group_key').notNull(),
    optionKey: text('option_key').notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.questionnaireKey, t.unitKey, t.groupKey, t.optionKey] })],
);

// Counted ballots per questionnaire and group: the denominator of problem shares.
export const ballotTallies = pgTable(
  'ballot_tallies',
  {
    campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
    questionnaireKey: text('questionnaire_key').notNull(),
    groupKey: text('group_key').notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.questionnaireKey, t.groupKey] })],
);

export const problemTallies = pgTable(
  'problem_tallies',
  {
    campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
    questionnaireKey: text('questionnaire_key').notNull(),
    unitKey: text('unit_key').notNull(),
    groupKey: text('group_key').notNull(),
    problemKey: text('problem_key').notNull(),
    count: bigint('count', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.questionnaireKey, t.unitKey, t.groupKey, t.problemKey] })],
);

// ---- entered scores, vetoes, results --------------------------------------

export const enteredScores = pgTable(
  'entered_scores',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
    componentKey: text('component_key').notNull(),
    unitKey: text('unit_key').notNull(),
    score: numeric('score', { precision: 9, scale: 4 }).notNull(),
    note: text('note'),
    source: text('source').notNull(), // api | csv
    enteredBy: integer('entered_by').references(() => users.id),
    enteredAt: ts('entered_at').notNull().defaultNow(),
  },
  (t) => [index('entered_scores_lookup_idx').on(t.campaignId, t.componentKey, t.unitKey, t.id)],
);

export const vetoes = pgTable(
  'vetoes',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
    unitKey: text('unit_key').notNull(),
    reason: text('reason').notNull(),
    setBy: integer('set_by').references(() => users.id),
    setAt: ts('set_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
    revokedBy: integer('revoked_by').references(() => users.id),
  },
  (t) => [index('vetoes_campaign_idx').on(t.campaignId, t.unitKey)],
);

// The latest computed result per campaign (overwritten by each recompute).
export const campaignResults = pgTable('campaign_results', {
  campaignId: integer('campaign_id').primaryKey().references(() => campaigns.id),
  result: jsonb('result').notNull(),
  computedAt: ts('computed_at').notNull().defaultNow(),
  ballotsCounted: bigint('ballots_counted', { mode: 'number' }).notNull().default(0),
});

// Published snapshots never change; a republish is a new version.
export const publishedResults = pgTable(
  'published_results',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
    version: integer('version').notNull(),
    result: jsonb('result').notNull(),
    inputs: jsonb('inputs').notNull(),
    publishedBy: integer('published_by').references(() => users.id),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('published_results_version_idx').on(t.campaignId, t.version)],
);

// ---- accountability: tasks, appeals, follow-ups, inspections ---------------

// Files answered with a task or taken on an inspection. Kept in PostgreSQL (so
// a backup holds them), only of listed types, never served inline.
export const attachments = pgTable('attachments', {
  id: serial('id').primaryKey(),
  filename: text('filename').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  data: bytea('data').notNull(),
  uploadedBy: integer('uploaded_by').notNull().references(() => users.id),
  uploadedAt: ts('uploaded_at').notNull().defaultNow(),
  removedAt: ts('removed_at'),
});

// 整改任务: a problem sent to a unit, tracked until it is verified and closed (销号).
export const tasks = pgTable(
  'tasks',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
    unitKey: text('unit_key').notNull(),
    source: text('source').notNull(), // problem | comment | inspection | manual
    sourceRef: text('source_ref'), // problem key, comment key (never a ballot id), finding id
    title: text('title').notNull(),
    description: text('description').notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('open'), // open → answered → closed, or returned (→ answered again)
    isPublic: boolean('is_public').notNull().default(false),
    // Set when the task came from a comment whose voter asked to be called back.
    followupContactId: integer('followup_contact_id'),
    overdueAt: ts('overdue_at'),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    closedAt: ts('closed_at'),
    removedAt: ts('removed_at'),
  },
  (t) => [index('tasks_campaign_unit_idx').on(t.campaignId, t.unitKey, t.status), uniqueIndex('tasks_source_idx').on(t.campaignId, t.unitKey, t.source, t.sourceRef).where(sql`source_ref is not null and removed_at is null`)],
);

export const taskEvents = pgTable(
  'task_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    taskId: integer('task_id').notNull().references(() => tasks.id),
    at: ts('at').notNull().defaultNow(),
    userId: integer('user_id').references(() => users.id),
    action: text('action').notNull(), // created, answered, returned, closed, overdue, reminded, appealed, appeal-upheld, appeal-dismissed, follow-up
    note: text('note'),
    attachmentIds: integer('attachment_ids').array().notNull().default(sql`'{}'::int[]`),
  },
  (t) => [index('task_events_task_idx').on(t.taskId, t.id)],
);

// 申诉复核: a liaison contests a task as mistaken or untrue; the office decides.
export const appeals = pgTable('appeals', {
  id: serial('id').primaryKey(),
  taskId: integer('task_id').notNull().references(() => tasks.id),
  reason: text('reason').notNull(),
  attachmentIds: integer('attachment_ids').array().notNull().default(sql`'{}'::int[]`),
  status: text('status').notNull().default('pending'), // pending | upheld | dismissed
  filedBy: integer('filed_by').notNull().references(() => users.id),
  filedAt: ts('filed_at').notNull().defaultNow(),
  decidedBy: integer('decided_by').references(() => users.id),
  decidedAt: ts('decided_at'),
  decisionNote: text('decision_note'),
});

// 回访: a voter's phone number, given with consent, kept apart from the ballot
// (sealed; seen only by the office) and used to call back about its comment.
// It names the comment by its key (a keyed hash, see commentKeySql), never the
// ballot, so nothing the console shows leads from a phone number to ratings.
export const followupContacts = pgTable('followup_contacts', {
  id: serial('id').primaryKey(),
  campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
  commentKey: text('comment_key').unique(),
  // Only on contacts left before comment keys existed; never written now.
  ballotId: bigint('ballot_id', { mode: 'number' }).references(() => ballots.id).unique(),
  phoneSealed: bytea('phone_sealed').notNull(),
  consent: text('consent').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const followups = pgTable('followups', {
  id: serial('id').primaryKey(),
  taskId: integer('task_id').notNull().references(() => tasks.id),
  contactId: integer('contact_id').notNull().references(() => followupContacts.id),
  reached: boolean('reached').notNull(),
  satisfied: boolean('satisfied'),
  note: text('note'),
  recordedBy: integer('recorded_by').notNull().references(() => users.id),
  recordedAt: ts('recorded_at').notNull().defaultNow(),
});

// Days that do not count towards deadlines besides weekends (the office keeps the list).
export const holidays = pgTable('holidays', {
  day: date('day', { mode: 'string' }).primaryKey(),
  name: text('name').notNull(),
  // A weekend day worked to make up for a holiday (调休) counts as a working day.
  workday: boolean('workday').notNull().default(false),
  updatedBy: integer('updated_by').references(() => users.id),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

// Every reminder is recorded here; delivery (e-mail, SMS) can plug in later by reading unsent rows.
export const reminderOutbox = pgTable(
  'reminder_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    taskId: integer('task_id').notNull().references(() => tasks.id),
    unitKey: text('unit_key').notNull(),
    kind: text('kind').notNull(), // overdue | due-soon
    day: date('day', { mode: 'string' }).notNull(),
    message: text('message').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    sentAt: ts('sent_at'),
  },
  (t) => [uniqueIndex('reminder_outbox_once_idx').on(t.taskId, t.kind, t.day)],
);

// 明查暗访: visits by inspectors (特邀监督员), with what they found.
export const inspections = pgTable(
  'inspections',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id').notNull().references(() => campaigns.id),
    unitKey: text('unit_key').notNull(),
    place: text('place'), // a window, a phone line, a project
    visitedOn: date('visited_on', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(), // open | undercover | phone
    summary: text('summary'),
    inspectorId: integer('inspector_id').notNull().references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    removedAt: ts('removed_at'),
  },
  (t) => [index('inspections_campaign_idx').on(t.campaignId, t.unitKey)],
);

export const inspectionFindings = pgTable('inspection_findings', {
  id: serial('id').primaryKey(),
  inspectionId: integer('inspection_id').notNull().references(() => inspections.id),
  problemKey: text('problem_key'),
  description: text('description').notNull(),
  photoIds: integer('photo_ids').array().notNull().default(sql`'{}'::int[]`),
  taskId: integer('task_id').references(() => tasks.id),
});
