// First: polyfills, and a voting link's questionnaire asked for (early.ts).
import './early';
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { applyLang, lang, ready } from './lib/i18n/index.svelte';
import { startRouter } from './lib/router.svelte';
import { resolve } from './lib/match';
import { ROUTES, loadArea } from './routes';

applyLang();
// The page's area (and an English reader's strings for it) loads while the
// frame's strings do; early.ts has asked for a voting link's questionnaire.
const { area } = resolve(ROUTES, location.pathname);
if (area) void loadArea(area);
// An English reader's ballot strings beside the vote area, not once it has run and registered them:
// one round trip fewer on a slow link (the area's own import is of the same module).
if (area === 'vote' && lang() === 'en') void import('./lib/voter/i18n/en').catch(() => undefined);
startRouter();
// English readers wait for their strings (one small request) rather than see Chinese flash by.
// Until then index.html's static shell is on screen, painted before any script
// ran; it is cleared in the same task as the app mounts, so no blank frame.
void ready().then(() => {
  const target = document.getElementById('app')!;
  target.textContent = '';
  mount(App, { target });
});
