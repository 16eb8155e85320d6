// Search page: Pagefind's chunked index (/pagefind/), a small accessible UI, state in the URL.
// The page's head (overrides/search.html) reads the URL, starts Pagefind's web worker with the
// query in it, and imports this module, which shows the results once the markup is there.
// The worker answers each query in one message (debunk/search/search_worker.js, which the build puts
// into Pagefind's worker): it maps filter values to the build's buckets, orders the results
// and sends the data of the first page, so this module only renders.
// Filters combine as in every faceted search: any value ticked in one filter, and every
// filter. Chosen values are chips above the results; on a phone the filters are a panel that
// the Filters button opens (search.css), the results first.
// Two workers: `engine` finds results and loads only the word chunks, filter buckets and
// fragments a query needs; `counter` loads every filter file and counts, for the same query
// afterwards, what ticking each filter value gives. Counting thousands of results takes
// Pagefind seconds, so it never delays the results, nor the next query.

// A worker started by the head's `start`, and the answers to the messages sent to it.
class Engine {
  constructor({ worker, early }) {
    this.calls = new Map();
    this.sent = 0;
    this.worker = worker;
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
    worker.addEventListener("message", answered);
    worker.addEventListener("error", failed);
    this.ready = this.answer("debunk_init");
    this.first = this.answer("debunk_first"); // the query of the URL, if there was one
    for (const event of early) (event.type === "message" ? answered : failed)(event);
    worker.onmessage = worker.onerror = null;
  }

  answer(id) {
    const answer = new Promise((resolve, reject) => this.calls.set(id, { resolve, reject }));
    const settled = Promise.race([answer, this.broken]);
    settled.catch(() => {}); // a failure is for whoever awaits it: start() tells the reader
    return settled;
  }

  call(method, ...args) {
    const id = `debunk_${this.sent++}`;
    const answer = this.answer(id);
    this.worker.postMessage({ id, method, args });
    return answer;
  }
}

const LABELS = {
  verdict: "Verdict", narrative: "Narrative", keyword: "Keyword", country: "Country or region",
  language: "Language", outlet: "Outlet", year: "Year",
};
const SHOWN_VALUES = 8;
const LISTED_VALUES = 200;

const boot = window.debunkSearch; // from the page's head: the URL's state and the started worker
const { FILTERS, PAGE_SIZE } = boot;
const engine = new Engine(boot.engine);
let numbers = null; // made when first needed: the first Intl object of a page costs tens of ms
let state = boot.state;
let firstQuery = boot.isEmpty(state) ? null : engine.first;

let page = null; // the page's elements, once parsed
let counter = null;
let generation = 0;
let current = { number: 0, count: 0, count_label: "0" };
let shown = 0;

function formatNumber(value) {
  numbers ??= new Intl.NumberFormat(navigator.languages);
  return numbers.format(value);
}

function asked(next) {
  return { q: next.q, filters: next.filters, sort: next.sort, pageSize: PAGE_SIZE };
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
  renderChips();
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
  const when = element("time", "debunk-search__date", data.date_label);
  when.dateTime = data.meta.date || "";
  const excerpt = element("p", "debunk-search__excerpt");
  excerpt.innerHTML = data.excerpt; // Pagefind escapes the text and adds only <mark> elements
  item.append(badge, heading, when, excerpt);
  return item;
}

function showResults(loaded) {
  page.list.append(...loaded.map(renderResult));
  shown += loaded.length;
  page.more.hidden = shown >= current.count;
}

async function showMore(mine) {
  const loaded = await engine.call("debunk_more", current.number, shown, shown + PAGE_SIZE);
  if (mine === generation && loaded) showResults(loaded);
}

function describe(count, label) {
  const words = state.q ? ` for “${state.q}”` : "";
  const chosen = Object.values(state.filters).flat().length;
  const narrowed = chosen ? ` with ${chosen} filter${chosen === 1 ? "" : "s"}` : "";
  if (count === 0) return `No case found${words}${narrowed}.`;
  return `${label} case${count === 1 ? "" : "s"} found${words}${narrowed}.`;
}

async function run(prefetched = null) {
  const mine = ++generation;
  page.root.dataset.state = "searching";
  if (boot.isEmpty(state)) {
    current = { number: 0, count: 0, count_label: "0" };
    page.list.replaceChildren();
    page.more.hidden = true;
    page.status.textContent = "Type words to search the cases, or choose a filter.";
    const totals = await (await counting()).call("debunk_counts", null);
    if (mine !== generation) return;
    renderFacets(totals);
    page.root.dataset.state = "done";
    return;
  }
  page.status.textContent = "Searching…";
  const answer = await (prefetched ?? engine.call("debunk_query", asked(state)));
  if (mine !== generation) return;
  current = answer;
  shown = 0;
  page.list.replaceChildren();
  showResults(answer.first);
  page.status.textContent = describe(current.count, current.count_label);
  performance.mark("debunk-search-results");
  page.facets.setAttribute("aria-busy", "true");
  const counts = await counting();
  if (mine !== generation) return;
  const counted = await counts.call("debunk_counts", asked(state));
  if (mine !== generation) return;
  renderFacets(counted);
  page.root.dataset.state = "done";
  performance.mark("debunk-search-done");
}

