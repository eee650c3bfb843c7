// Starting a draft from the campaign list or the start page: the server makes
// it (a template, next year's copy, or the campaign's own file) and the
// editor opens on it.
import type { ApiRoutes } from '@minping/shared/contracts/routes';
import { call, seg } from '../../../lib/http';
import { navigate } from '../../../lib/router.svelte';

export async function startDraft(body: ApiRoutes['POST /campaign-drafts']['body']): Promise<void> {
  const draft = await call('POST /campaign-drafts', { body });
  navigate(`/admin/editor/${seg(draft.id)}`);
}
