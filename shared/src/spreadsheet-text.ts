// The text of a file an office saved from a spreadsheet. Excel's plain "CSV"
// on a Chinese Windows is GB18030 (GBK), not UTF-8; read as UTF-8 its 汉字
// became U+FFFD and no unit key matched. Pure, for the server and the console.

let decoders: TextDecoder[] | undefined;

/** The text of `bytes` as UTF-8 or else GB18030, each strictly; null when it is neither. */
export function decodeSpreadsheetText(bytes: Uint8Array): string | null {
  decoders ??= [new TextDecoder('utf-8', { fatal: true }), new TextDecoder('gb18030', { fatal: true })];
  for (const d of decoders) {
    try {
      return d.decode(bytes);
    } catch {
      // not this one
    }
  }
  return null;
}
