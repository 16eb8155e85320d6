// debunk's part of Pagefind's web worker, inserted by debunk.search.bundle at the end of
// pagefind-worker.js, inside its closure (it uses Pagefind's `handleMessage`, `getInstance` and
// `DEFAULT_INSTANCE`; the build checks that they are still there).
//
// 1. A query in one message. `debunk_query` turns the filters of the URL into Pagefind's
//    compound filter (OR within a filter, AND across filters, each value in its bucket), runs
//    Pagefind's search, orders the results as asked and answers with their number and the
//    data of the first page: snippets from a sentence's start, dates as the case pages write
//    them, the count in the reader's language (the first
//    Intl object of a thread costs tens of ms, paid here, not by the page). The page renders:
//    no second round of messages for the data of each result, no list of thousands of results
//    to copy between threads. `debunk_more` gives the next page of the last query, and
//    `debunk_counts` the number of results ticking each filter value would give.
// 2. A worker that starts on its own. The page gives the worker, in its name, the messages to
//    run first (Pagefind's options, the query of the URL), so the index loads and the query
//    runs as soon as the worker's script has run. A message the page posts to a worker that
//    has not started yet waits for the page's own thread, which is busy with the theme's
//    scripts at that moment: measured at 20,000 cases, 200 ms.
const debunkSearch = (() => {
  const encoder = new TextEncoder();
  // Instance id -> {number, results}: the last query's ordered results.
  const last = new Map();
  // Instance id -> its shards once loaded, in the build's order (date order): [{instance, buckets}],
  // the buckets of each its own (filter name -> [count, salt], from the build,
  // debunk.search.page.link_search_page). A promise, as the query of the URL comes with the init.
  const shardsOf = new Map();
  let queries = 0;
  // Made when first needed: the first Intl object of a thread costs tens of ms.
  let dates = null;
  let numbers = null;

  function fnv1a(text) {
    let hash = 0x811c9dc5;
    for (const byte of encoder.encode(text)) hash = Math.imul(hash ^ byte, 0x01000193);
    return hash >>> 0;
  }

  // The bucket of a filter value; debunk.search.filters.filter_bucket computes the same.
  function filterBucket(value, count, salt) {
    return (Math.imul(fnv1a(value) ^ salt, 0x9e3779b1) >>> 0) % count;
  }

  // The Pagefind filter name of a value: its bucket's, for a filter the build spread over buckets.
  function filterKey(buckets, name, value) {
    return buckets[name] ? `${name}-${filterBucket(value, ...buckets[name])}` : name;
  }

  // {keyword: ["NATO", "EU"], year: ["2022"]} -> Pagefind's compound filter: a case with any
  // of a filter's values (OR within a filter) and with one of every filter's (AND across
  // filters), as faceted search works everywhere. Each value is looked up in its own bucket.
  function compound(filters, buckets) {
    const all = [];
    for (const [name, values] of Object.entries(filters || {})) {
      if (values.length) all.push({ any: values.map((value) => ({ [filterKey(buckets, name, value)]: value })) });
    }
    return all.length ? { all } : {};
  }

  // The counts of every shard, each filter's buckets put back together, summed across shards.
  function summed(countsOfShards) {
    const total = {};
    for (const counts of countsOfShards) {
      for (const [key, values] of Object.entries(counts || {})) {
        const merged = (total[key.replace(/-\d+$/, "")] ??= {});
        for (const [value, count] of Object.entries(values)) merged[value] = (merged[value] || 0) + count;
      }
    }
    return total;
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
    // Shards are in date order (a year each), ranks in date order within a shard.
    return [...results].sort((a, b) => direction * (a.shard - b.shard || dateRank(a) - dateRank(b)));
  }

  // "25 October 2023", as the case pages write it (debunk.site.pages.base.date_label), in every browser.
  function dateLabel(iso) {
    dates ??= new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
    const date = new Date(`${iso}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? iso : dates.format(date);
  }

  // Pagefind's own word separators: its locations of the words found count these words.
  const SEPARATORS = /[^\S\uFEFF]+/g;
  const EXCERPT_WORDS = 30;
  // A sentence that goes on longer than this before the word found is cut after its first words.
  const LONGEST_LEAD = 20;
  const OPENING_WORDS = 8;
  const SENTENCE_END = /[.!?…]["'’”»)\]]*$/u;
  const EDGES = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;

  function escaped(text) {
    return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  }

  // Where the words found are densest within a snippet's length: its first word found.
  function densest(places) {
    let best = -1;
    let at = null;
    for (const place of places) {
      let score = 0;
      for (const other of places) {
        const offset = other.location - place.location;
        if (offset >= 0 && offset < EXCERPT_WORDS) score += other.balanced_score;
      }
      if (score > best) [best, at] = [score, place.location];
    }
    return at;
  }

  // The snippet of a result: from the start of the sentence of the summary or response where
  // the words found are densest (or of the summary, without words), not from the middle of
  // one as Pagefind's own, and without the title, which the result shows above it. A long
  // sentence shows its first words, then those around the word found.
  function excerpt(fragment) {
    // Chinese or Japanese words, split by Pagefind's own rule: its snippet.
    if (fragment.raw_content.includes("\u200B")) return fragment.excerpt;
    const words = fragment.content.split(SEPARATORS);
    const title = (fragment.meta.title || "").split(SEPARATORS).filter(Boolean);
    const opening = words.slice(0, title.length).join(" ");
    const body = title.length && opening.startsWith(title.join(" ")) ? title.length : 0;
    const at = densest((fragment.weighted_locations || []).filter((place) => place.location >= body)) ?? body;
    let start = at;
    while (start > body && !SENTENCE_END.test(words[start - 1])) start--;
    const found = new Set(fragment.locations);
    const lead = at - start > LONGEST_LEAD ? at - LONGEST_LEAD / 2 : null;
    const parts = lead === null
      ? [[start, Math.max(start + EXCERPT_WORDS, at + 10)]]
      : [[start, start + OPENING_WORDS], [lead, lead + EXCERPT_WORDS - OPENING_WORDS]];
    const end = Math.min(words.length, parts.at(-1)[1]);
    const text = parts.map(([from, to]) => marked(words.slice(from, Math.min(to, end)), from, found)).join(" … ");
    return text + (end < words.length ? " …" : "");
  }

  // The words from index `from`, escaped, those at the `found` indexes in <mark> (not their
  // punctuation).
  function marked(words, from, found) {
    return words.map((word, index) => {
      if (!found.has(from + index)) return escaped(word);
      const [, before, core, after] = EDGES.exec(word);
      return `${escaped(before)}<mark>${escaped(core)}</mark>${escaped(after)}`;
    }).join(" ");
  }

  async function data(result) {
    const loaded = await result.data();
    loaded.date_label = dateLabel(loaded.meta.date || "");
    loaded.excerpt = excerpt(loaded);
    return loaded;
  }

  // Pagefind's merged search (`Pagefind.search`), but with each shard's own buckets: the results
  // of every shard by score, each marked with its shard's number, and the counts summed.
  async function search(instanceId, query) {
    const shards = await shardsOf.get(instanceId);
    const found = await Promise.all(shards.map(({ instance, buckets }) =>
      instance.search(query.q || null, { filters: compound(query.filters, buckets) })));
    const results = found.flatMap((one, number) => one.results.map((result) => Object.assign(result, { shard: number })));
    results.sort((a, b) => b.score - a.score);
    return { results, filters: summed(found.map((one) => one.filters)), totalFilters: summed(found.map((one) => one.totalFilters)) };
  }

  const methods = {
    // Pagefind's init with the first shard, the others merged into it (`mergeIndex`), and the
    // filter buckets of each. Pagefind lists its instances in the order they were added.
    debunk_init(instanceId, options, shards) {
      const [first, ...others] = shards;
      const primary = { ...options, basePath: first.basePath, metaCacheTag: first.metaCacheTag };
      const started = pagefindMessage({ id: null, instanceId, method: "init", args: [primary] }).then(({ error }) => {
        if (error) throw new Error(error);
        const pagefind = getInstance(instanceId);
        for (const shard of others) {
          // A shard that fails to load fails the searches, which say so.
          pagefind.mergeIndex(shard.basePath, { ...options, metaCacheTag: shard.metaCacheTag }).catch(() => {});
        }
        return pagefind.instances.map((instance, number) => ({ instance, buckets: shards[number].buckets }));
      });
      shardsOf.set(instanceId, started);
      return started.then(() => true);
    },
    // {q, filters, sort, pageSize} -> {number, count, count_label, first}: `number` names the
    // query for debunk_more.
    async debunk_query(instanceId, query) {
      const found = await search(instanceId, query);
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
    // The number of results per filter value, of a query or of every case (null): what ticking
    // the value gives. For a filter with values ticked, the cases of the query without them (but
    // with the other filters' values): one more search per such filter, none when there is one,
    // whose counts Pagefind gives with the query's (`totalFilters`). The first call without a
    // query loads every filter file, which Pagefind needs to count them all.
    async debunk_counts(instanceId, query) {
      if (!query) return summed(await Promise.all((await shardsOf.get(instanceId)).map((shard) => shard.instance.filters())));
      const found = await search(instanceId, query);
      const counts = found.filters;
      const chosen = Object.keys(query.filters || {}).filter((name) => query.filters[name].length);
      for (const name of chosen) {
        const others = { ...query.filters };
        delete others[name];
        const without = chosen.length === 1 ? found.totalFilters : (await search(instanceId, { ...query, filters: others })).filters;
        counts[name] = without[name] || {};
      }
      return counts;
    },
    // Load what a query will need (the reader is typing it).
    async debunk_preload(instanceId, query) {
      const shards = await shardsOf.get(instanceId);
      await Promise.all(shards.map(({ instance, buckets }) =>
        instance.preload(query.q || "", { filters: compound(query.filters, buckets) })));
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
