// What `npm start` prints once it is ready: where the console is, the first
// admin's password (once), the demo's voting links with a QR code, and what
// to do when a phone cannot reach them or the password is lost.
import QRCode from 'qrcode';
import type { Config } from './config.js';

export type DemoLinks = { campaign: string; links: string[] } | { campaign: string; status: string };

export async function banner(config: Config, s: { storage: string; redis: string; admin: { username: string; password: string } | null; links: DemoLinks | null }): Promise<string> {
  const embedded = !config.databaseUrl;
  const lines = [
    '',
    `  网上民调 / 万人评机关 is running (${config.role}, ${s.storage}, Redis ${s.redis})`,
    `  Console:   ${config.publicUrl}/admin`,
    `  API docs:  ${config.publicUrl}/api/docs`,
  ];
  if (s.admin) lines.push(`  First admin (shown once, change it): ${s.admin.username} / ${s.admin.password}`);
  else lines.push(`  Admin password lost? ${embedded ? 'Stop the server, then run' : 'Run'}: npm run reset-admin-password`);
  if (s.links && 'links' in s.links) {
    lines.push('', `  Demo: three unused voting links for "${s.links.campaign}":`, ...s.links.links.map((l) => `    ${l}`));
    if (s.links.links[0]) lines.push(await QRCode.toString(s.links.links[0], { type: 'terminal', small: true }));
    if (config.publicUrlSource === 'loopback') {
      lines.push(
        config.host === '0.0.0.0' || config.host === '::'
          ? '  Phones: no network address found on this computer; set PUBLIC_URL to the address phones reach it at.'
          : '  Phones: localhost is this computer only. To vote from a phone on the same network, start with HOST=0.0.0.0 (links then use this computer’s network address), or set PUBLIC_URL.',
      );
    }
  } else if (s.links) {
    lines.push('', `  Demo: "${s.links.campaign}" is ${s.links.status}, so it takes no votes: open a campaign in the console and make a code batch (评议码) for new voting links.`);
  }
  return lines.join('\n');
}
