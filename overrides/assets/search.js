// Search page: Pagefind's chunked index (/pagefind/), a small accessible UI, state in the URL.
// The page's head starts Pagefind's web worker and imports this module, which sends the query in
// the URL at once, while the page and its theme are still loading, and shows the results once
// the markup is there (overrides/search.html).
// Two Pagefind engines, each in its own worker: `engine` finds results and loads only the word
// chunks, filter buckets and fragments a query needs; `counter` loads every filter file and
// counts each filter value for the same query afterwards. Counting thousands of results takes
// Pagefind seconds, so it never delays the results, nor the next query.
// The build (debunk/search.py) names each case's fragment `<lang>_<digest>_<rank>`, its rank in
// date order in base 36, which is how results are sorted by date here; and it spreads big
// filters over buckets `<filter>-<n>`, given in the head with the salt `filterBucket` uses.
performance.mark("debunk-search-start");

// Pagefind's worker, spoken to with the messages of Pagefind's own wrapper (pagefind.js: 45 KB
// that the page then need not load and run before the worker can start). debunk.search_bundle
// checks at build time that the worker of the pinned Pagefind release still reads them.
// The page's head starts the first worker (`boot`) before this script has even arrived.
class Engine {
  constructor(options, boot = null) {
    this.calls = new Map();
    this.sent = 0;
    this.worker = boot?.worker ?? new Worker(new URL("pagefind-worker.js", index.bundle));
    let failed;
    this.broken = new Promise((resolve, reject) => {
      failed = () => reject(new Error("no search index"));
    });
    this.broken.catch(() => {}); // reported by the calls that race it
    const answered = ({ data }) => {
      const call = this.calls.get(data.id);
      this.calls.delete(data.id);
      if (data.error) call?.reject(new Error(data.error));
      else call?.resolve(data.result);
    };
    this.worker.addEventListener("message", answered);
    this.worker.addEventListener("error", failed);
    this.released = new FinalizationRegistry((dataId) => this.worker.postMessage(this.message("releaseData", [dataId])));
    if (boot) {
      this.ready = this.answer("debunk_init");
      for (const event of boot.early) (event.type === "message" ? answered : failed)(event);
      this.worker.onmessage = this.worker.onerror = null;
    } else {
      this.ready = this.call("init", [options]);
    }
  }

  answer(id) {
    const answer = new Promise((resolve, reject) => this.calls.set(id, { resolve, reject }));
    const settled = Promise.race([answer, this.broken]);
    settled.catch(() => {}); // a failure is for whoever awaits it: start() tells the reader
    return settled;
  }

  message(method, args) {
    return { id: `debunk_${this.sent++}`, instanceId: "debunk", method, args };
  }

  call(method, args) {
    const message = this.message(method, args);
    const answer = this.answer(message.id);
    this.worker.postMessage(message);
    return answer;
  }

  async search(term, options) {
    const found = await this.call("search", [term, options]);
    for (const result of found.results) {
      const dataId = result.data;
      result.data = () => this.call("getData", [dataId]);
      this.released.register(result, dataId);
    }
    return found;
  }

  preload(term, options) {
    return this.call("preload", [term, options]);
  }

  filters() {
    return this.call("filters", []);
  }
}

const FILTERS = ["narrative", "keyword", "country", "language", "outlet", "year"];
const LABELS = {
  narrative: "Narrative", keyword: "Keyword", country: "Country or region",
  language: "Language", outlet: "Outlet", year: "Year",
};
const PAGE_SIZE = 10;
const SHOWN_VALUES = 8;
const LISTED_VALUES = 200;

const encoder = new TextEncoder();
const dates = new Intl.DateTimeFormat(navigator.languages, { dateStyle: "long", timeZone: "UTC" });
const numbers = new Intl.NumberFormat(navigator.languages);
const index = readIndex();
const boot = window.debunkSearch; // the worker the page's head started, its options and first words
const engine = new Engine(boot.options, boot);
let state = readState();
let firstQuery = isEmpty(state) ? null : query(state);
firstQuery?.catch(() => {}); // awaited later, in start(), which tells the reader if it failed

let page = null; // the page's elements, once parsed
let counter = null;
let generation = 0;
let current = [];
let shown = 0;

function readIndex() {
  const meta = document.querySelector('meta[name="debunk-search-index"]');
  return { bundle: new URL(meta.content, location.href), buckets: JSON.parse(meta.dataset.buckets || "{}") };
}

function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const name of FILTERS) {
    const values = params.getAll(name).filter((value) => value !== "");
    if (values.length) filters[name] = [...new Set(values)];
  }
  const sort = ["date-desc", "date-asc"].includes(params.get("sort")) ? params.get("sort") : "";
  return { q: (params.get("q") || "").trim(), filters, sort };
}

