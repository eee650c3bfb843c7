// The campaign editor, loaded when it is opened: it checks the file as the
// office types with the campaign file's zod schemas, which the rest of the
// console does without (its chunk is about half the size for it).
// First: zod must know it may not compile parsers before any schema is built.
import '@minping/shared/zod-jitless';
export { default as StartPage } from './StartPage.svelte';
export { default as EditorPage } from './EditorPage.svelte';
