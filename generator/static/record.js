/* The learning record (record/, issue 22): each module whose self-check is answered (the date it
 * was finished, the score of the first tries, the time from the first answer to the last) and each
 * dialogue whose provider turns are all coded in practise mode (the date, the turns coded as the
 * key), with the learner's name and reflection; printable (print.css), saved as a JSON file that
 * imports again here (or on the progress page: it is the store, with the record beside it).
 *
 * Loaded only by the record page (overrides/main.html), after handbook.js. Reads hb.store; keeps
 * the name and reflection in it as record: {name, reflection}. Nothing leaves the device. This is
 * the readable source; the build minifies it.
 */
((hb) => {
  "use strict";
  if (!hb || typeof hb.feature !== "function") {
    console.error("record.js needs handbook.js (window.hb), loaded before it");
    return;
  }
  const $ = (selector, root) => root.querySelector(selector);
  const percent = (fraction) => `${Math.round(fraction * 100)}%`;
  const day = (ms) => new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  const isObject = (value) => !!value && typeof value === "object" && !Array.isArray(value);
  const count = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const text = (value) => (typeof value === "string" ? value : "");

  /** The try that counts in a saved entry: the first (later tries are kept as `last`). */
  const firstTry = (entry) => entry;

  /** A span of time in words, in whole minutes. */
  function duration(ms) {
    const minutes = Math.round(ms / 60000);
    if (minutes < 1) {
      return "under a minute";
    }
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return hours ? `${hours} h ${rest} min` : `${minutes} min`;
  }

  /** The first tries saved for `ids` ([id, hash]), or null unless every one is answered in its current version. */
  function tries(answers, prefix, ids) {
    const found = ids.map(
      ([id, hash]) => answers[`${prefix}/${id}`] && answers[`${prefix}/${id}`].hash === hash && firstTry(answers[`${prefix}/${id}`]),
    );
    return found.every((t) => t && !Number.isNaN(Date.parse(t.at))) ? found : null;
  }

  const same = (x, y) => Array.isArray(x) && x.length === y.length && x.every((c) => y.includes(c));

  /** The record's rows from the store and the page's index. */
  function rows(store, index) {
    const modules = [];
    for (const m of index.modules) {
      const done = tries(store.answers, m.quiz, m.questions);
      if (done) {
        const times = done.map((t) => Date.parse(t.at));
        const score = done.reduce((sum, t) => sum + t.score, 0) / done.length;
        modules.push({
          id: m.id,
          title: m.title,
          outcomes: m.outcomes,
          completed: Math.max(...times),
          score: score,
          time: Math.max(...times) - Math.min(...times),
        });
      }
    }
    const dialogues = [];
    for (const d of index.dialogues) {
      const done = tries(store.answers, `dialogue-${d.id}`, d.turns);
      if (done) {
        const agreed = done.filter((t, i) => same(t.response?.alliance, d.turns[i][2]) && same(t.response?.alsi, d.turns[i][3])).length;
        dialogues.push({
          id: d.id,
          title: d.title,
          completed: Math.max(...done.map((t) => Date.parse(t.at))),
          agreed: agreed,
          turns: done.length,
        });
      }
    }
    return { modules: modules, dialogues: dialogues };
  }

  function cell(tr, value) {
    tr.insertCell().textContent = value;
  }

  function draw(view) {
    const store = hb.store.load(view.key);
    const record = isObject(store.record) ? store.record : {};
    const { modules, dialogues } = rows(store, view.index);
    $(".hb-record__name", view.root).value = text(record.name);
    const reflection = $("#hb-record-reflection", view.root);
    reflection.value = text(record.reflection);
    // Tall enough for what is written, so that it prints whole.
    reflection.rows = Math.max(6, reflection.value.split("\n").length + Math.ceil(reflection.value.length / 80));
    $("[data-made]", view.root).textContent = day(Date.now());
    const moduleRows = $("[data-modules] tbody", view.root);
    moduleRows.replaceChildren();
    for (const m of modules) {
      const tr = moduleRows.insertRow();
      tr.setAttribute("data-module", m.id);
      const th = document.createElement("th");
      th.setAttribute("scope", "row");
      th.textContent = m.title;
      tr.append(th);
      cell(tr, day(m.completed));
      cell(tr, percent(m.score));
      cell(tr, duration(m.time));
      // The module's learning outcomes, under its row across the table.
      const outcomes = moduleRows.insertRow();
      outcomes.setAttribute("data-outcomes", m.id);
      const all = outcomes.insertCell();
      all.colSpan = 4;
      all.textContent = `Learning outcomes: ${m.outcomes.join(" ")}`;
    }
    const dialogueRows = $("[data-dialogues] tbody", view.root);
    dialogueRows.replaceChildren();
    for (const d of dialogues) {
      const tr = dialogueRows.insertRow();
      tr.setAttribute("data-dialogue", d.id);
      const th = document.createElement("th");
      th.setAttribute("scope", "row");
      th.textContent = d.title;
      tr.append(th);
      cell(tr, day(d.completed));
      cell(tr, `${d.agreed} of ${d.turns}`);
    }
    $("[data-modules]", view.root).hidden = !modules.length;
    $("[data-dialogues]", view.root).hidden = !dialogues.length;
    $("[data-empty]", view.root).hidden = !!(modules.length || dialogues.length);
    return { modules: modules, dialogues: dialogues };
  }

  /** Keep the name and reflection as typed. */
  function keep(view) {
    const store = hb.store.load(view.key);
    store.record = { name: $(".hb-record__name", view.root).value, reflection: $("#hb-record-reflection", view.root).value };
    if (!hb.store.save(view.key, store)) {
      view.say("This browser cannot save: print the record or save it as a file before you leave.");
    }
  }

  /** The whole store, with the record as shown beside it (for reading; an import uses the store). */
  function exportFile(view) {
    const store = hb.store.load(view.key);
    const made = new Date().toISOString();
    const file = { ...store, summary: { handbook: view.handbook, made: made, ...draw(view) } };
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: "application/json" }));
    link.download = `learning-record-${made.slice(0, 10)}.json`;
    document.body.append(link);
    link.click();
    link.remove();
    view.say("Record saved as a file.");
  }

  function importText(view, contents) {
    let imported = null;
    try {
      imported = JSON.parse(contents);
    } catch {
      imported = null;
    }
    if (!hb.store.valid(imported)) {
      view.say("This file is not a saved learning record or progress file; nothing was changed.");
      return;
    }
    const store = hb.store.load(view.key);
    Object.assign(store.answers, imported.answers);
    if (isObject(imported.record)) {
      store.record = { name: text(imported.record.name), reflection: text(imported.record.reflection) };
    }
    if (isObject(imported.review) && !isObject(store.review)) {
      store.review = imported.review;
    }
    const saved = hb.store.save(view.key, store);
    const { modules, dialogues } = draw(view);
    view.say(
      saved
        ? `Record imported: ${count(modules.length, "module")} and ${count(dialogues.length, "dialogue")} completed.`
        : "The record could not be saved in this browser.",
    );
  }

  function setup(root) {
    const view = {
      root: root,
      key: hb.store.key(root),
      index: JSON.parse(root.dataset.index),
      handbook: document.title.split(" - ").slice(1).join(" - ") || document.title,
      say: (message) => {
        $("[data-status]", root).textContent = message;
      },
    };
    $("[data-nojs]", root).remove();
    for (const shown of root.querySelectorAll("[data-js]")) {
      shown.hidden = false;
    }
    $("[data-handbook]", root).textContent = view.handbook;
    draw(view);
    $(".hb-record__name", root).addEventListener("change", () => keep(view));
    $("#hb-record-reflection", root).addEventListener("change", () => keep(view));
    $("[data-print]", root).addEventListener("click", () => window.print());
    $("[data-export]", root).addEventListener("click", () => exportFile(view));
    $("[data-import]", root).addEventListener("click", () => $("#hb-record-import", root).click());
    $("#hb-record-import", root).addEventListener("change", (event) => {
      const file = event.target.files[0];
      if (file) {
        file.text().then((contents) => importText(view, contents));
      }
      event.target.value = "";
    });
  }

  hb.feature("record", ".hb-record", setup);
})(globalThis.hb);
