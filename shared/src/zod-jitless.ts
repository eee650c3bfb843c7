// Imported first by a browser area that parses with zod (the console's
// campaign editor checks files as the office types): zod compiles parsers
// with new Function unless told not to, and the app's Content-Security-Policy
// forbids eval — it reports even zod's probe for it. Schemas read the setting
// when they are built, so this must run before any is: import it first.
import { z } from 'zod';

z.config({ jitless: true });
