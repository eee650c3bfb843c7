// A route that takes one file takes exactly that: a second file or a field in
// the same multipart body is refused by name, with nothing stored, instead of
// the second file being dropped unseen while the first is answered 201.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDF, PNG } from './accountability-helpers.js';
import { createHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const part = (name: string, data: Buffer) =>
  Buffer.concat([Buffer.from(`--zz\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), data, Buffer.from('\r\n')]);
const field = (name: string, value: string) => Buffer.from(`--zz\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
const END = Buffer.from('--zz--\r\n');
const stored = async () => (await h.ctx.database.query<{ n: number }>('select count(*)::int as n from attachments'))[0].n;

// Only the attachment is stored; the spreadsheet is read and answered, never kept.
describe.each([
  ['an attachment', '/api/v1/attachments', true],
  ['a units spreadsheet', '/api/v1/campaign-drafts/units-xlsx', false],
])('%s sent as multipart', (_what, url, stores) => {
  const send = (...parts: Buffer[]) => h.admin({ method: 'POST', url, payload: Buffer.concat([...parts, END]), headers: { 'content-type': 'multipart/form-data; boundary=zz' } });

  it.each([
    ['two files', [part('a.pdf', PDF), part('b.png', PNG)], 'more than one file'],
    ['three files', [part('a.pdf', PDF), part('b.png', PNG), part('c.png', PNG)], 'more than one file'],
    ['a file, then a field', [part('a.pdf', PDF), field('note', 'x')], 'holds a field'],
    ['a field, then a file', [field('note', 'x'), part('a.pdf', PDF)], 'holds a field'],
    ['no file', [], 'No file'],
  ])('refuses %s with 400 BAD_REQUEST, storing nothing', async (_case, parts, says) => {
    const before = await stored();
    const res = await send(...parts);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(says) });
    if (stores) expect(await stored()).toBe(before);
  });
});

it('still takes the one file', async () => {
  const before = await stored();
  const res = await h.admin({ method: 'POST', url: '/api/v1/attachments', payload: Buffer.concat([part('a.pdf', PDF), END]), headers: { 'content-type': 'multipart/form-data; boundary=zz' } });
  expect(res.statusCode, res.body).toBe(201);
  expect(await stored()).toBe(before + 1);
});
