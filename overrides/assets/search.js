// Search page: Pagefind's chunked index (/pagefind/), a small accessible UI, state in the URL.
// Two Pagefind engines, each in its own web worker: `engine` finds results and loads only the
// word chunks, filter files and fragments a query needs; `counter` loads every filter file and
// counts each filter value for the same query afterwards. Counting thousands of results takes
// Pagefind seconds, so it never delays the results, nor the next query.
const root = document.querySelector(".debunk-search");
const FILTERS = ["narrative", "keyword", "country", "language", "outlet", "year"];
const LABELS = {
  narrative: "Narrative", keyword: "Keyword", country: "Country or region",
  language: "Language", outlet: "Outlet", year: "Year",
};
const PAGE_SIZE = 10;
const SHOWN_VALUES = 8;
const LISTED_VALUES = 200;

const input = root.querySelector("#debunk-search-q");
const form = root.querySelector(".debunk-search__form");
const panel = root.querySelector(".debunk-search__panel");
const status = root.querySelector(".debunk-search__status");
const list = root.querySelector(".debunk-search__list");
const more = root.querySelector(".debunk-search__more");
const facets = root.querySelector(".debunk-search__filters");
const sortSelect = root.querySelector("select[name=sort]");
const headerInput = document.querySelector("#debunk-header-q");
const headerForm = headerInput ? headerInput.form : null;
const dates = new Intl.DateTimeFormat(navigator.languages, { dateStyle: "long", timeZone: "UTC" });
const numbers = new Intl.NumberFormat(navigator.languages);

let engine = null;
let counter = null;
let bundleUrl = null;
let generation = 0;
let current = null;
let shown = 0;
let state = readState();

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

function stateUrl(next) {
  const params = new URLSearchParams();
  if (next.q) params.set("q", next.q);
  for (const name of FILTERS) for (const value of next.filters[name] || []) params.append(name, value);
  if (next.sort) params.set("sort", next.sort);
  const query = params.toString();
  return location.pathname + (query ? `?${query}` : "");
}

function update(next, push) {
  state = next;
  const url = stateUrl(next);
  if (url !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", url);
  syncInputs();
  run();
}

function syncInputs() {
  if (document.activeElement !== input) input.value = state.q;
  if (headerInput && document.activeElement !== headerInput) headerInput.value = state.q;
  sortSelect.value = state.sort;
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

async function showMore(mine) {
  const slice = current.results.slice(shown, shown + PAGE_SIZE);
  const loaded = await Promise.all(slice.map((result) => result.data()));
  if (mine !== generation) return;
  list.append(...loaded.map(renderResult));
  shown += slice.length;
  more.hidden = shown >= current.results.length;
}

function describe(count) {
  const words = state.q ? ` for “${state.q}”` : "";
  const chosen = Object.values(state.filters).flat().length;
  const narrowed = chosen ? ` with ${chosen} filter${chosen === 1 ? "" : "s"}` : "";
  if (count === 0) return `No case found${words}${narrowed}.`;
  return `${numbers.format(count)} case${count === 1 ? "" : "s"} found${words}${narrowed}.`;
}

function searchOptions() {
  const options = { filters: state.filters };
  if (state.sort) options.sort = { date: state.sort === "date-asc" ? "asc" : "desc" };
  return options;
}

async function run() {
  const mine = ++generation;
  root.dataset.state = "searching";
  const empty = !state.q && Object.keys(state.filters).length === 0;
  if (empty) {
    current = null;
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "Type words to search the cases, or choose a filter.";
    const totals = await (await counting()).filters();
    if (mine !== generation) return;
    renderFacets(totals);
    root.dataset.state = "done";
    return;
  }
  status.textContent = "Searching…";
  const search = await engine.search(state.q || null, searchOptions());
  if (mine !== generation || search === null) return;
  current = search;
  shown = 0;
  list.replaceChildren();
  await showMore(mine);
  if (mine !== generation) return;
  status.textContent = describe(search.results.length);
  performance.mark("debunk-search-results");
  facets.setAttribute("aria-busy", "true");
  const counts = await counting();
  if (mine !== generation) return;
  const counted = await counts.search(state.q || null, searchOptions());
  if (mine !== generation) return;
  renderFacets(counted.filters);
  root.dataset.state = "done";
  performance.mark("debunk-search-done");
}

async function loadEngine(url) {
  const loaded = await import(url);
  await loaded.options({ baseUrl: new URL("..", bundleUrl).pathname, excerptLength: 24 });
  return loaded;
}

function counting() {
  // A second module URL is a second module instance, so a second worker.
  counter ??= loadEngine(`${bundleUrl.href}?counts`).then(async (loaded) => {
    await loaded.filters();
    return loaded;
  });
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
  const ordered = [...chosen.filter((value) => values.includes(value)),
    ...values.filter((value) => !chosen.includes(value))];
  const group = element("fieldset", "debunk-search__facet");
  group.dataset.filter = name;
  group.append(element("legend", "", LABELS[name]));
  for (const value of ordered.slice(0, SHOWN_VALUES)) group.append(renderValue(name, value, counts[value] || 0));
  if (ordered.length > SHOWN_VALUES) {
    const rest = element("details", "debunk-search__rest");
    const hidden = ordered.length - SHOWN_VALUES;
    rest.append(element("summary", "", `${numbers.format(hidden)} more`));
    for (const value of ordered.slice(SHOWN_VALUES, SHOWN_VALUES + LISTED_VALUES)) {
      rest.append(renderValue(name, value, counts[value] || 0));
    }
    if (hidden > LISTED_VALUES) rest.append(element("p", "", "Add words to the search to see the others."));
    group.append(rest);
  }
  return group;
}

function renderFacets(counts) {
  const groups = FILTERS.map((name) => renderFacet(name, counts[name] || {})).filter(Boolean);
  facets.replaceChildren(...groups);
  facets.setAttribute("aria-busy", "false");
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
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    update({ ...state, q: input.value.trim() }, true);
  });
  input.addEventListener("input", () => {
    clearTimeout(typing);
    engine.preload(input.value.trim());
    typing = setTimeout(() => update({ ...state, q: input.value.trim() }, false), 250);
  });
  if (headerForm) {
    headerForm.addEventListener("submit", (event) => {
      event.preventDefault();
      update({ ...state, q: headerInput.value.trim() }, true);
    });
  }
  sortSelect.addEventListener("change", () => update({ ...state, sort: sortSelect.value }, true));
  facets.addEventListener("change", toggle);
  more.addEventListener("click", () => showMore(generation));
  window.addEventListener("popstate", () => {
    state = readState();
    syncInputs();
    run();
  });
}

async function start() {
  performance.mark("debunk-search-start");
  panel.hidden = false;
  syncInputs();
  bundleUrl = new URL(root.dataset.bundle, location.href);
  try {
    engine = await loadEngine(bundleUrl.href);
  } catch (error) {
    status.textContent = "Search is not available: this site was built without its search index (`mkdocs serve` skips it; `mkdocs build` makes it).";
    root.dataset.state = "unavailable";
    return;
  }
  wire();
  await run();
}

start();
