// A campaign's status and the buttons it allows. Mirrors STATUS_TRANSITIONS in
// shared/contracts/campaigns.ts (imported as a type only, to keep zod out of
// the chunk); publishing is its own action on the results tab.
import type { CampaignStatus } from '@minping/shared/contracts/campaigns';

export const STATUS_KEYS: Record<CampaignStatus, string> = {
  draft: 'admin.status.draft',
  open: 'admin.status.open',
  closed: 'admin.status.closed',
  published: 'admin.status.published',
};

export interface StatusAction {
  to: CampaignStatus;
  /** Button label. */
  key: string;
  /** What the confirmation says happens. */
  confirmKey: string;
}

const ACTIONS: Record<CampaignStatus, StatusAction[]> = {
  draft: [{ to: 'open', key: 'admin.action.open', confirmKey: 'admin.action.open.confirm' }],
  open: [{ to: 'closed', key: 'admin.action.close', confirmKey: 'admin.action.close.confirm' }],
  closed: [{ to: 'open', key: 'admin.action.reopen', confirmKey: 'admin.action.reopen.confirm' }],
  published: [{ to: 'closed', key: 'admin.action.withdraw', confirmKey: 'admin.action.withdraw.confirm' }],
};

export function statusActions(status: CampaignStatus): StatusAction[] {
  return ACTIONS[status] ?? [];
}
