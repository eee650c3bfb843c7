// The rankings as a table an office files or prints: CSV, or XLSX with one
// sheet per category. Rows follow rank order; insufficient units come last
// with their reason.
import ExcelJS from 'exceljs';
import type { CampaignResult, UnitResult } from '@minping/shared/scoring';
import type { CampaignSpec } from '@minping/shared/spec';
import { CSV_BOM, csvRow } from '../../lib/csv.js';
import { ZH } from '../../lib/coded-text.zh.js';
import { sheetNames } from '../../lib/sheet-names.js';

type Lang = 'zh-CN' | 'en';
const HEAD: Record<Lang, Record<string, string>> = {
  'zh-CN': { rank: '名次', unit: '被评对象', composite: '综合得分', warning: '预警', mark: '标记', bottom: '连续末位次数', note: '说明', ratings: '有效评价数', red: ZH['warning.red'], yellow: ZH['warning.yellow'], green: ZH['warning.green'], top: ZH['mark.top'], bottomMark: ZH['mark.bottom'], veto: '一票否决', insufficient: '不足以排名', 'too-few-ratings': '有效评价不足', 'score-missing': '缺少录入分' },
  en: { rank: 'Rank', unit: 'Unit', composite: 'Composite', warning: 'Warning', mark: 'Mark', bottom: 'Consecutive bottom', note: 'Note', ratings: 'valid ratings', red: 'Red warning', yellow: 'Yellow warning', green: 'Green', top: 'Top', bottomMark: 'Bottom', veto: 'veto', insufficient: 'not ranked', 'too-few-ratings': 'too few ratings', 'score-missing': 'score missing' },
};

export interface ExportTable {
  sheet: string;
  header: string[];
  rows: (string | number | null)[][];
  /** The columns holding scores (composite and component scores), shown with the campaign's decimals. */
  scoreColumns: number[];
  decimals: number;
}

function unitRow(u: UnitResult, lang: Lang): (string | number | null)[] {
  const h = HEAD[lang];
  const marks = [u.inTop ? h.top : '', u.inBottom ? h.bottomMark : '', u.vetoed ? h.veto : ''].filter(Boolean).join(' ');
  const notes = [
    u.vetoReason ? `${h.veto}: ${u.vetoReason}` : '',
    ...u.insufficientReasons.map((r) => `${r.component}: ${h[r.reason]}${r.ratings !== undefined ? ` (${r.ratings}/${r.required})` : ''}`),
  ].filter(Boolean).join('; ');
  return [
    u.rank,
    u.name,
    u.composite,
    ...u.components.flatMap((c) => (c.source === 'ballots' ? [c.score, c.ratings] : [c.score])),
    u.warning ? h[u.warning] : u.rank === null ? h.insufficient : '',
    marks,
    u.consecutiveBottom,
    notes,
  ];
}

export function rankingTables(spec: CampaignSpec, result: CampaignResult, lang: Lang, category?: string): ExportTable[] {
  const h = HEAD[lang];
  const byKey = new Map(result.units.map((u) => [u.key, u]));
  const header = [
    h.rank,
    h.unit,
    h.composite,
    ...spec.components.flatMap((c) => (c.source === 'ballots' ? [`${c.name} (${c.weight}%)`, `${c.name} ${h.ratings}`] : [`${c.name} (${c.weight}%)`])),
    h.warning,
    h.mark,
    h.bottom,
    h.note,
  ];
  // Rank and unit first, then the composite, then each component's score (and a ballot-fed one's count).
  const scoreColumns = [2];
  let col = 3;
  for (const c of spec.components) {
    scoreColumns.push(col);
    col += c.source === 'ballots' ? 2 : 1;
  }
  return result.categories
    .filter((c) => !category || c.key === category)
    .map((c) => ({
      sheet: spec.categories.find((x) => x.key === c.key)?.name ?? c.key,
      header,
      scoreColumns,
      decimals: spec.rules.decimals,
      rows: [...c.ranked, ...c.insufficient].map((k) => unitRow(byKey.get(k)!, lang)),
    }));
}

export function toCsv(tables: ExportTable[], categoryHeader: string): string {
  const lines = [csvRow([categoryHeader, ...(tables[0]?.header ?? [])])];
  for (const t of tables) for (const r of t.rows) lines.push(csvRow([t.sheet, ...r]));
  return CSV_BOM + lines.join('');
}

export async function toXlsx(tables: ExportTable[], title: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.title = title;
  const names = sheetNames(tables.map((t) => t.sheet));
  for (const [i, t] of tables.entries()) {
    const ws = book.addWorksheet(names[i]);
    ws.addRow([title]).font = { bold: true, size: 13 };
    const head = ws.addRow(t.header);
    head.font = { bold: true };
    head.eachCell((c) => (c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } }));
    // Scores are exact decimal strings; written as numbers so Excel can sort and sum them,
    // shown with the campaign's decimals (87.50, as published, not 87.5).
    const numFmt = t.decimals > 0 ? `0.${'0'.repeat(t.decimals)}` : '0';
    for (const r of t.rows) {
      const row = ws.addRow(r.map((v) => (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v)));
      for (const i of t.scoreColumns) if (typeof r[i] === 'string' || typeof r[i] === 'number') row.getCell(i + 1).numFmt = numFmt;
    }
    ws.columns.forEach((col, i) => (col.width = i === 1 ? 24 : i === t.header.length - 1 ? 40 : 12));
    ws.views = [{ state: 'frozen', ySplit: 2 }];
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
