// Every ballot of a campaign as CSV, one row per ballot: what the office
// archives or re-counts elsewhere. Streamed a page at a time by keyset
// (id > last), so memory stays flat for a million ballots and no pooled
// connection is held for as long as the download takes; the next page is
// fetched while the current one is written.
import { Readable } from 'node:stream';
import type { Context } from '../../context.js';
import { CSV_BOM, csvRow, primedStream } from '../../lib/csv.js';
import { requireCampaign } from '../campaigns/campaigns.service.js';
import { ballotsRepo, type ExportedBallot } from './ballots.repo.js';

const PAGE = 1000;
/** Text is handed to the stream in pieces of about this many characters. */
const CHUNK = 32 * 1024;

export async function exportBallotsCsv(ctx: Context, campaignKey: string, pageSize = PAGE): Promise<{ filename: string; stream: Readable }> {
  const campaign = await requireCampaign(ctx.database, campaignKey);
  const units = campaign.spec.units.map((u) => u.key);
  const column = new Map(units.map((k, i) => [k, i]));
  // No comment column: a comment may lead to its voter (a task, a phone number
  // left for a call back), so it is never put beside the ratings. The office
  // reads comments in their own list, which names no ballot.
  const header = ['ballot_id', 'questionnaire', 'group', 'submitted_at', 'answering_seconds', 'review', 'flags', 'counted', ...units, 'problems'];
  // One row's unit cells, reused: most are empty, only the rated ones are set and reset.
  const cells: string[] = units.map(() => '');

  // Built by hand rather than with csvRow: keys and option keys never need
  // quoting, and a million rows of 210 cells each is the whole cost here.
  function row(b: ExportedBallot): string {
    const set: number[] = [];
    for (const unit in b.ratings) {
      const i = column.get(unit);
      if (i === undefined) continue;
      cells[i] = b.ratings[unit];
      set.push(i);
    }
    const answers = cells.join(',');
    for (const i of set) cells[i] = '';
    let problems = '';
    for (const unit in b.problems) for (const p of b.problems[unit]) problems += `${problems ? ';' : ''}${unit}:${p}`;
    return `${b.id},${b.questionnaire_key},${b.group_key},${b.submitted_at},${b.answering_ms / 1000},${b.review},${b.flags},${b.counted},${answers},${problems}\n`;
  }

  async function* lines() {
    // The header goes out with the first page (see primedStream).
    let head = CSV_BOM + csvRow(header);
    const fetch = (after: number) => {
      const p = ballotsRepo.exportPage(ctx.database, campaign.id, after, pageSize);
      p.catch(() => {}); // awaited below; a download dropped mid-way must not leave it unhandled
      return p;
    };
    let next = fetch(0);
    for (;;) {
      const page = await next;
      if (!page.length) {
        if (head) yield head;
        return;
      }
      next = fetch(page[page.length - 1].id);
      let buf = head;
      head = '';
      for (const b of page) {
        buf += row(b);
        if (buf.length >= CHUNK) {
          yield buf;
          buf = '';
        }
      }
      if (buf) yield buf;
      if (page.length < pageSize) return;
    }
  }
  return { filename: `${campaign.key}-ballots.csv`, stream: await primedStream(lines()) };
}
