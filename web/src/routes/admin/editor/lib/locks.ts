// After a campaign's first ballot only names and texts may change (the
// server refuses the rest with FIELD_LOCKED: import keeps the structure the
// ballots were cast on). The editor shows every other field locked, and says why.
import { isTextPath } from '@minping/shared/campaign-locks';

/** Whether the field at `path` can still be edited (always, unless the campaign is frozen). */
export function editableField(path: string, frozen: boolean): boolean {
  // The server's rule (shared/campaign-locks.ts), so the form locks what an apply would refuse.
  return !frozen || isTextPath(path);
}
