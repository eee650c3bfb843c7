// Audit actions the server writes today, in words; a new one shows its code.
export const AUDIT_ACTION_KEYS: Record<string, string> = {
  'campaign.import': 'admin.audit.a.campaignImport',
  'campaign.update': 'admin.audit.a.campaignUpdate',
  'campaign.texts': 'admin.audit.a.campaignTexts',
  'campaign.status': 'admin.audit.a.campaignStatus',
  'draft.create': 'admin.audit.a.draftCreate',
  'draft.apply': 'admin.audit.a.draftApply',
  'draft.delete': 'admin.audit.a.draftDelete',
  'codes.create-batch': 'admin.audit.a.codesCreate',
  'codes.void-batch': 'admin.audit.a.codesVoidBatch',
  'codes.void': 'admin.audit.a.codesVoid',
  'ballots.clear': 'admin.audit.a.ballotsClear',
  'ballots.void': 'admin.audit.a.ballotsVoid',
  'ballots.group-clear': 'admin.audit.a.ballotsGroupClear',
  'ballots.group-void': 'admin.audit.a.ballotsGroupVoid',
  'scores.enter': 'admin.audit.a.scoresEnter',
  'scores.upload': 'admin.audit.a.scoresUpload',
  'veto.set': 'admin.audit.a.vetoSet',
  'veto.revoke': 'admin.audit.a.vetoRevoke',
  'results.publish': 'admin.audit.a.resultsPublish',
  'auth.token-create': 'admin.audit.a.tokenCreate',
  'auth.token-revoke': 'admin.audit.a.tokenRevoke',
  'users.invite': 'admin.audit.a.usersInvite',
  'users.update': 'admin.audit.a.usersUpdate',
  'users.password': 'admin.audit.a.usersPassword',
  'users.password-reset': 'admin.audit.a.usersPasswordReset',
  'holidays.set': 'admin.audit.a.holidaysSet',
  'task.create': 'admin.audit.a.taskCreate',
  'task.from-problems': 'admin.audit.a.taskFromProblems',
  'task.from-inspection': 'admin.audit.a.taskFromInspection',
  'task.answer': 'admin.audit.a.taskAnswer',
  'task.close': 'admin.audit.a.taskClose',
  'task.return': 'admin.audit.a.taskReturn',
  'task.public': 'admin.audit.a.taskPublic',
  'task.appeal': 'admin.audit.a.taskAppeal',
  'task.appeal-upheld': 'admin.audit.a.taskAppealUpheld',
  'task.appeal-dismissed': 'admin.audit.a.taskAppealDismissed',
  'followup.reveal': 'admin.audit.a.followupReveal',
  'inspection.record': 'admin.audit.a.inspectionRecord',
  'attachment.upload': 'admin.audit.a.attachmentUpload',
};

/** A detail object on one line, shortened: the full text is in the CSV. */
export function detailText(detail: unknown, max = 120): string {
  if (detail === null || detail === undefined) return '';
  const s = typeof detail === 'string' ? detail : JSON.stringify(detail);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The audit query string for the filters that are set. */
export function auditQuery(f: { campaign?: string; action?: string; before?: number | null; limit?: number }): string {
  const q = new URLSearchParams();
  if (f.campaign) q.set('campaign', f.campaign);
  if (f.action) q.set('action', f.action);
  if (f.before) q.set('before', String(f.before));
  if (f.limit) q.set('limit', String(f.limit));
  const s = q.toString();
  return s ? `?${s}` : '';
}
