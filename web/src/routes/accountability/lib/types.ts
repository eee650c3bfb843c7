// Types of the accountability answers, from the shared zod contracts where the
// server has one (type-only imports: no zod enters a bundle), written out
// here where it has none yet (the service named beside each is the source).
import type { z } from 'zod';
import type { holidaySchema, taskDetailSchema, taskEventSchema, taskSchema, TaskStatus } from '@minping/shared/contracts/tasks';
import type { inspectionSchema } from '@minping/shared/contracts/inspections';
import type { invitedSchema, myScopeSchema, userSchema } from '@minping/shared/contracts/users';
import type { UnitResult } from '@minping/shared/scoring';

export type { TaskStatus };
export type Task = z.infer<typeof taskSchema>;
export type TaskDetail = z.infer<typeof taskDetailSchema>;
export type TaskEvent = z.infer<typeof taskEventSchema>;
export type Holiday = z.infer<typeof holidaySchema>;
export type Inspection = z.infer<typeof inspectionSchema>;
export type InspectionKind = Inspection['kind'];
export type User = z.infer<typeof userSchema>;
export type Invited = z.infer<typeof invitedSchema>;
export type MyScope = z.infer<typeof myScopeSchema>;

/** POST /attachments (attachments.routes.ts attachmentSchema). */
export interface Attachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
}

/** The tally of a set of tasks (accountability.service.ts tally). */
export interface TaskTally {
  total: number;
  open: number;
  answered: number;
  closed: number;
  closedOnTime: number;
  closedLate: number;
  withdrawn: number;
  overdue: number;
  /** Percent, one decimal; null with no tasks. */
  closingRate: number | null;
  averageDaysToClose: number | null;
}

export type EscalationStep = 'public-criticism' | 'talk-with-head' | 'leadership-review';

/** GET /campaigns/:key/units/:unit/report (accountability.service.ts unitReport). */
export interface UnitReport {
  campaign: { key: string; name: string; status: string };
  unit: { key: string; name: string };
  published: { version: number; publishedAt: string } | null;
  result: UnitResult | null;
  escalation: EscalationStep | null;
  whatToFix: { problem: string; label: string; share: string | null }[];
  tasks: Task[];
  summary: TaskTally;
}

/** GET /campaigns/:key/accountability (accountability.service.ts overview). */
export interface AccountabilityOverview {
  campaign: string;
  totals: TaskTally & { visits: number; unitsVisited: number; places: number; phoneLines: number; findings: number };
  units: {
    unit: string;
    unitName: string;
    category: string;
    tasks: TaskTally;
    inspections: { visits: number; places: number; phone: number; undercover: number; findings: number };
  }[];
}

/** GET /campaigns/:key/escalation (accountability.service.ts escalationList). */
export interface EscalationEntry {
  unit: string;
  unitName: string;
  category: string;
  categoryName: string;
  rank: number | null;
  composite: string | null;
  vetoed: boolean;
  consecutiveBottom: number;
  step: EscalationStep;
}

/** GET /campaigns/:key/comments (followup.service.ts listComments). */
export interface CommentPage {
  comments: {
    /** A keyed hash, not the ballot id: it joins to no row of the ballots export. */
    key: string;
    questionnaire: string;
    group: string;
    comment: string;
    hasContact: boolean;
    taskIds: number[];
  }[];
  next: string | null;
}
export type BallotComment = CommentPage['comments'][number];

/** GET /tasks/:id/contact (followup.service.ts revealContact). */
export interface FollowupContact {
  phone: string;
  consent: string;
}
