// What the server wrote into a record (a task's description, a step's note)
// comes as a code with parameters; this words it in the reader's language
// from the console catalogue ('text.*' keys in ./i18n). The one renderer of
// the console, the liaison's pages and the inspector's; the server prints
// the same Chinese sentences (server/src/lib/coded-text.zh.ts).
import { wordText } from '@minping/shared/coded-text';
import type { CodedText } from '@minping/shared/contracts/coded-text';
import { t } from '../i18n/index.svelte';

export type { CodedText };

export const codedText = (c: CodedText): string => wordText(c, (key) => t(key));

/** A task's description: as a person wrote it, or the server's words for it. */
export const taskDescription = (task: { description: string | null; descriptionCode: CodedText | null }): string =>
  task.description ?? (task.descriptionCode ? codedText(task.descriptionCode) : '');

/** A step's note: what a person wrote, or what the server noted; null when neither. */
export const eventNote = (e: { note: string | null; noteCode: CodedText | null }): string | null => e.note ?? (e.noteCode ? codedText(e.noteCode) : null);
