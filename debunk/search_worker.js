// debunk's part of Pagefind's web worker, inserted by debunk.search_bundle at the end of
// pagefind-worker.js, inside its closure (it uses Pagefind's `handleMessage`, `getInstance` and
// `DEFAULT_INSTANCE`; the build checks that they are still there).
//
// 1. A query in one message. `debunk_query` maps the filters of the URL to their buckets, runs
//    Pagefind's search, orders the results as asked and answers with their number and the
//    data of the first page, dates and the count written in the reader's language (the first
//    Intl object of a thread costs tens of ms, paid here, not by the page). The page renders:
//    no second round of messages for the data of each result, no list of thousands of results
//    to copy between threads. `debunk_more` gives the next page of the last query, and
//    `debunk_counts` the number of results per filter value.
// 2. A worker that starts on its own. The page gives the worker, in its name, the messages to
//    run first (Pagefind's options, the query of the URL), so the index loads and the query
//    runs as soon as the worker's script has run. A message the page posts to a worker that
//    has not started yet waits for the page's own thread, which is busy with the theme's
//    scripts at that moment: measured at 20,000 cases, 200 ms.
const debunkSearch = (() => {
  const encoder = new TextEncoder();
  // Instance id -> {number, results}: the last query's ordered results.
  const last = new Map();
  // Filter name -> [count, salt], from the build (debunk.search.link_search_page).
  let buckets = {};
  let queries = 0;
  // Made when first needed: the first Intl object of a thread costs tens of ms.
  let dates = null;
  let numbers = null;

  function fnv1a(text) {
    let hash = 0x811c9dc5;
    for (const byte of encoder.encode(text)) hash = Math.imul(hash ^ byte, 0x01000193);
    return hash >>> 0;
  }

  // The bucket of a filter value; debunk.search_bundle.filter_bucket computes the same.
  function filterBucket(value, count, salt) {
    return (Math.imul(fnv1a(value) ^ salt, 0x9e3779b1) >>> 0) % count;
  }

  // {keyword: ["NATO"]} -> {"keyword-3": ["NATO"]}: values of one filter must all match, in one
  // bucket or across several, exactly as in one filter file.
  function bucketed(filters) {
    const spread = {};
    for (const [name, values] of Object.entries(filters || {})) {
      for (const value of values) {
        const key = buckets[name] ? `${name}-${filterBucket(value, ...buckets[name])}` : name;
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

  // The build names each case's fragment `<lang>_<digest>_<rank>`, its rank in date order in base 36.
  function dateRank(result) {
    return parseInt(result.id.slice(result.id.lastIndexOf("_") + 1), 36);
  }

  function ordered(results, query) {
    // Without words there is no relevance: newest first, unless the reader chose otherwise.
    const sort = query.sort || (query.q ? "" : "date-desc");
    if (!sort) return results;
    const direction = sort === "date-asc" ? 1 : -1;
    return [...results].sort((a, b) => direction * (dateRank(a) - dateRank(b)));
  }

  function dateLabel(iso) {
    dates ??= new Intl.DateTimeFormat(navigator.languages, { dateStyle: "long", timeZone: "UTC" });
    const date = new Date(`${iso}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? iso : dates.format(date);
  }

  async function data(result) {
    const loaded = await result.data();
    loaded.date_label = dateLabel(loaded.meta.date || "");
    return loaded;
  }

  function search(instance, query) {
    return instance.search(query.q || null, { filters: bucketed(query.filters) });
  }

  const methods = {
    // Pagefind's init, and the filter buckets of this index.
    async debunk_init(instanceId, options, filterBuckets) {
      buckets = filterBuckets || {};
      const { result, error } = await pagefindMessage({ id: null, instanceId, method: "init", args: [options] });
      if (error) throw new Error(error);
      return result;
    },
    // {q, filters, sort, pageSize} -> {number, count, count_label, first}: `number` names the
    // query for debunk_more.
    async debunk_query(instanceId, query) {
      const found = await search(getInstance(instanceId), query);
      const results = ordered(found.results, query);
      const number = ++queries;
      last.set(instanceId, { number, results });
      const first = await Promise.all(results.slice(0, query.pageSize).map(data));
      numbers ??= new Intl.NumberFormat(navigator.languages);
      return { number, count: results.length, count_label: numbers.format(results.length), first };
    },
    // The data of results start to end of query `number`, or null if a later query replaced it.
    async debunk_more(instanceId, number, start, end) {
      const kept = last.get(instanceId);
      if (kept?.number !== number) return null;
      return Promise.all(kept.results.slice(start, end).map(data));
    },
    // The number of results per filter value: of a query, or of every case (null). The first
    // call without a query loads every filter file, which Pagefind needs to count them all.
    async debunk_counts(instanceId, query) {
      const instance = getInstance(instanceId);
      return unbucketed(query ? (await search(instance, query)).filters : await instance.filters());
    },
    // Load what a query will need (the reader is typing it).
    async debunk_preload(instanceId, query) {
      await getInstance(instanceId).preload(query.q || "", { filters: bucketed(query.filters) });
      return true;
    },
  };

  const pagefindMessage = handleMessage;
  handleMessage = async (message) => {
    const method = Object.hasOwn(methods, message.method) ? methods[message.method] : null;
    if (!method) return pagefindMessage(message);
    const instanceId = message.instanceId ?? DEFAULT_INSTANCE;
    try {
      return { id: message.id, result: await method(instanceId, ...message.args) };
    } catch (error) {
      return { id: message.id, error: error instanceof Error ? error.message : String(error) };
    }
  };

  let started = null;
  try {
    started = JSON.parse(self.name || "null")?.debunk;
  } catch {
    // a worker named by someone else
  }
  for (const message of Array.isArray(started) ? started : []) {
    handleMessage(message).then((response) => self.postMessage(response));
  }

  return { filterBucket };
})();
// For the tests: the build's buckets and the worker's must agree.
self.debunkSearch = debunkSearch;
