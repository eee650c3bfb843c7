// The address people outside reach (PUBLIC_URL, from GET /settings). The
// console may be opened on an internal host (http://10.0.0.5/admin): the QR
// codes and links it hands out must carry the public address, never the
// browser's. Only when the deployment sets none does it fall back to the
// browser's own address, and the screen says so. Pure, so tested without a browser.
export interface PublicBase {
  /** No trailing slash: `${url}/v`. */
  url: string;
  /** False: the browser's address stands in (the screen warns). */
  configured: boolean;
}

export function publicBase(setting: string | null | undefined, origin: string): PublicBase {
  if (setting) return { url: setting.replace(/\/+$/, ''), configured: true };
  return { url: origin.replace(/\/+$/, ''), configured: false };
}

/** "https://pj.example.gov.cn/v" → "pj.example.gov.cn/v": what a person types. */
export const withoutScheme = (url: string) => url.replace(/^https?:\/\//, '');
