import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { applyLang, ready } from './lib/i18n/index.svelte';
import { startRouter } from './lib/router.svelte';

applyLang();
startRouter();
// English readers wait for their strings (one small request) rather than see Chinese flash by.
void ready().then(() => mount(App, { target: document.getElementById('app')! }));
