// A wide table's sideways scroller (.table-wrap) on a phone: reachable by
// keyboard (WCAG 2.1.1; axe's scrollable-region-focusable) and named for a
// screen reader, but only while it does scroll, so a desktop gets no extra tab
// stop. Named by its data-label, else by the heading the table
// sits under. One watcher for a whole area (watchScrollRegions), not a `use:`
// directive per table: that would pull Svelte's action helper into the chunk
// the voter's page shares, over its byte budget.
function scrollRegion(node: HTMLElement) {
  const name = node.dataset.label;
  const heading = () => {
    for (let el: Element | null = node; el && el !== document.body; el = el.parentElement) {
      for (let s = el.previousElementSibling; s; s = s.previousElementSibling) {
        const h = s.matches('h1, h2, h3') ? s : s.querySelector('h1, h2, h3');
        if (h?.textContent?.trim()) return h.textContent.trim();
      }
    }
    return '';
  };
  const update = () => {
    const scrolls = node.scrollWidth > node.clientWidth + 1;
    if (scrolls) {
      node.tabIndex = 0;
      node.setAttribute('role', 'region');
      node.setAttribute('aria-label', name || heading());
    } else {
      node.removeAttribute('tabindex');
      node.removeAttribute('role');
      node.removeAttribute('aria-label');
    }
  };
  update();
  return update;
}

/** Keeps every .table-wrap under root a named, focusable region while it scrolls; returns the stop. */
export function watchScrollRegions(root: HTMLElement): () => void {
  const seen = new WeakMap<Element, () => void>();
  const sizes = new ResizeObserver((entries) => {
    for (const e of entries) seen.get(e.target.closest('.table-wrap') ?? e.target)?.();
  });
  const scan = () => {
    for (const el of root.querySelectorAll<HTMLElement>('.table-wrap')) {
      if (seen.has(el)) continue;
      seen.set(el, scrollRegion(el));
      sizes.observe(el);
      if (el.firstElementChild) sizes.observe(el.firstElementChild);
    }
  };
  const added = new MutationObserver(scan);
  added.observe(root, { childList: true, subtree: true });
  scan();
  return () => {
    added.disconnect();
    sizes.disconnect();
  };
}
