/* The review page (review/, issue 22): the self-check questions due for review, by the
 * schedule in due.js (hb.review). A question with options to choose is asked again here; any other
 * (an order or a reflection question) links to where it is answered. An answer
 * given here is marked by the question's own rule (hb.types), saved in hb.store as a later try
 * (`last`: the first try is what counts elsewhere), fires "hb:answer", and moves the item.
 *
 * Loaded only by the review page (overrides/main.html), after handbook.js and due.js; the items it
 * can show come from the page (data-items, generator/render/learning.py). This is the readable
 * source; the build minifies it.
 */
((hb) => {
  "use strict";
  if (!hb || typeof hb.feature !== "function" || !hb.review) {
    console.error("review.js needs handbook.js and due.js (window.hb, hb.review), loaded before it");
    return;
  }
  const $ = (selector, root) => root.querySelector(selector);
  const percent = (fraction) => `${Math.round(fraction * 100)}%`;
  const day = (iso) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });

  function element(tag, text, attributes) {
    const made = document.createElement(tag);
    made.textContent = text || "";
    for (const [name, value] of Object.entries(attributes || {})) {
      made.setAttribute(name, value);
    }
    return made;
  }

  /** Save a try by the store's one rule (hb.store.record: the first try stays, a later one is its
   * `last`), then the schedule; the store, or null when this browser cannot save. */
  function saveTry(view, id, rule, answer) {
    const fits = (response) => hb.types[rule.type].valid(response, rule);
    if (!hb.store.record(view.key, id, { hash: rule.hash, ...answer }, fits).saved) {
      return null;
    }
    const store = hb.store.load(view.key);
    store.review = hb.review.schedule(store, view.items, Date.now()).review;
    return hb.store.save(view.key, store) ? store : null;
  }

  /** A question asked again: its options as the module page has them (indexes are the saved form). */
  function askAgain(view, id, item, li) {
    const form = element("form", "", { class: "hb-try" });
    const set = element("fieldset");
    set.append(element("legend", item.prompt));
    // What the question shows (the quoted turn, or the excerpt before a next response), after its prompt.
    for (const line of item.shown) {
      set.append(element("blockquote", line, { class: "hb-review__shown" }));
    }
    item.options.forEach((text, i) => {
      const label = element("label");
      label.append(element("input", "", { type: item.multi ? "checkbox" : "radio", name: id, value: String(i) }), ` ${text}`);
      const line = element("p");
      line.append(label);
      set.append(line);
    });
    const feedback = element("p", "", { class: "hb-try__fb", "data-fb": "" });
    form.append(set, element("button", "Check", { type: "submit" }), feedback);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = Array.from(form.querySelectorAll("input:checked")).map((input) => +input.value);
      if (!chosen.length) {
        view.say("Choose an answer first.");
        return;
      }
      const [quiz, question] = id.split("/");
      const rule = {
        quiz: quiz,
        id: question,
        hash: item.hash,
        type: item.type,
        options: item.options.length,
        correct: item.correct,
        readings: item.readings.map((r) => ({ codes: r.i, reason: r.reason })),
        key: item.key,
      };
      const graded = hb.types[item.type].grade(chosen, rule);
      const at = new Date().toISOString();
      const store = saveTry(view, id, rule, { response: chosen, score: graded.score, at: at });
      const state = store?.review[id];
      let next = "It is saved and leaves your queue: well done.";
      if (!store) {
        next = "Your answer could not be saved in this browser.";
      } else if (state && state.box > 0) {
        next = `Next review: ${day(state.due)}.`;
      } else if (state) {
        next = "It stays in your queue for today: try it again later.";
      }
      const verdict =
        graded.score === 1
          ? "✔ Right."
          : `${graded.score > 0 ? `◐ Partly right (${percent(graded.score)})` : "✘ Not quite"}. The answer: ${item.key}.`;
      feedback.textContent = `${verdict} ${graded.detail || ""} ${item.explanation} ${next}`.replace(/ {2,}/g, " ");
      view.say(`${verdict} ${next}`);
      hb.answered({
        quizId: quiz,
        questionId: question,
        type: item.type,
        score: graded.score,
        correct: graded.credit ? graded.credit.kind === "right" : graded.score === 1,
        defensible: !!graded.credit && graded.credit.kind === "defensible",
      });
      feedback.focus();
    });
    feedback.setAttribute("tabindex", "-1");
    li.append(form);
  }

  function draw(view) {
    const store = hb.store.load(view.key);
    const { review, due, later } = hb.review.schedule(store, view.items, Date.now());
    store.review = review;
    hb.store.save(view.key, store);
    const list = $("[data-due]", view.root);
    list.replaceChildren();
    for (const id of due) {
      const item = view.items[id];
      const li = element("li", "", { class: "hb-review__item", "data-id": id });
      const from = element("p", "From ", { class: "hb-review__from" });
      from.append(element("a", item.from, { href: item.href }));
      li.append(from);
      if (item.options) {
        askAgain(view, id, item, li);
      } else {
        const line = element("p", `${item.prompt} `);
        line.append(element("a", "Answer it on its page", { href: item.href }));
        li.append(line);
      }
      list.append(li);
    }
    list.hidden = !due.length;
    const rows = $("[data-later] tbody", view.root);
    rows.replaceChildren();
    for (const [id, when] of later) {
      const tr = rows.insertRow();
      tr.setAttribute("data-id", id);
      tr.append(element("th", view.items[id].prompt, { scope: "row" }));
      tr.insertCell().textContent = view.items[id].from;
      tr.insertCell().textContent = day(when);
    }
    $("[data-later]", view.root).hidden = !later.length;
    const count = due.length ? `${due.length} due now.` : "Nothing is due now.";
    $("[data-summary]", view.root).textContent = `${count} ${later.length} coming up later.`;
  }

  function setup(root) {
    const view = {
      root: root,
      key: hb.store.key(root),
      items: JSON.parse(root.dataset.items),
      say: (message) => {
        $("[data-status]", root).textContent = message;
      },
    };
    $("[data-nojs]", root).replaceWith(element("p", "", { class: "hb-review__summary", "data-summary": "" }));
    draw(view);
  }

  hb.feature("review", ".hb-review", setup);
})(globalThis.hb);
