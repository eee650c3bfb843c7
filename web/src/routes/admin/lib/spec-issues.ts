// A campaign file's problems in the reader's language: the place as words
// ("units[1].key" → "单位 第2项 › 编码") and the problem from its stable code
// and parameters (shared/src/spec-issues.ts), never from the server's English
// sentence, which is shown only for a code this page does not know yet.
// Pure, with the translator passed in, so it is tested without a browser.
import type { ApiErrorDetail } from '../../../lib/api';
import type { Params, Translate } from '../../../lib/i18n/format';

const SEGMENT = /([^.[\]]+)|\[(\d+)\]/g;

/** A field's label: its label under its parent first (questionnaires.units), then its own. */
function fieldLabel(name: string, parent: string | undefined, tr: Translate): string {
  return (parent && tr(`spec.field.${parent}.${name}`)) || tr(`spec.field.${name}`) || tr('spec.field.unknown', { name }) || name;
}

/** Where a problem is, in words: "单位 第2项 › 编码"; the whole file for "(root)". */
export function issuePlace(path: string, tr: Translate): string {
  if (path === '(root)' || path === '') return tr('spec.root') ?? path;
  const parts: string[] = [];
  let parent: string | undefined;
  for (const m of path.matchAll(SEGMENT)) {
    if (m[1] !== undefined) {
      parts.push(fieldLabel(m[1], parent, tr));
      parent = m[1];
    } else {
      const item = tr('spec.item', { n: Number(m[2]) + 1 }) ?? `[${m[2]}]`;
      if (parts.length) parts[parts.length - 1] += ` ${item}`;
      else parts.push(item);
    }
  }
  return parts.join(' › ');
}

const listOf = (values: readonly string[], tr: Translate) => values.join(tr('spec.or') ?? ' / ');
// A type name ("array") in words; a quoted literal ("all") as it is written in the file.
const typeName = (name: string, tr: Translate) => (name.startsWith('"') ? name : (tr(`spec.type.${name}`) ?? name));

/** The parameters as the sentence shows them: lists joined, types and places in words. */
function shownParams(params: NonNullable<ApiErrorDetail['params']>, tr: Translate): Params {
  const out: Params = {};
  for (const [name, value] of Object.entries(params)) {
    if (name === 'expected' && Array.isArray(value)) out[name] = listOf(value.map((v) => typeName(v, tr)), tr);
    else if (name === 'received' && typeof value === 'string') out[name] = typeName(value, tr);
    else if (name === 'list' && typeof value === 'string') out[name] = tr(`spec.list.${value}`) ?? value;
    else if (name === 'first' && typeof value === 'string') out[name] = issuePlace(value, tr);
    else if (Array.isArray(value)) out[name] = listOf(value, tr);
    else out[name] = value;
  }
  return out;
}

/** The problem in words, from its code; the server's message for a detail without a known code. */
export function issueText(detail: ApiErrorDetail, tr: Translate): string {
  if (!detail.code) return detail.message;
  return tr(`spec.issue.${detail.code}`, shownParams(detail.params ?? {}, tr)) ?? detail.message;
}