function counting() {
  counter ??= (async () => {
    // Every filter file, once: Pagefind counts only the filters it has loaded.
    const counts = new Engine(boot.start([{ id: "debunk_first", method: "debunk_counts", args: [null] }]));
    await counts.first;
    return counts;
  })();
  return counter;
}

function valueOrder(name, counts) {
  return (a, b) =>
    name === "year" ? b.localeCompare(a) : counts[b] - counts[a] || a.localeCompare(b);
}

function chosenValues() {
  return FILTERS.flatMap((name) => (state.filters[name] || []).map((value) => [name, value]));
}

function without(name, value) {
  const filters = { ...state.filters };
  const values = (filters[name] || []).filter((chosen) => chosen !== value);
  if (values.length) filters[name] = values;
  else delete filters[name];
  return filters;
}

// The chosen values above the results, each a button that removes it, and the count on the
// Filters button (the panel on a phone).
function renderChips() {
  const chosen = chosenValues();
  const chips = chosen.map(([name, value]) => {
    const chip = element("button", "debunk-search__chip");
    chip.type = "button";
    chip.dataset.name = name;
    chip.dataset.value = value;
    const cross = element("span", "debunk-search__remove", "×");
    cross.setAttribute("aria-hidden", "true");
    chip.append(element("span", "debunk-visually-hidden", "Remove "), `${LABELS[name]}: ${value}`, cross);
    const item = element("li");
    item.append(chip);
    return item;
  });
  page.chipList.replaceChildren(...chips);
  page.chips.hidden = chosen.length === 0;
  page.chosenCount.textContent = chosen.length ? ` (${formatNumber(chosen.length)})` : "";
}

function removeChip(event) {
  const chip = event.target.closest(".debunk-search__chip");
  if (!chip) return;
  const all = [...page.chipList.querySelectorAll(".debunk-search__chip")];
  const index = all.indexOf(chip);
  update({ ...state, filters: without(chip.dataset.name, chip.dataset.value) }, true);
  // The keyboard stays among the chips: on the next one, or the one before, or the search box.
  const left = page.chipList.querySelectorAll(".debunk-search__chip");
  (left[Math.min(index, left.length - 1)] ?? page.input).focus();
}

function openFilters(open) {
  page.toggle.setAttribute("aria-expanded", String(open));
  page.facets.dataset.open = String(open);
}

function renderValue(name, value, count) {
  const label = element("label", "debunk-search__value");
  const box = element("input");
  box.type = "checkbox";
  box.name = name;
  box.value = value;
  box.checked = (state.filters[name] || []).includes(value);
  const text = element("span", "", `${value} `); // one grid cell: a long value wraps beside the box
  text.append(element("span", "debunk-count", formatNumber(count)));
  label.append(box, text);
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
    rest.append(element("summary", "", `${formatNumber(hidden)} more`));
    for (const value of listed.slice(SHOWN_VALUES, SHOWN_VALUES + LISTED_VALUES)) {
      rest.append(renderValue(name, value, counts[value] || 0));
    }
    if (hidden > LISTED_VALUES) rest.append(element("p", "", "Add words to the search to see the others."));
    group.append(rest);
  }
  return group;
}

function renderFacets(counts) {
  // The checkbox the reader is on, and the lists of more values left open, stay so.
  const focused = page.facets.contains(document.activeElement) ? document.activeElement : null;
  const open = new Set([...page.facets.querySelectorAll(".debunk-search__rest[open]")]
    .map((rest) => rest.closest("[data-filter]").dataset.filter));
  const groups = FILTERS.map((name) => renderFacet(name, counts[name] || {})).filter(Boolean);
  page.facets.replaceChildren(...groups);
  for (const rest of page.facets.querySelectorAll(".debunk-search__rest")) {
    rest.open = open.has(rest.closest("[data-filter]").dataset.filter);
  }
  if (focused?.name) {
    const boxes = page.facets.querySelectorAll(`input[name="${focused.name}"]`);
    [...boxes].find((box) => box.value === focused.value)?.focus();
  }
  page.facets.setAttribute("aria-busy", "false");
}

function toggle(event) {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.type !== "checkbox") return;
  const filters = without(box.name, box.value);
  if (box.checked) filters[box.name] = [...(filters[box.name] || []), box.value];
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
    engine.call("debunk_preload", asked({ ...state, q: page.input.value.trim() }));
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
  page.chipList.addEventListener("click", removeChip);
  page.clear.addEventListener("click", () => {
    update({ ...state, filters: {} }, true);
    page.input.focus();
  });
  page.toggle.addEventListener("click", () => openFilters(page.toggle.getAttribute("aria-expanded") !== "true"));
  page.facets.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || page.facets.dataset.open !== "true") return;
    openFilters(false);
    page.toggle.focus();
  });
  page.more.addEventListener("click", () => showMore(generation));
  window.addEventListener("popstate", () => {
    state = boot.readState(location.search);
    syncInputs();
    renderChips();
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
    toggle: root.querySelector(".debunk-search__toggle"), chosenCount: root.querySelector(".debunk-search__chosen-count"),
    chips: root.querySelector(".debunk-search__chips"), chipList: root.querySelector(".debunk-search__chips ul"),
    clear: root.querySelector(".debunk-search__clear"),
  };
  root.querySelector(".debunk-search__panel").hidden = false;
  syncInputs();
  renderChips();
  try {
    await engine.ready;
  } catch (error) {
    page.status.textContent = "Search is not available: this site was built without its search index, or has no case to search yet.";
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
