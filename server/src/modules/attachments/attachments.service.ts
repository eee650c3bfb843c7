// Files stored safely: a short list of types checked by their first bytes (not
// by what the client claims), a size limit, kept in PostgreSQL, and always
// served as a download that the browser will not run or render as a page.
import crypto from 'node:crypto';
import type { Context } from '../../context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { attachmentsRepo } from './attachments.repo.js';
import { audit } from '../audit/audit.repo.js';
import type { User } from '../auth/auth.service.js';
import { assertUnitReader } from '../users/access.js';
import { clip } from '@minping/shared/text';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

const TYPES: { type: string; ext: string[]; magic: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', ext: ['pdf'], magic: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'image/png', ext: ['png'], magic: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', ext: ['jpg', 'jpeg'], magic: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/webp', ext: ['webp'], magic: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  // Office files are zip containers: any zip starts "PK", so what is inside decides.
  { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: ['docx'], magic: (b) => isOfficePackage(b, 'word/') },
  { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', ext: ['xlsx'], magic: (b) => isOfficePackage(b, 'xl/') },
];

/**
 * An Office Open XML file: a well-formed zip whose directory lists
 * [Content_Types].xml and the part folder of its kind (word/, xl/), and no
 * macros (a vbaProject.bin makes it a .docm / .xlsm, which can run code).
 */
function isOfficePackage(b: Buffer, folder: string): boolean {
  if (!b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return false;
  const names = zipEntryNames(b);
  return !!names && names.includes('[Content_Types].xml') && names.some((n) => n.startsWith(folder)) && !names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n));
}

/** The names in a zip's central directory, or null when the file is not a well-formed zip. */
export function zipEntryNames(b: Buffer): string[] | null {
  // The end record (22 bytes and a comment of up to 64 KiB) closes the file and says where the directory is.
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 0xffff); i--) {
    if (b.readUInt32LE(i) !== 0x06054b50) continue;
    const count = b.readUInt16LE(i + 10);
    let p = b.readUInt32LE(i + 16);
    const names: string[] = [];
    for (let n = 0; n < count; n++) {
      if (p + 46 > i || b.readUInt32LE(p) !== 0x02014b50) return null;
      const nameEnd = p + 46 + b.readUInt16LE(p + 28);
      if (nameEnd > i) return null;
      names.push(b.toString('utf8', p + 46, nameEnd));
      p = nameEnd + b.readUInt16LE(p + 30) + b.readUInt16LE(p + 32);
    }
    return names;
  }
  return null;
}

export function classify(filename: string, data: Buffer): string | null {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const match = TYPES.find((t) => t.ext.includes(ext) && t.magic(data));
  return match?.type ?? null;
}

export async function storeAttachment(ctx: Context, user: User, filename: string, data: Buffer) {
  const clean = clip(filename.replace(/[\\/\u0000-\u001f"]/g, '_'), 120, 'end') || 'file';
  if (!data.length) throw new AppError(422, 'ATTACHMENT_REJECTED', 'The file is empty');
  if (data.length > MAX_ATTACHMENT_BYTES) throw new AppError(413, 'BODY_TOO_LARGE', `Files are limited to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
  const type = classify(clean, data);
  if (!type) throw new AppError(415, 'ATTACHMENT_REJECTED', 'Only PDF, PNG, JPEG, WebP, DOCX and XLSX files are accepted');
  const sha256 = crypto.createHash('sha256').update(data).digest('hex');
  // The file and its audit entry together or not at all.
  const row = await ctx.database.transaction(async (tx) => {
    const stored = await attachmentsRepo.insert(tx, { filename: clean, contentType: type, size: data.length, sha256, data, uploadedBy: user.id });
    await audit(tx, { userId: user.id, action: 'attachment.upload', target: `attachment#${stored.id}`, detail: { filename: clean, size: data.length } });
    return stored;
  });
  return { id: row.id, filename: clean, contentType: type, size: data.length };
}

/** Who may fetch a file: its uploader, an admin, or whoever may see a task or inspection it belongs to. */
export async function readAttachment(ctx: Context, user: User, id: number) {
  const row = await attachmentsRepo.live(ctx.database, id);
  const missing = notFound('ATTACHMENT_NOT_FOUND', 'No such file');
  if (!row) throw missing;
  if (user.role !== 'admin' && row.uploadedBy !== user.id) {
    const holders = await attachmentsRepo.holders(ctx.database, id);
    let allowed = false;
    for (const o of holders) {
      allowed ||= await assertUnitReader(ctx, user, o.campaignId, o.unitKey).then(() => true, () => false);
    }
    if (!allowed) throw missing;
  }
  return row;
}
