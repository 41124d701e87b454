/* Practise mode's agreement summary: once a learner has coded every provider turn of a dialogue,
 * how far their coding agrees with the key, as coding studies report it: exact agreement per turn,
 * and per code (each alliance part, each ALSI step, the effect) the share of turns agreed and
 * Cohen's kappa, with the turns coded differently.
 *
 * Loaded by dialogue.js (once practise mode is used or a practise answer is saved), after handbook.js:
 * it registers the "agree" feature with window.hb, which starts it after "dialogue". It reads the
 * practise answers dialogue.js saves in hb.store (quiz "dialogue-<id>", question "turn-N"): each
 * entry's first coding, which is what counts. hb.agreement holds the plain functions (kappa,
 * summarise), which node's unit tests call (tests/js/agree.test.js; tests/test_learner_agreement.py
 * checks kappa against scikit-learn). This is the readable source; the build minifies it.
 */
((hb) => {
  "use strict";
  if (!hb || typeof hb.feature !== "function") {
    console.error("agree.js needs handbook.js (window.hb), loaded before it");
    return;
  }

  const CODES = [
    ["alliance", "bond"],
    ["alliance", "task"],
    ["alliance", "goal"],
    ["alsi", "ask"],
    ["alsi", "listen"],
    ["alsi", "summarise"],
    ["alsi", "invite"],
  ];

  /** Cohen's kappa between two coders' labels for the same items (equal-length lists): observed
   * agreement corrected for the agreement chance alone gives, (po - pe) / (1 - pe). null when it is
   * not defined: no items, or both coders gave every item the same one label (pe = 1), where
   * scikit-learn's cohen_kappa_score gives NaN. */
  function kappa(a, b) {
    const n = a.length;
    if (!n || n !== b.length) {
      return null;
    }
    const share = (list, label) => list.filter((x) => x === label).length / n;
    const observed = a.filter((x, i) => x === b[i]).length / n;
    const chance = [...new Set([...a, ...b])].reduce((sum, label) => sum + share(a, label) * share(b, label), 0);
    return chance === 1 ? null : (observed - chance) / (1 - chance);
  }

  const same = (x, y) => x.length === y.length && x.every((c) => y.includes(c));

  /** The summary of a coded dialogue. `turns`: [{n, key: {alliance, alsi, effect}, given: {alliance,
   * alsi, effect}}], codes as lists (an effect as its one code; a given effect may be empty: not
   * asked when it was coded). Returns {turns, exact (turns coded exactly as the key), rows: [{code,
   * dimension, agree (share of turns), kappa, differ (turn numbers)}]}, the effect's row over the
   * turns whose effect was given, and left out when none was. */
  function summarise(turns) {
    const row = (dimension, code, coded, has) => {
      const key = coded.map((t) => has(t.key));
      const given = coded.map((t) => has(t.given));
      const differ = coded.filter((_, i) => key[i] !== given[i]).map((t) => t.n);
      return {
        code: code,
        dimension: dimension,
        n: coded.length,
        agree: 1 - differ.length / coded.length,
        kappa: kappa(given, key),
        differ: differ,
      };
    };
    const rows = CODES.map(([dimension, code]) => row(dimension, code, turns, (coding) => coding[dimension].includes(code)));
    const withEffect = turns.filter((t) => (t.given.effect || []).length);
    if (withEffect.length) {
      rows.push(row("effect", "effect", withEffect, (coding) => coding.effect[0]));
    }
    const exact = turns.filter(
      (t) =>
        same(t.given.alliance, t.key.alliance) &&
        same(t.given.alsi, t.key.alsi) &&
        (!(t.given.effect || []).length || t.given.effect[0] === t.key.effect[0]),
    ).length;
    return { turns: turns.length, exact: exact, rows: rows };
  }

  // ---- On the page --------------------------------------------------------------------------

  const percent = (fraction) => `${Math.round(fraction * 100)}%`;

  /** The coding that counts in a saved entry: the first (later tries are kept as `last`). */
  const firstCoding = (entry) => entry.response;

  /** Every provider turn with its saved coding, or null while any is uncoded (or coded against an earlier key). */
  function codedTurns(root) {
    const answers = hb.store.load(hb.store.key(root)).answers;
    const turns = [];
    for (const form of root.querySelectorAll(".hb-try")) {
      const li = form.closest("li");
      const entry = answers[`${form.dataset.quiz}/${form.dataset.question}`];
      if (!entry || entry.hash !== form.dataset.hash || !hb.types.dialogue.valid(firstCoding(entry))) {
        return null;
      }
      const codes = (name) => (li.dataset[name] || "").split(" ").filter(Boolean);
      turns.push({
        n: +li.dataset.turn,
        key: { alliance: codes("alliance"), alsi: codes("alsi"), effect: codes("effect") },
        given: firstCoding(entry),
      });
    }
    return turns.length ? turns : null;
  }

  function element(tag, text, attributes) {
    const made = document.createElement(tag);
    made.textContent = text || "";
    for (const [name, value] of Object.entries(attributes || {})) {
      made.setAttribute(name, value);
    }
    return made;
  }

  const name = (r) =>
    r.dimension === "effect" ? "Effect (builds or strains)" : `${r.code} (${r.dimension === "alsi" ? "ALSI step" : "alliance part"})`;

  /** The summary's section, built from `summary` (hb.agreement.summarise); `hint` is the page's link to the codebook, if any. */
  function section(summary, hint) {
    const box = element("section", "", { class: "hb-agree", "aria-labelledby": "hb-agree-title" });
    box.append(element("h2", "Your agreement with the key", { id: "hb-agree-title" }));
    box.append(
      element(
        "p",
        `You coded all ${summary.turns} provider turns. Your coding matched the key exactly on ${summary.exact} of them (${percent(summary.exact / summary.turns)}).`,
      ),
    );
    const table = element("table");
    table.append(element("caption", "Agreement with the key for each code"));
    const head = table.createTHead().insertRow();
    for (const title of ["Code", "Turns agreed", "Kappa"]) {
      head.append(element("th", title, { scope: "col" }));
    }
    const body = table.createTBody();
    for (const r of summary.rows) {
      const tr = body.insertRow();
      tr.setAttribute("data-code", r.code);
      tr.append(element("th", name(r), { scope: "row" }));
      tr.insertCell().textContent = `${r.n - r.differ.length} of ${r.n} (${percent(r.agree)})`;
      tr.insertCell().textContent = r.kappa === null ? "not defined*" : r.kappa.toFixed(2);
    }
    box.append(table);
    // The turns coded differently, per code, each a link to its turn (a list: narrow screens keep the table to three columns).
    const differ = summary.rows.filter((r) => r.differ.length);
    if (differ.length) {
      box.append(element("p", "Turns you coded differently from the key:"));
      const list = element("ul", "", { class: "hb-agree__differ" });
      for (const r of differ) {
        const item = element("li", `${name(r)}: `, { "data-code": r.code });
        r.differ.forEach((n, i) => {
          item.append(i ? ", " : "", element("a", `turn ${n}`, { href: `#turn-${n}` }));
        });
        list.append(item);
      }
      box.append(list);
    }
    box.append(
      element(
        "p",
        "What kappa means: how much more you agree with the key than chance alone would give. 1 is agreement on every turn, " +
          "0 is no more than chance, below 0 is less. It is lower than the share of turns agreed when a code is almost " +
          "always used, or almost never, because then agreeing by chance is easy. *Not defined: you and the key gave every " +
          "turn the same answer for that code, so there is nothing to tell apart from chance.",
      ),
    );
    const most = summary.rows.filter((r) => r.differ.length).sort((x, y) => y.differ.length - x.differ.length || y.n - x.n);
    const top = most.filter((r) => r.differ.length === most[0].differ.length);
    const last = element(
      "p",
      top.length ? `Where you differed most: ${top.map(name).join("; ")}. ` : "You and the key agreed on every code of every turn.",
    );
    if (top.length) {
      // The codebook's decision rules settle the hard cases: linked where the page links the codebook.
      const codebook = hint && new URL(hint, location.href);
      last.append("Open those turns' notes and the ");
      last.append(
        codebook
          ? element("a", "codebook's decision rules", { href: Object.assign(codebook, { hash: "decision-rules" }).href })
          : "codebook",
      );
      last.append(" to see what decides them.");
    }
    box.append(last);
    return box;
  }

  /** Show (or refresh) the summary once every provider turn is coded; true when it is shown. */
  function update(root) {
    const turns = codedTurns(root);
    const old = root.querySelector(".hb-agree");
    if (!turns) {
      old?.remove();
      return false;
    }
    const box = section(summarise(turns), root.querySelector(".hb-hint a")?.getAttribute("href"));
    if (old) {
      old.replaceWith(box);
    } else {
      root.querySelector(".hb-turns").after(box);
    }
    return true;
  }

  function setup(root) {
    if (!root.querySelector(".hb-try")) {
      return;
    }
    update(root);
    const onAnswer = (event) => {
      if (!root.isConnected) {
        document.removeEventListener("hb:answer", onAnswer);
        return;
      }
      if (event.detail.quizId === root.dataset.quiz && update(root)) {
        const status = root.querySelector("[data-status]");
        status.textContent += " Every provider turn is coded: your agreement with the key is below the transcript.";
      }
    };
    document.addEventListener("hb:answer", onAnswer);
  }

  hb.agreement = { kappa: kappa, summarise: summarise };
  hb.feature("agree", ".hb-dialogue", setup);
})(globalThis.hb);
