// Integers a request may carry, bounded by the columns they meet. zod's
// `int()` stops at 2^53; a PostgreSQL integer column at 2^31 - 1, and a
// larger value sent to it fails the statement, which the app would answer as
// its own fault (500). Ids of 64-bit (bigserial) rows — ballots, audit
// entries — stay bounded by `int()` alone.
import { z } from 'zod';

/** The largest value of a PostgreSQL integer (int4, serial) column. */
export const INT4_MAX = 2 ** 31 - 1;

/** The id of a row with a 32-bit (serial) id, in a path or query ("12"). */
export const rowIdParam = () => z.coerce.number().int().positive().max(INT4_MAX);

/** The id of a row with a 32-bit (serial) id, in a JSON body. */
export const rowId = () => z.number().int().positive().max(INT4_MAX);

/** A count, revision or version kept in an integer column, in a JSON body: 0 and up. */
export const int4 = () => z.number().int().min(0).max(INT4_MAX);
