// The editor's sections, the top-level fields of the campaign file each one
// edits (so a problem is counted, and shown, in the section that can fix it),
// and the editor's own addresses below /admin/editor.

export const SECTIONS = [
  { id: 'basics', fields: ['specVersion', 'key', 'series', 'name', 'theme', 'year', 'locale'] },
  { id: 'phases', fields: ['phases'] },
  { id: 'categories', fields: ['categories'] },
  { id: 'units', fields: ['units'] },
  { id: 'groups', fields: ['groups'] },
  { id: 'components', fields: ['components'] },
  { id: 'questionnaires', fields: ['questionnaires', 'scales', 'problems'] },
  { id: 'rules', fields: ['rules'] },
  { id: 'file', fields: [] },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];
export const SECTION_IDS = SECTIONS.map((s) => s.id) as SectionId[];

export type EditorRoute = { page: 'start' } | { page: 'draft'; id: number; section: SectionId } | { page: 'notFound' };

/** The editor's page for the path parts after /admin/editor. */
export function editorRoute(parts: readonly string[]): EditorRoute {
  const [id, section, ...more] = parts;
  if (!id) return { page: 'start' };
  if (!/^[1-9]\d{0,9}$/.test(id) || more.length) return { page: 'notFound' };
  if (!section) return { page: 'draft', id: Number(id), section: 'basics' };
  if ((SECTION_IDS as string[]).includes(section)) return { page: 'draft', id: Number(id), section: section as SectionId };
  return { page: 'notFound' };
}
