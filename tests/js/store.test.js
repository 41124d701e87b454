/* hb.store: the one store of saved answers and its validator (README, "Saved progress"). */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, storage, quietConsole, plain } = require("./site.js");

const KEY = "hb-progress:v1:/";
const entry = (extra) => ({ hash: "abc123", response: [0], score: 1, at: "2026-01-01T00:00:00Z", ...extra });

function site(entries, full) {
  const localStorage = storage(entries, full);
  const console = quietConsole();
  const { hb } = load(["handbook.js"], { localStorage, console });
  return { hb, localStorage, said: console.said };
}

test("valid: a version 1 store whose every entry has a hash and a score from 0 to 1", () => {
  const { hb } = site();
  assert.equal(hb.store.valid({ version: 1, answers: {} }), true);
  assert.equal(hb.store.valid({ version: 1, answers: { "q/a": entry() } }), true);
  assert.equal(
    hb.store.valid({ version: 1, answers: { "q/a": entry({ response: { anything: 1 } }) } }),
    true,
    "responses are the reader's to check",
  );
  for (const bad of [
    null,
    [],
    "x",
    { version: 2, answers: {} },
    { version: "1", answers: {} },
    { version: 1, answers: [] },
    { version: 1, answers: "x" },
    { version: 1 },
    { version: 1, answers: { "q/a": entry({ score: 2 }) } },
    { version: 1, answers: { "q/a": entry({ score: -0.1 }) } },
    { version: 1, answers: { "q/a": entry({ score: Number.NaN }) } },
    { version: 1, answers: { "q/a": entry({ score: "1" }) } },
    { version: 1, answers: { "q/a": entry({ hash: 3 }) } },
    { version: 1, answers: { "q/a": null } },
    { version: 1, answers: { "q/a": [entry()] } },
  ]) {
    assert.equal(hb.store.valid(bad), false, JSON.stringify(bad));
  }
});

test("load drops each bad entry alone and keeps the rest, other writers' fields included", () => {
  const value = { version: 1, answers: { "q/a": entry(), "q/b": { hash: 1 }, "dialogue-x/turn-2": entry({ response: 5 }) }, extra: "kept" };
  const { hb } = site({ [KEY]: JSON.stringify(value) });
  const loaded = hb.store.load(KEY);
  assert.deepEqual(Object.keys(loaded.answers).sort(), ["dialogue-x/turn-2", "q/a"]);
  assert.equal(loaded.extra, "kept");
});

test("load gives an empty store for nothing, another version, or a value that is not a store", () => {
  for (const stored of [undefined, "[1,2]", "null", "42", '"text"', '{"version":2,"answers":{}}', '{"version":1,"answers":[]}']) {
    const { hb, said } = site(stored === undefined ? {} : { [KEY]: stored });
    assert.deepEqual(plain(hb.store.load(KEY)), { version: 1, answers: {} }, String(stored));
    assert.deepEqual(said, [], "an absent or foreign value is not a problem to report");
  }
});

test("load says once when stored text is not JSON, and starts empty", () => {
  const { hb, said } = site({ [KEY]: "{not json" });
  assert.deepEqual(plain(hb.store.load(KEY).answers), {});
  hb.store.load(KEY);
  assert.equal(said.length, 1);
  assert.match(said[0][1], /^hb: saved answers could not be read/);
});

test("a blocked storage (the property throws, as in a sandboxed frame) gives an empty store and save() false", () => {
  const console = quietConsole();
  const globals = { console };
  Object.defineProperty(globals, "localStorage", {
    get() {
      throw new Error("SecurityError: blocked");
    },
    enumerable: true,
  });
  const { hb } = load(["handbook.js"], globals);
  assert.deepEqual(plain(hb.store.load(KEY).answers), {});
  assert.equal(hb.store.save(KEY, { version: 1, answers: {} }), false);
  assert.deepEqual(
    console.said.map(([level]) => level),
    ["warn", "warn"],
  );
});

test("with storage blocked, answers are kept in memory while the page is open: put, load, drop", () => {
  const console = quietConsole();
  const globals = { console };
  Object.defineProperty(globals, "localStorage", {
    get() {
      throw new Error("SecurityError: blocked");
    },
    enumerable: true,
  });
  const { hb } = load(["handbook.js"], globals);
  assert.equal(hb.store.put(KEY, "quiz/a", entry()), false, "the learner is told it was not saved in the browser");
  assert.equal(hb.store.put(KEY, "quiz/b", entry({ score: 0.5 })), false);
  assert.deepEqual(plain(hb.store.load(KEY).answers), { "quiz/a": entry(), "quiz/b": entry({ score: 0.5 }) }, "but it counts on the page");
  assert.deepEqual(plain(hb.store.load("hb-progress:v1:/other/").answers), {}, "one store per handbook");
  hb.store.drop(KEY, "quiz");
  assert.deepEqual(plain(hb.store.load(KEY).answers), {});
  assert.equal(new Set(console.said.map(([, message]) => message)).size, console.said.length, "each problem said once");
});

