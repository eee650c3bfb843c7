// Drafts save as the office types: a save goes ~800 ms after the last edit,
// one at a time, each naming the revision it was made from. Another tab's
// save in between answers 409 DRAFT_CONFLICT: nothing is overwritten, the
// editor says so and offers to load the other version. Pure (the clock and
// the call are passed in), so it is tested without a browser or a server.

export type SaveState = 'saved' | 'saving' | 'unsaved' | 'conflict' | 'failed';

export interface SaverOptions<R> {
  /** Saves the file made from `revision`; answers the server's draft (its new revision). */
  save: (file: unknown, revision: number) => Promise<R & { revision: number }>;
  onState: (state: SaveState, error?: unknown) => void;
  onSaved?: (draft: R & { revision: number }) => void;
  delay?: number;
  isConflict?: (error: unknown) => boolean;
  timers?: { set: (fn: () => void, ms: number) => unknown; clear: (id: unknown) => void };
}

export class Autosaver<R> {
  private revision: number;
  private pending: unknown = undefined;
  private hasPending = false;
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  state: SaveState = 'saved';

  constructor(
    revision: number,
    private readonly o: SaverOptions<R>,
  ) {
    this.revision = revision;
  }

  private set(state: SaveState, error?: unknown) {
    this.state = state;
    this.o.onState(state, error);
  }

  private get timers() {
    return this.o.timers ?? { set: (fn: () => void, ms: number) => setTimeout(fn, ms), clear: (id: unknown) => clearTimeout(id as number) };
  }

  /** The file changed: save it after a pause in typing. */
  edit(file: unknown) {
    if (this.stopped || this.state === 'conflict') return;
    this.pending = file;
    this.hasPending = true;
    if (this.running === null) this.set('unsaved');
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = this.timers.set(() => void this.flush(), this.o.delay ?? 800);
  }

  /** Save now what is waiting (before applying, or leaving the page); resolves when nothing is. */
  async flush(): Promise<void> {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    while (this.running) await this.running;
    while (this.hasPending && !this.stopped && this.state !== 'conflict' && this.state !== 'failed') {
      this.running = this.saveOnce();
      await this.running;
      this.running = null;
    }
  }

  /** Try again after a failed save. */
  retry(): Promise<void> {
    if (this.state === 'failed') this.set('unsaved');
    return this.flush();
  }

  private async saveOnce() {
    const file = this.pending;
    this.hasPending = false;
    this.set('saving');
    try {
      const draft = await this.o.save(file, this.revision);
      this.revision = draft.revision;
      this.o.onSaved?.(draft);
      if (!this.hasPending) this.set('saved');
    } catch (e) {
      if (this.o.isConflict?.(e)) {
        this.hasPending = false;
        this.set('conflict', e);
      } else {
        // Kept: the next edit, or a retry, saves it again.
        if (!this.hasPending) {
          this.pending = file;
          this.hasPending = true;
        }
        this.set('failed', e);
      }
    }
  }

  /** Whether something typed is not on the server yet. */
  get dirty() {
    return this.hasPending || this.running !== null;
  }

  stop() {
    this.stopped = true;
    if (this.timer !== null) this.timers.clear(this.timer);
  }
}
