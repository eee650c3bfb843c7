// A small script of its own: on a voting link (/v/CODE) it asks for the
// questionnaire as soon as it has arrived, beside the app's own chunks (Svelte
// and the voter's page, ~26 KB), not after they have arrived and run. The page
// lists it as an async module script (scripts/voter-first.ts) and main.ts
// imports it first; the ballot page takes its answer (docs/benchmarks.md, "The
// voter's page on a slow phone").
import './lib/old-engines';
import { askEarly } from './lib/voter/early';

askEarly(location.pathname, 20_000);
