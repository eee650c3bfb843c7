// What every section of the editor shares: the file being edited, its
// problems by field, and whether the campaign is frozen (ballots exist).
import { getContext, setContext } from 'svelte';
import type { IssueIndex } from './lib/issues';
import type { EditorSpec } from './lib/types';

export interface EditorContext {
  readonly file: EditorSpec;
  readonly issues: IssueIndex;
  readonly frozen: boolean;
}

const KEY = Symbol('editor');
export const setEditor = (ctx: EditorContext) => setContext(KEY, ctx);
export const editor = () => getContext<EditorContext>(KEY);

/** A DOM id for a field's path ("units[3].name" → "f-units-3-name"). */
export const fieldId = (path: string) => `f-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;