test("a full storage keeps the newest answers in memory; once saving works again, storage has them", () => {
  const full = site({ [KEY]: JSON.stringify({ version: 1, answers: { "quiz/a": entry() } }) }, true);
  assert.equal(full.hb.store.put(KEY, "quiz/b", entry()), false);
  assert.deepEqual(Object.keys(full.hb.store.load(KEY).answers).sort(), ["quiz/a", "quiz/b"], "memory, newer than storage, is read");
  full.localStorage.full = false;
  assert.equal(full.hb.store.put(KEY, "quiz/c", entry()), true);
  assert.deepEqual(Object.keys(JSON.parse(full.localStorage.items.get(KEY)).answers).sort(), ["quiz/a", "quiz/b", "quiz/c"]);
});

test("save writes JSON and says false when the browser refuses (quota)", () => {
  const ok = site();
  assert.equal(ok.hb.store.save(KEY, { version: 1, answers: { "q/a": entry() } }), true);
  assert.deepEqual(JSON.parse(ok.localStorage.items.get(KEY)).answers["q/a"], entry());
  const full = site({}, true);
  assert.equal(full.hb.store.save(KEY, { version: 1, answers: {} }), false);
});

test("put saves one answer; drop deletes one quiz's answers only", () => {
  const { hb } = site({ [KEY]: JSON.stringify({ version: 1, answers: { "other/a": entry() } }) });
  assert.equal(hb.store.put(KEY, "quiz/a", entry()), true);
  assert.equal(hb.store.put(KEY, "quiz/b", entry({ score: 0.5 })), true);
  assert.equal(hb.store.put(KEY, "quiz-two/a", entry()), true);
  assert.deepEqual(Object.keys(hb.store.load(KEY).answers).sort(), ["other/a", "quiz-two/a", "quiz/a", "quiz/b"]);
  hb.store.drop(KEY, "quiz");
  assert.deepEqual(Object.keys(hb.store.load(KEY).answers).sort(), ["other/a", "quiz-two/a"], "a quiz whose id starts the same is kept");
});

test("key: one per handbook, from the element's data-hb-root resolved against the page", () => {
  const { hb } = site();
  const element = (root) => ({ getAttribute: (name) => (name === "data-hb-root" ? root : null) });
  assert.equal(hb.store.key(element("../../"), "http://example.org/handbook/modules/barriers/"), "hb-progress:v1:/handbook/");
  assert.equal(hb.store.key(element("../"), "file:///tmp/h/modules/barriers.html"), "hb-progress:v1:/tmp/h/");
  assert.equal(hb.store.key(null, "http://example.org/x/y/"), "hb-progress:v1:/");
  assert.equal(hb.store.key(element(null), "http://example.org/x/y/"), "hb-progress:v1:/");
});

test("record: the first checked try stays the entry; a later one is its `last`; a new version starts again", () => {
  const { hb } = site();
  const first = hb.store.record(KEY, "quiz/a", entry({ response: [1], score: 0 }));
  assert.deepEqual(plain(first), { saved: true, first: null });
  const again = hb.store.record(KEY, "quiz/a", entry({ response: [0], score: 1, at: "2026-01-02T00:00:00Z" }));
  assert.equal(again.first.score, 0, "the caller is told which try counts");
  const saved = hb.store.load(KEY).answers["quiz/a"];
  assert.deepEqual(plain(saved), { ...entry({ response: [1], score: 0 }), last: { response: [0], score: 1, at: "2026-01-02T00:00:00Z" } });
  // A third try replaces the last, never the first.
  hb.store.record(KEY, "quiz/a", entry({ response: [2], score: 0.5 }));
  assert.equal(hb.store.load(KEY).answers["quiz/a"].score, 0);
  assert.equal(hb.store.load(KEY).answers["quiz/a"].last.score, 0.5);
  // The question changed (another hash): the next try is a first try of the new version.
  assert.equal(hb.store.record(KEY, "quiz/a", entry({ hash: "new", response: [0], score: 1 })).first, null);
  assert.deepEqual(plain(hb.store.load(KEY).answers["quiz/a"]), entry({ hash: "new", response: [0], score: 1 }));
});

test("a bad `last` is dropped alone: the first try, which counts, is kept; an import must be all good", () => {
  const bad = { ...entry(), last: { score: 7 } };
  const { hb } = site({ [KEY]: JSON.stringify({ version: 1, answers: { "q/a": bad, "q/b": { ...entry(), last: "x" } } }) });
  assert.deepEqual(plain(hb.store.load(KEY).answers), { "q/a": entry(), "q/b": entry() });
  assert.equal(hb.store.valid({ version: 1, answers: { "q/a": bad } }), false);
  assert.equal(hb.store.valid({ version: 1, answers: { "q/a": { ...entry(), last: { response: [1], score: 1, at: "" } } } }), true);
});
