/* The handbook's namespace, window.hb, loaded on every page (mkdocs.yml extra_javascript).
 *
 *   hb.store     the one store of saved answers (key, load, save, valid, put, record, drop)
 *   hb.credit    the one partial-credit rule (Moodle's multiple-answer rule)
 *   hb.types     the question types: one entry each (widget, valid, grade, pack, unpack)
 *   hb.question  a server-rendered question (.hb-q) as the rules see it
 *   hb.answered  fires the document event "hb:answer"
 *   hb.setParam  keeps a page's state in its address
 *   hb.feature   registers a page feature; hb.ORDER is the order they start in
 *
 * Page features live in files of their own, loaded only by pages with their widget
 * (overrides/main.html): branch.js, dialogue.js, gallery.js, quiz.js, and in the SCORM packages
 * scorm.js (with scorm-branch.js on a branching dialogue). Each registers itself with hb.feature();
 * this file starts them in hb.ORDER once the page is parsed, and again after each instant
 * navigation, each element once. Apart from start-up, everything here
 * is a plain function of data, so node imports this file for the unit tests in tests/js/.
 * Details: README, "Self-check quizzes". This is the readable source; the build minifies it
 * (generator/export/static.py).
 */
((root) => {
  "use strict";

  // ---- Saved answers: the one store -----------------------------------------------------------
  // localStorage["hb-progress:v1:" + site root path] = {"version": 1, "answers": {"quiz/question":
  // {hash, response, score, at, last?}}}: response, score and at are the first checked try's (what
  // counts), last the latest try's {response, score, at}. Everything read back is validated: storage is data another tab,
  // an old version, an LMS or a hand-edited import may have written, and it must never break a page.

  const PREFIX = "hb-progress:v1:";
  const isObject = (value) => !!value && typeof value === "object" && !Array.isArray(value);
  const warned = new Set();

  /** Say once per page what went wrong with the browser's storage (nothing else can be done about it). */
  function warnOnce(message, error) {
    if (!warned.has(message)) {
      warned.add(message);
      console.warn(`hb: ${message}`, error);
    }
  }

  const isScore = (score) => typeof score === "number" && score >= 0 && score <= 1;

  /** One saved answer: a hash string and a score between 0 and 1 (the first checked try's: that is
   * what counts), and optionally `last`, the latest try {response, score, at}. Its response is
   * checked by the reader that knows the question (hb.types[type].valid): other writers' entries
   * are kept as they are. */
  const isLast = (last) => isObject(last) && isScore(last.score);
  const isEntry = (entry) =>
    isObject(entry) && typeof entry.hash === "string" && isScore(entry.score) && (!("last" in entry) || isLast(entry.last));

  /** A version 1 store whose every entry is valid (an import must be all good). */
  const valid = (value) => isObject(value) && value.version === 1 && isObject(value.answers) && Object.values(value.answers).every(isEntry);

  /** The storage key of the handbook that `element` belongs to: its data-hb-root (written into each
   * page relative to it), or "/", resolved against `page` (this page's address). */
  function key(element, page) {
    const base = element?.getAttribute("data-hb-root") || "/";
    return PREFIX + new URL(base, page || root.location.href).pathname;
  }

  // Where the browser's storage is blocked (a third-party frame, some private modes) or full, the
  // store is kept in memory for as long as the page is open: answers still count on the page.
  const memory = new Map();

  /** The stored text under `storeKey`: the browser's storage, or this page's memory once that failed. */
  function read(storeKey) {
    if (memory.has(storeKey)) {
      return memory.get(storeKey);
    }
    try {
      return root.localStorage.getItem(storeKey);
    } catch (error) {
      warnOnce("saved answers could not be read; starting without them", error);
      return null;
    }
  }

  /** The store kept under `storeKey`, with every bad entry dropped alone (one writer's mistake
   * cannot wipe all answers); an empty store when there is none or it cannot be read. */
  function load(storeKey) {
    let stored = null;
    try {
      stored = JSON.parse(read(storeKey));
    } catch (error) {
      // Not JSON: the page works without it.
      warnOnce("saved answers could not be read; starting without them", error);
    }
    if (!isObject(stored) || stored.version !== 1 || !isObject(stored.answers)) {
      return { version: 1, answers: {} };
    }
    for (const id of Object.keys(stored.answers)) {
      const entry = stored.answers[id];
      if (isObject(entry) && "last" in entry && !isLast(entry.last)) {
        delete entry.last; // a bad later try never costs the first
      }
      if (!isEntry(entry)) {
        delete stored.answers[id];
      }
    }
    return stored;
  }

  /** Write the store; false when this browser cannot save it (the caller tells the learner): it
   * is then kept in memory until the page closes. */
  function save(storeKey, store) {
    const text = JSON.stringify(store);
    try {
      root.localStorage.setItem(storeKey, text);
      memory.delete(storeKey);
      return true;
    } catch (error) {
      warnOnce("answers could not be saved in this browser; they are kept until this page closes", error);
      memory.set(storeKey, text);
      return false;
    }
  }

  /** Save one answer under "quiz/question"; false when it could not be saved. */
  function put(storeKey, id, entry) {
    const store = load(storeKey);
    store.answers[id] = entry;
    return save(storeKey, store);
  }

  /** Save a checked try of "quiz/question": the first try with this hash stays the entry (its score
   * counts); a later one is kept as its `last`. An earlier entry whose response does not fit the
   * question (`fits(response)` false: another writer's mistake) is no first try and is replaced.
   * Returns {saved, first}: the entry's first try when this was a later try, else null. */
  function record(storeKey, id, entry, fits) {
    const store = load(storeKey);
    const before = store.answers[id];
    const first = before && before.hash === entry.hash && (!fits || fits(before.response)) ? before : null;
    if (first) {
      first.last = { response: entry.response, score: entry.score, at: entry.at };
    } else {
      store.answers[id] = entry;
    }
    return { saved: save(storeKey, store), first: first };
  }

  /** Delete every answer of one quiz; false when it could not be saved. */
  function drop(storeKey, quizId) {
    const store = load(storeKey);
    for (const id of Object.keys(store.answers)) {
      if (id.startsWith(`${quizId}/`)) {
        delete store.answers[id];
      }
    }
    return save(storeKey, store);
  }

  // ---- Scoring ------------------------------------------------------------------------------

  /** The one partial-credit rule, Moodle's for a multiple-answer question (generator/model/credit.py
   * is the same rule in Python; tests/test_credit.py compares them over every answer). Each chosen
   * right option earns 1 / rights, each chosen wrong option loses 1 / wrongs, never below 0; `size`
   * options in all. A coding answer (`readings` given) that is exactly a defensible reading earns
   * full credit with its reason. `chosen`, `keyCodes` and each reading's `codes` are lists of codes
   * or option indexes. */
  function credit(chosen, keyCodes, size, readings) {
    const same = (codes) => codes.length === chosen.length && codes.every((c) => chosen.includes(c));
    if (same(keyCodes)) {
      return { score: 1, kind: "right" };
    }
    const reading = (readings || []).find((r) => same(r.codes));
    if (reading) {
      return { score: 1, kind: "defensible", reading: reading };
    }
    const hits = chosen.filter((c) => keyCodes.includes(c)).length;
    const wrongs = size - keyCodes.length;
    const misses = chosen.length - hits;
    const score = keyCodes.length ? Math.max(0, hits / keyCodes.length - (misses && misses / wrongs)) : 0;
    return { score: score, kind: score > 0 ? "part" : "wrong" };
  }

  /** Choice questions: the credit rule, with a detail when several options are right. */
  function gradeChoice(answer, q) {
    const hits = answer.filter((i) => q.correct.includes(i)).length;
    const misses = answer.length - hits;
    const detail = q.correct.length > 1 ? `${hits} of ${q.correct.length} right, ${misses} wrong.` : "";
    return { score: credit(answer, q.correct, q.options).score, detail: detail };
  }

  /** Coding questions: the credit rule, over option indexes. */
  function gradeCoding(answer, q) {
    const given = credit(answer, q.correct, q.options, q.readings);
    if (given.kind === "defensible") {
      return { score: 1, detail: `Defensible: the key codes it ${q.key}. ${given.reading.reason}`, credit: given };
    }
    return { score: given.score, detail: gradeChoice(answer, q).detail, credit: given };
  }

  /** Order questions: the share of items in their right place (a response lists right positions). */
  function gradeOrder(answer) {
    const placed = answer.filter((position, index) => position === index).length;
    return { score: placed / answer.length, detail: `${placed} of ${answer.length} in the right place.` };
  }

  /** Practise mode: each dimension by the credit rule (of 3 alliance parts, 4 ALSI steps), the turn's
   * score their mean. `turn` has the key's codes per dimension and the turn's readings (a reading
   * without a dimension keeps the key's). */
  function gradePractise(answer, turn) {
    const sizes = { alliance: 3, alsi: 4 };
    const marks = ["alliance", "alsi"].map((dimension) => {
      const readings = turn.readings.filter((r) => r[dimension]).map((r) => ({ codes: r[dimension], reason: r.reason }));
      return { dimension: dimension, key: turn[dimension], ...credit(answer[dimension], turn[dimension], sizes[dimension], readings) };
    });
    return { score: (marks[0].score + marks[1].score) / 2, marks: marks };
  }

  // ---- Question types -----------------------------------------------------------------------
  // One entry per type: adding a question type adds one entry here (and, for a new way of answering,
  // a widget in quiz.js). Used by quiz.js (marking, restoring), scorm.js (suspend_data) and every
  // reader of saved answers. Fields:
  //   widget             how it is shown and answered (quiz.js's WIDGETS)
  //   valid(response, q) the response fits question q (as hb.question reads it)
  //   grade(response, q) {score 0..1, detail sentence, credit (coding types)}
  //   pack, unpack       its form in SCORM's suspend_data; unpack gives null for anything malformed
  //   recode             a saved answer keeps its meaning when the key is revised: mark it again
  //   unscored           answered, but never part of a score (a reflection's self-rating)

  const isIndexes = (r) => Array.isArray(r) && r.every((i) => Number.isInteger(i) && i >= 0);
  const within = (r, size) => isIndexes(r) && r.every((i) => i < size) && new Set(r).size === r.length;
  const isCodes = (r) => Array.isArray(r) && r.every((code) => typeof code === "string");
  const isPractise = (r) => isObject(r) && isCodes(r.alliance) && isCodes(r.alsi);
  const isReflection = (r) => isObject(r) && typeof r.text === "string" && isIndexes(r.rubric);
  // Indexes as base-36 digits, "02": a question has fewer than 36 options, items or rubric points.
  const digits = (r) => r.map((n) => n.toString(36)).join("");
  const undigits = (text) => (typeof text === "string" && /^[0-9a-z]*$/.test(text) ? text.split("").map((c) => parseInt(c, 36)) : null);
  const indexes = { pack: digits, unpack: undigits };

  const choice = { widget: "choice", ...indexes, valid: (r, q) => within(r, q.options), grade: gradeChoice };
  const coding = { ...choice, grade: gradeCoding, recode: true };

  const TYPES = {
    single: choice,
    multiple: choice,
    "next-response": choice,
    "classify-turn": coding,
    "alsi-step": coding,
    order: { widget: "order", ...indexes, valid: (r, q) => within(r, q.items) && r.length === q.items, grade: gradeOrder },
    // A reflection's self-rating is not a score: it never counts towards one (unscored), as a
    // bank's essay is graded by a person.
    reflection: {
      widget: "reflection",
      unscored: true,
      valid: (r, q) => isReflection(r) && within(r.rubric, q.rubric),
      grade: (r, q) => ({ score: r.rubric.length / q.rubric, detail: "" }),
      pack: (r) => [r.text, digits(r.rubric)],
      unpack: (p) => (Array.isArray(p) && typeof p[0] === "string" && undigits(p[1]) ? { text: p[0], rubric: undigits(p[1]) } : null),
    },
    // A coded turn in a dialogue's practise mode (dialogue.js); not part of any quiz or package.
    dialogue: { widget: "practise", valid: isPractise, grade: gradePractise },
  };

  /** A server-rendered question (.hb-q, generator/render/quiz.py) as the rules see it. */
  function question(element) {
    const attr = (name) => element.getAttribute(`data-${name}`);
    const options = Array.from(element.querySelectorAll(".hb-q__opts > .hb-opt"));
    // The quoted turn's defensible readings (coding questions), as option indexes.
    const readings = JSON.parse(attr("defensible") || "[]").map((r) => ({ codes: r.i, reason: r.reason }));
    return {
      quiz: attr("quiz"),
      id: attr("question"),
      hash: attr("hash"),
      type: attr("type"),
      options: options.length,
      correct: options.filter((o) => o.getAttribute("data-correct") === "true").map((o) => +o.getAttribute("data-i")),
      items: element.querySelectorAll(".hb-ord").length,
      rubric: element.querySelectorAll(".hb-q__rate input").length,
      readings: readings,
      key: attr("key"),
    };
  }

  /** Tell the page (and anything listening: the SCORM adapter, an analytics script) about an answer:
   * detail {quizId, questionId, type, score, correct, defensible}. README, "Answer event". */
  function answered(detail) {
    root.document.dispatchEvent(new CustomEvent("hb:answer", { detail: detail }));
  }

  /** Set one parameter of the page's address (an empty value removes it), without a reload or a
   * history entry: a page's state (lens, mode, filters) stays in its address, to share or reload. */
  function setParam(name, value) {
    const url = new URL(root.location.href);
    if (value) {
      url.searchParams.set(name, value);
    } else {
      url.searchParams.delete(name);
    }
    if (url.href !== root.location.href) {
      root.history.replaceState(root.history.state, "", url);
    }
  }

  // ---- Start-up -----------------------------------------------------------------------------

  // The order features start in: the LMS adapter puts the answers (or the path) the LMS kept into
  // the store before the quiz (or the branching player) reads them; the branching player starts
  // before the dialogue's tools; the agreement summary reads the practise forms "dialogue" set up.
  const ORDER = ["lms", "lms-branch", "quiz", "progress", "branch", "dialogue", "agree", "gallery", "due", "review", "record"];
  const features = {};
  const begun = {};
  let started = false;

  /** Run one feature on each of its elements in the page that it has not started on yet. */
  function run(name) {
    const { selector, setup } = features[name];
    begun[name] = begun[name] || new WeakSet();
    for (const element of root.document.querySelectorAll(selector)) {
      if (!begun[name].has(element)) {
        begun[name].add(element);
        try {
          setup(element);
        } catch (error) {
          // The widget stays as the server rendered it (complete without script); the others start.
          console.error(`hb: ${name} could not start`, element, error);
        }
      }
    }
  }

  /** Register a feature: `setup(element)` for every element matching `selector`, once each. A
   * feature registered after start-up (its script arrived with instant navigation) starts at once. */
  function feature(name, selector, setup) {
    if (!ORDER.includes(name)) {
      throw new Error(`hb.feature: add '${name}' to ORDER in handbook.js`);
    }
    features[name] = { selector: selector, setup: setup };
    if (started) {
      run(name);
    }
  }

  function start() {
    started = true;
    ORDER.filter((name) => features[name]).forEach(run);
  }

  /** Start once the page is parsed (every feature script has run by then: they are deferred), and
   * after each of Material's instant navigations. Never waits for document$ alone: from disk
   * (file://) Material's instant navigation fails and document$ never emits. */
  function boot() {
    start();
    const document$ = root.document$;
    if (document$ && typeof document$.subscribe === "function") {
      // document$ replays the current page first: start() finds every element already started.
      // Its error is Material's instant navigation failing (file://): the page has started already,
      // and later pages load in full, so there is nothing to do.
      document$.subscribe({ next: start, error: () => undefined });
    }
  }

  const hb = {
    store: { PREFIX: PREFIX, key: key, load: load, save: save, valid: valid, put: put, record: record, drop: drop },
    credit: credit,
    types: TYPES,
    question: question,
    answered: answered,
    setParam: setParam,
    feature: feature,
    ORDER: ORDER,
  };
  root.hb = hb;
  if (root.document) {
    if (root.document.readyState === "loading") {
      root.document.addEventListener("DOMContentLoaded", boot);
    } else {
      boot();
    }
  }
})(globalThis);