function isEmpty(next) {
  return !next.q && Object.keys(next.filters).length === 0;
}

function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) hash = Math.imul(hash ^ byte, 0x01000193);
  return hash >>> 0;
}

// The bucket of a filter value; debunk.search_bundle.filter_bucket computes the same.
export function filterBucket(value, count, salt) {
  return (Math.imul(fnv1a(value) ^ salt, 0x9e3779b1) >>> 0) % count;
}

// {keyword: ["NATO"]} -> {"keyword-3": ["NATO"]}: values of one filter must all match, in one
// bucket or across several, exactly as in one filter file.
function bucketed(filters) {
  const spread = {};
  for (const [name, values] of Object.entries(filters)) {
    for (const value of values) {
      const buckets = index.buckets[name];
      const key = buckets ? `${name}-${filterBucket(value, buckets[0], buckets[1])}` : name;
      (spread[key] ??= []).push(value);
    }
  }
  return spread;
}

function unbucketed(counts) {
  const merged = {};
  for (const [key, values] of Object.entries(counts)) {
    const name = key.replace(/-\d+$/, "");
    merged[name] = { ...merged[name], ...values };
  }
  return merged;
}

function dateRank(result) {
  return parseInt(result.id.slice(result.id.lastIndexOf("_") + 1), 36);
}

function ordered(results, next) {
  // Without words there is no relevance: newest first, unless the reader chose otherwise.
  const sort = next.sort || (next.q ? "" : "date-desc");
  if (!sort) return results;
  const direction = sort === "date-asc" ? 1 : -1;
  return [...results].sort((a, b) => direction * (dateRank(a) - dateRank(b)));
}

// The results of a query, in order, and the data of the first page of them.
async function query(next) {
  const search = await engine.search(next.q || null, { filters: bucketed(next.filters) });
  const results = ordered(search.results, next);
  const first = await Promise.all(results.slice(0, PAGE_SIZE).map((result) => result.data()));
  return { results, first };
}

function stateUrl(next) {
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  for (const name of FILTERS) for (const value of next.filters[name] || []) params.append(name, value);
  if (next.sort) params.set("sort", next.sort);
  const search = params.toString();
  return location.pathname + (search ? `?${search}` : "");
}

function update(next, push) {
  state = next;
  const url = stateUrl(next);
  if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  syncInputs();
  run();
}

