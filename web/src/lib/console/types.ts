// Types of the accountability answers, from the shared zod contracts
// (type-only imports: no zod enters a bundle).
import type { z } from 'zod';
import type { holidaySchema, taskDetailSchema, taskSchema, TaskStatus } from '@minping/shared/contracts/tasks';
import type { inspectionSchema } from '@minping/shared/contracts/inspections';
import type { invitedSchema, myScopeSchema, userSchema } from '@minping/shared/contracts/users';

export type { TaskStatus };
export type Task = z.infer<typeof taskSchema>;
export type TaskDetail = z.infer<typeof taskDetailSchema>;
export type Holiday = z.infer<typeof holidaySchema>;
export type Inspection = z.infer<typeof inspectionSchema>;
export type InspectionKind = Inspection['kind'];
export type User = z.infer<typeof userSchema>;
export type Invited = z.infer<typeof invitedSchema>;
export type MyScope = z.infer<typeof myScopeSchema>;

export type { Attachment } from '@minping/shared/contracts/attachments';
export type {
  AccountabilityOverview,
  BallotComment,
  CommentPage,
  EscalationEntry,
  EscalationStep,
  FollowupContact,
  TaskTally,
  UnitReport,
} from '@minping/shared/contracts/accountability';
