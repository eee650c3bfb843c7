// The first script of the page, and a small one: on a voting link (/v/CODE) it
// asks for the questionnaire as soon as it has arrived, beside the app's own
// chunks (Svelte and the voter's page, ~26 KB), not after they have arrived and
// run. index.html lists it before main.ts, so it runs first and the ballot page
// takes its answer (docs/benchmarks.md, "The voter's page on a slow phone").
import './lib/old-engines';
import { askEarly } from './lib/voter/early';

askEarly(location.pathname, 20_000);
