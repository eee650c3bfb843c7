// The current path as reactive state, plus navigate() and same-origin link
// interception, so plain <a href="/r/…"> works without a router library.
export const location = $state({ path: typeof window === 'undefined' ? '/' : window.location.pathname });

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const url = new URL(to, window.location.href);
  if (opts.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  location.path = url.pathname;
  if (!opts.replace) window.scrollTo(0, 0);
}

export function startRouter(): void {
  window.addEventListener('popstate', () => {
    location.path = window.location.pathname;
  });
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = (e.target as Element | null)?.closest?.('a');
    if (!a || !a.href || a.target || a.hasAttribute('download') || a.getAttribute('rel')?.includes('external')) return;
    const url = new URL(a.href);
    if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
    e.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
}