function syncInputs() {
  if (document.activeElement !== page.input) page.input.value = state.q;
  if (page.headerInput && document.activeElement !== page.headerInput) page.headerInput.value = state.q;
  page.sort.value = state.sort;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function formatDate(iso) {
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : dates.format(date);
}

function renderResult(data) {
  const item = element("li", "debunk-search__result");
  const verdict = data.meta.verdict || "";
  const slug = verdict.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const badge = element("p", `debunk-verdict debunk-verdict--${slug}`);
  badge.append(element("span", "debunk-visually-hidden", "Verdict: "), verdict);
  const heading = element("h2", "debunk-search__claim");
  const link = element("a", "", data.meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  const when = element("time", "debunk-search__date", formatDate(data.meta.date || ""));
  when.dateTime = data.meta.date || "";
  const excerpt = element("p", "debunk-search__excerpt");
  excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark> elements
  item.append(badge, heading, when, excerpt);
  return item;
}

function showResults(loaded) {
  page.list.append(...loaded.map(renderResult));
  shown += loaded.length;
  page.more.hidden = shown >= current.length;
}

async function showMore(mine) {
  const slice = current.slice(shown, shown + PAGE_SIZE);
  const loaded = await Promise.all(slice.map((result) => result.data()));
  if (mine === generation) showResults(loaded);
}

function describe(count) {
  const words = state.q ? ` for “${state.q}”` : "";
  const chosen = Object.values(state.filters).flat().length;
  const narrowed = chosen ? ` with ${chosen} filter${chosen === 1 ? "" : "s"}` : "";
  if (count === 0) return `No case found${words}${narrowed}.`;
  return `${numbers.format(count)} case${count === 1 ? "" : "s"} found${words}${narrowed}.`;
}

async function run(prefetched = null) {
  const mine = ++generation;
  page.root.dataset.state = "searching";
  if (isEmpty(state)) {
    current = [];
    page.list.replaceChildren();
    page.more.hidden = true;
    page.status.textContent = "Type words to search the cases, or choose a filter.";
    const totals = await (await counting()).filters();
    if (mine !== generation) return;
    renderFacets(unbucketed(totals));
    page.root.dataset.state = "done";
    return;
  }
  page.status.textContent = "Searching…";
  const answer = await (prefetched ?? query(state));
  if (mine !== generation) return;
  current = answer.results;
  shown = 0;
  page.list.replaceChildren();
  showResults(answer.first);
  page.status.textContent = describe(current.length);
  performance.mark("debunk-search-results");
  page.facets.setAttribute("aria-busy", "true");
  const counts = await counting();
  if (mine !== generation) return;
  const counted = await counts.search(state.q || null, { filters: bucketed(state.filters) });
  if (mine !== generation) return;
  renderFacets(unbucketed(counted.filters));
  page.root.dataset.state = "done";
  performance.mark("debunk-search-done");
}

function counting() {
  counter ??= (async () => {
    const counts = new Engine(boot.options);
    await counts.filters(); // every filter file, once
    return counts;
  })();
  return counter;
}

function valueOrder(name, counts) {
  return (a, b) =>
    name === "year" ? b.localeCompare(a) : counts[b] - counts[a] || a.localeCompare(b);
}

function renderValue(name, value, count) {
  const label = element("label", "debunk-search__value");
  const box = element("input");
  box.type = "checkbox";
  box.name = name;
  box.value = value;
  box.checked = (state.filters[name] || []).includes(value);
  label.append(box, ` ${value} `, element("span", "debunk-count", numbers.format(count)));
  return label;
}

function renderFacet(name, counts) {
  const chosen = state.filters[name] || [];
  const values = Object.keys(counts).filter((value) => counts[value] > 0 || chosen.includes(value));
  if (!values.length) return null;
  values.sort(valueOrder(name, counts));
  const listed = [...chosen.filter((value) => values.includes(value)),
    ...values.filter((value) => !chosen.includes(value))];
  const group = element("fieldset", "debunk-search__facet");
  group.dataset.filter = name;
  group.append(element("legend", "", LABELS[name]));
  for (const value of listed.slice(0, SHOWN_VALUES)) group.append(renderValue(name, value, counts[value] || 0));
  if (listed.length > SHOWN_VALUES) {
    const rest = element("details", "debunk-search__rest");
    const hidden = listed.length - SHOWN_VALUES;
    rest.append(element("summary", "", `${numbers.format(hidden)} more`));
    for (const value of listed.slice(SHOWN_VALUES, SHOWN_VALUES + LISTED_VALUES)) {
      rest.append(renderValue(name, value, counts[value] || 0));
    }
    if (hidden > LISTED_VALUES) rest.append(element("p", "", "Add words to the search to see the others."));
    group.append(rest);
  }
  return group;
}

function renderFacets(counts) {
  const groups = FILTERS.map((name) => renderFacet(name, counts[name] || {})).filter(Boolean);
  page.facets.replaceChildren(...groups);
  page.facets.setAttribute("aria-busy", "false");
}

function toggle(event) {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox") return;
  const filters = { ...state.filters };
  const values = new Set(filters[box.name] || []);
  if (box.checked) values.add(box.value);
  else values.delete(box.value);
  if (values.size) filters[box.name] = [...values];
  else delete filters[box.name];
  update({ ...state, filters }, true);
}

let typing = null;
function wire() {
  page.form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    update({ ...state, q: page.input.value.trim() }, true);
  });
  page.input.addEventListener("input", () => {
    clearTimeout(typing);
    engine.preload(page.input.value.trim(), { filters: bucketed(state.filters) });
    typing = setTimeout(() => update({ ...state, q: page.input.value.trim() }, false), 250);
  });
  if (page.headerInput?.form) {
    page.headerInput.form.addEventListener("submit", (event) => {
      event.preventDefault();
      update({ ...state, q: page.headerInput.value.trim() }, true);
    });
  }
  page.sort.addEventListener("change", () => update({ ...state, sort: page.sort.value }, true));
  page.facets.addEventListener("change", toggle);
  page.more.addEventListener("click", () => showMore(generation));
  window.addEventListener("popstate", () => {
    state = readState();
    syncInputs();
    run();
  });
}

async function start() {
  const root = document.querySelector(".debunk-search");
  page = {
    root, input: root.querySelector("#debunk-search-q"), form: root.querySelector(".debunk-search__form"),
    status: root.querySelector(".debunk-search__status"), list: root.querySelector(".debunk-search__list"),
    more: root.querySelector(".debunk-search__more"), facets: root.querySelector(".debunk-search__filters"),
    sort: root.querySelector("select[name=sort]"), headerInput: document.querySelector("#debunk-header-q"),
  };
  root.querySelector(".debunk-search__panel").hidden = false;
  syncInputs();
  try {
    await engine.ready;
  } catch (error) {
    page.status.textContent = "Search is not available: this site was built without its search index (`mkdocs serve` skips it; `mkdocs build` makes it).";
    root.dataset.state = "unavailable";
    return;
  }
  wire();
  const prefetched = firstQuery;
  firstQuery = null;
  await run(prefetched);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
else start();
