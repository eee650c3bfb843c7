import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { banner } from './banner.js';

const base = { storage: 'embedded PostgreSQL in ./data', redis: 'redis://127.0.0.1:6379' };
const links = { campaign: '示范市2026年度', links: ['http://localhost:3000/v/AAAA', 'http://localhost:3000/v/BBBB', 'http://localhost:3000/v/CCCC'] };

describe('the banner npm start prints', () => {
  it('gives the first admin’s password once, later the way back in when it is lost', async () => {
    const config = loadConfig({});
    expect(await banner(config, { ...base, admin: { username: 'admin', password: 'pw-once' }, links: null })).toContain('First admin (shown once, change it): admin / pw-once');
    const later = await banner(config, { ...base, admin: null, links: null });
    expect(later).not.toContain('First admin');
    expect(later).toContain('Admin password lost? Stop the server, then run: npm run reset-admin-password');
    expect(await banner(loadConfig({ DATABASE_URL: 'postgres://x@db/minping' }), { ...base, admin: null, links: null })).toContain('Admin password lost? Run: npm run reset-admin-password');
  });

  it('draws the first link as a QR code, and says how to let phones in when the links say localhost', async () => {
    const out = await banner(loadConfig({}), { ...base, admin: null, links });
    expect(out).toMatch(/[▄▀█]{4}/);
    expect(out).toContain('start with HOST=0.0.0.0');
    const configured = await banner(loadConfig({ PUBLIC_URL: 'https://vote.example.gov.cn' }), { ...base, admin: null, links });
    expect(configured).not.toContain('Phones:');
  });

  it('says how to get new links when the demo campaign no longer takes votes', async () => {
    const out = await banner(loadConfig({}), { ...base, admin: null, links: { campaign: '示范市2026年度', status: 'closed' } });
    expect(out).toContain('"示范市2026年度" is closed, so it takes no votes: open a campaign in the console and make a code batch');
    expect(out).not.toMatch(/[▄▀█]{4}/);
  });
});
