/* The review schedule (issue 22) and the "due for review" line on the home page.
 *
 * A saved answer to a question that scored below 1 (answered wrong or partly right) enters the review queue in box 0, due at once. Each time it is
 * answered again (on the review page or on its own page), a right answer moves it up one box, due
 * after INTERVALS[box] days from that answer, and a wrong one puts it back in box 0; right in the
 * last box, it leaves the queue. A Leitner scheme, kept in the store as store.review =
 * {"<id>": {box, due, seen}} (`seen`: the time of the answer last taken into account).
 *
 * Loaded by the home page (its .hb-due line) and the review page (overrides/main.html), after
 * handbook.js: it defines hb.review (plain functions, which node's tests call) and registers the
 * "due" feature. This is the readable source; the build minifies it.
 */
((hb) => {
  "use strict";
  if (!hb || typeof hb.feature !== "function") {
    console.error("due.js needs handbook.js (window.hb), loaded before it");
    return;
  }

  const DAY = 24 * 60 * 60 * 1000;
  const INTERVALS = [0, 1, 3, 7, 21];
  const isObject = (value) => !!value && typeof value === "object" && !Array.isArray(value);
  const time = (value) => (typeof value === "string" ? Date.parse(value) : Number.NaN);

  /** The latest try of a saved answer: the entry keeps the first try, later ones as `last`. */
  const latest = (entry) => (isObject(entry.last) && typeof entry.last.score === "number" ? entry.last : entry);

  const isState = (s) =>
    isObject(s) &&
    Number.isInteger(s.box) &&
    s.box >= 0 &&
    s.box < INTERVALS.length &&
    !Number.isNaN(time(s.due)) &&
    !Number.isNaN(time(s.seen));

  /** The queue for `store` at time `now` (ms). `items` (id -> {hash}) limits it to what the site
   * still asks, with the same hash; null takes every saved answer. Returns {review (the new
   * store.review), due (ids due, oldest first), later ([id, due] by date)}. */
  function schedule(store, items, now) {
    const old = isObject(store.review) ? store.review : {};
    const review = {};
    for (const [id, entry] of Object.entries(store.answers)) {
      // Practised dialogue turns ("dialogue-x/turn-N") are not reviewed: a coded turn is locked on its page.
      if (id.startsWith("dialogue-") || (items && (!items[id] || items[id].hash !== entry.hash))) {
        continue;
      }
      const answer = latest(entry);
      const at = time(answer.at);
      const state = isState(old[id]) ? old[id] : null;
      if (Number.isNaN(at)) {
        continue;
      }
      if (!state) {
        if (answer.score < 1) {
          review[id] = { box: 0, due: answer.at, seen: answer.at };
        }
      } else if (at <= time(state.seen)) {
        review[id] = state;
      } else if (answer.score < 1) {
        review[id] = { box: 0, due: answer.at, seen: answer.at };
      } else if (state.box + 1 < INTERVALS.length) {
        const box = state.box + 1;
        review[id] = { box: box, due: new Date(at + INTERVALS[box] * DAY).toISOString(), seen: answer.at };
      }
    }
    const byDate = Object.keys(review).sort((a, b) => time(review[a].due) - time(review[b].due) || (a < b ? -1 : 1));
    return {
      review: review,
      due: byDate.filter((id) => time(review[id].due) <= now),
      later: byDate.filter((id) => time(review[id].due) > now).map((id) => [id, review[id].due]),
    };
  }

  /** The home page's line: how many are due now, with a link to the review page. */
  function setupDue(element) {
    const store = hb.store.load(hb.store.key(element));
    const count = schedule(store, null, Date.now()).due.length;
    if (count) {
      element.querySelector("[data-count]").textContent = `${count} ${count === 1 ? "question is" : "questions are"} due for review.`;
      element.hidden = false;
    }
  }

  hb.review = { INTERVALS: INTERVALS, DAY: DAY, latest: latest, schedule: schedule };
  hb.feature("due", ".hb-due", setupDue);
})(globalThis.hb);
