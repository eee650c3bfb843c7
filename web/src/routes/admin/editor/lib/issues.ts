// A draft's problems next to the fields they are about. Issues carry the
// file's path ("units[3].category"); a field shows the issues at its path,
// a list shows the ones about the list itself ("components": the weights'
// sum), and a section counts everything below its top-level field.
import type { SpecIssue } from '@minping/shared/spec-issues';

export type Issue = Pick<SpecIssue, 'path' | 'code' | 'message'> & { params?: Record<string, unknown> };

export class IssueIndex {
  private readonly byPath = new Map<string, Issue[]>();

  constructor(readonly all: readonly Issue[]) {
    for (const i of all) {
      const list = this.byPath.get(i.path);
      if (list) list.push(i);
      else this.byPath.set(i.path, [i]);
    }
  }

  /** The issues at exactly this path. */
  at(path: string): Issue[] {
    return this.byPath.get(path) ?? [];
  }

  /** The issues at this path or anywhere below it ("units[3]" holds "units[3].key"). */
  under(path: string): Issue[] {
    return this.all.filter((i) => i.path === path || i.path.startsWith(`${path}.`) || i.path.startsWith(`${path}[`));
  }

  /** The issues of the top-level fields named (a section's count); "(root)" ones go with the first section. */
  inSections(fields: readonly string[]): Issue[] {
    return this.all.filter((i) => fields.some((f) => i.path === f || i.path.startsWith(`${f}.`) || i.path.startsWith(`${f}[`)));
  }

  /** The issues no section of the editor shows (a field the forms do not have: an unknown one, the root). */
  outside(sections: readonly (readonly string[])[]): Issue[] {
    const shown = new Set(sections.flatMap((s) => this.inSections(s)));
    return this.all.filter((i) => !shown.has(i));
  }
}
