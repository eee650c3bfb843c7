// Times are stored in UTC; people in the offices read Asia/Shanghai.
const dateFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Shanghai, YYYY-MM-DD. */
export function shanghaiDate(d: Date): string {
  return dateFmt.format(d);
}
