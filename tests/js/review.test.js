/* hb.review (due.js): the review queue's Leitner schedule over the saved answers. */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./site.js");

const { hb } = load(["handbook.js", "due.js"]);
const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse("2026-03-02T09:00:00.000Z");
const iso = (ms) => new Date(ms).toISOString();
const entry = (score, at, extra) => ({ hash: "h1", response: [0], score: score, at: iso(at), ...extra });

/** Answer `id` again at `at` with `score` (a later try, as `last`), then schedule at `now`. */
function again(store, id, score, at, now) {
  store.answers[id].last = { response: [1], score: score, at: iso(at) };
  store.review = hb.review.schedule(store, null, now).review;
  return store;
}

test("a wrong or partly right answer enters box 0, due at once; a right one never enters", () => {
  const store = { version: 1, answers: { "q/wrong": entry(0, T0), "q/part": entry(0.5, T0 + 1), "q/right": entry(1, T0) } };
  const queue = plain(hb.review.schedule(store, null, T0 + 1000));
  assert.deepEqual(queue.due, ["q/wrong", "q/part"]);
  assert.deepEqual(queue.review["q/wrong"], { box: 0, due: iso(T0), seen: iso(T0) });
  assert.deepEqual(queue.later, []);
});

test("each right answer moves it up a box, due 1, 3, 7, then 21 days later; right in the last box, it leaves", () => {
  const store = { version: 1, answers: { "q/a": entry(0, T0) } };
  store.review = hb.review.schedule(store, null, T0).review;
  let now = T0;
  for (const [box, days] of [
    [1, 1],
    [2, 3],
    [3, 7],
    [4, 21],
  ]) {
    now += 60 * 1000;
    again(store, "q/a", 1, now, now);
    assert.deepEqual(plain(store.review["q/a"]), { box: box, due: iso(now + days * DAY), seen: iso(now) });
    assert.deepEqual(plain(hb.review.schedule(store, null, now + days * DAY - 1).due), [], "not due before its day");
    assert.deepEqual(plain(hb.review.schedule(store, null, now + days * DAY).due), ["q/a"]);
    now += days * DAY;
  }
  again(store, "q/a", 1, now + 1, now + 1);
  assert.equal(store.review["q/a"], undefined);
});

test("a wrong answer puts it back in box 0, due at once; the same answer read again changes nothing", () => {
  const store = { version: 1, answers: { "q/a": entry(0, T0) } };
  store.review = { "q/a": { box: 3, due: iso(T0 + 7 * DAY), seen: iso(T0) } };
  assert.deepEqual(plain(hb.review.schedule(store, null, T0 + DAY).review["q/a"]), store.review["q/a"]);
  again(store, "q/a", 0.5, T0 + DAY, T0 + DAY);
  assert.deepEqual(plain(store.review["q/a"]), { box: 0, due: iso(T0 + DAY), seen: iso(T0 + DAY) });
});

test("only what the site still asks, in its current version; a malformed schedule entry starts again", () => {
  const store = { version: 1, answers: { "q/a": entry(0, T0), "q/old": entry(0, T0), "q/gone": entry(0, T0) } };
  store.review = { "q/a": { box: 9, due: "soon", seen: iso(T0) } };
  const items = { "q/a": { hash: "h1" }, "q/old": { hash: "h2" } };
  const queue = plain(hb.review.schedule(store, items, T0));
  assert.deepEqual(Object.keys(queue.review), ["q/a"]);
  assert.deepEqual(queue.review["q/a"], { box: 0, due: iso(T0), seen: iso(T0) });
});

test("practised dialogue turns are not reviewed: a coded turn is locked on its page", () => {
  const store = { version: 1, answers: { "dialogue-x/turn-2": entry(0, T0), "q/a": entry(0, T0) } };
  assert.deepEqual(plain(hb.review.schedule(store, null, T0).due), ["q/a"]);
});
