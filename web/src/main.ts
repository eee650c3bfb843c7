import './lib/old-engines';
import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { applyLang, ready } from './lib/i18n/index.svelte';
import { startRouter } from './lib/router.svelte';
import { askEarly } from './lib/voter/early';
import { loadArea } from './routes';

applyLang();
// A voting link: the vote chunk and the questionnaire at once, not one after
// the other (docs/benchmarks.md, "The voter's page on a slow phone").
if (askEarly(location.pathname, 20_000)) void loadArea('vote');
startRouter();
// English readers wait for their strings (one small request) rather than see Chinese flash by.
// Until then index.html's static shell is on screen, painted before any script
// ran; it is cleared in the same task as the app mounts, so no blank frame.
void ready().then(() => {
  const target = document.getElementById('app')!;
  target.textContent = '';
  mount(App, { target });
});
