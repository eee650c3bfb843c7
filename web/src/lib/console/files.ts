// Files sent with answers, appeals and inspection photos. The server checks the
// first bytes and the size (attachments.service.ts); the page checks the name
// and size first so a phone does not upload 10 MB only to be told no.
import { API_BASE } from '../api';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const DOCUMENTS: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const PHOTOS = ['png', 'jpg', 'jpeg', 'webp'];

export type FileKind = 'documents' | 'photos';

/** The file input's accept list: extensions and types, so phones offer the right pickers. */
export function acceptFor(kind: FileKind): string {
  const exts = kind === 'photos' ? PHOTOS : Object.keys(DOCUMENTS);
  return [...exts.map((e) => `.${e}`), ...new Set(exts.map((e) => DOCUMENTS[e]))].join(',');
}

export type FileProblem = 'empty' | 'tooLarge' | 'type';

/** Why the server would refuse this file, judged by its name and size; null when it may go. */
export function fileProblem(file: { name: string; size: number }, kind: FileKind = 'documents'): FileProblem | null {
  if (file.size === 0) return 'empty';
  if (file.size > MAX_FILE_BYTES) return 'tooLarge';
  const ext = file.name.toLowerCase().split('.').pop() ?? '';
  const allowed = kind === 'photos' ? PHOTOS : Object.keys(DOCUMENTS);
  return file.name.includes('.') && allowed.includes(ext) ? null : 'type';
}

/** "980 B", "34 KB", "1.2 MB". */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A stored file, always served as a download. */
export const attachmentHref = (id: number) => `${API_BASE}/attachments/${id}`;
