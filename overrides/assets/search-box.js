// The header search box on every page but the search page: at the reader's first keystroke in
// it, fetch what the search page needs before its first result (its head preloads them: Pagefind's
// worker, index entry, metadata and WebAssembly; debunk.search.pagefind writes their names there after
// indexing), so that when Enter opens the search page they come from the browser's cache.
// The bytes are the ones that search would load anyway, from this site only, and only once a
// reader has started typing a query.
(() => {
  const form = document.querySelector("form.debunk-header-search");
  const input = form && form.querySelector("input[name=q]");
  if (!input || !window.fetch || !window.DOMParser) return;
  const searchPage = new URL(form.getAttribute("action"), location.href);
  if (searchPage.pathname === location.pathname) return; // the search page loads them itself
  const warm = async () => {
    try {
      const response = await fetch(searchPage, { credentials: "same-origin" });
      if (!response.ok) return;
      const head = new DOMParser().parseFromString(await response.text(), "text/html").head;
      for (const link of head.querySelectorAll('link[rel="preload"][as="fetch"][href]')) {
        const url = new URL(link.getAttribute("href"), response.url);
        if (url.origin === location.origin) fetch(url, { credentials: "same-origin" }).catch(() => {});
      }
    } catch {
      // offline, or a site without its search page: the search page loads what it needs
    }
  };
  input.addEventListener("input", warm, { once: true });
})();
