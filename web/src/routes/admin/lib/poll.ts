// Repeats a load every few seconds while the page is shown: never two at once,
// and not while the tab is hidden (a projector left on all day costs nothing).
export function startPolling(load: () => Promise<unknown>, everyMs: number): () => void {
  let stopped = false;
  let running = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const tick = async () => {
    if (stopped || running) return;
    clearTimeout(timer);
    running = true;
    try {
      if (!hidden()) await load();
    } catch {
      /* the page shows the error; keep trying */
    } finally {
      running = false;
    }
    if (!stopped) timer = setTimeout(tick, everyMs);
  };
  const onVisible = () => {
    if (!hidden()) void tick();
  };
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisible);
  void tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
    if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisible);
  };
}
