import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { applyLang, lang, ready } from './lib/i18n/index.svelte';
import { startRouter } from './lib/router.svelte';
import { askEarly } from './lib/voter/early';
import { loadArea } from './routes';

applyLang();
// A voting link: the vote chunk, the questionnaire and (for English readers)
// the voter's strings at once, not one after the other.
if (askEarly(location.pathname, 20_000)) {
  void loadArea('vote');
  if (lang() === 'en') void import('./lib/voter/i18n/en');
}
startRouter();
// English readers wait for their strings (one small request) rather than see Chinese flash by.
void ready().then(() => mount(App, { target: document.getElementById('app')! }));
