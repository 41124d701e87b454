/* The progress page (generator/render/templates/quiz_progress.html.j2): fills the tables of
 * answered questions and scores from the saved answers (hb.store), and exports, imports and deletes
 * them. The table is complete without it.
 *
 * Loaded only by the progress page (overrides/main.html), after handbook.js: it registers the
 * "progress" feature with window.hb, which starts it. A score is the first checked try's (the
 * store's entry; later tries are its `last`); questions that are not scored (a reflection's
 * self-rating, hb.types[type].unscored) count as answered but not in the score. This is the
 * readable source; the build minifies it (generator/export/static.py).
 */
((hb) => {
  "use strict";
  if (!hb || typeof hb.feature !== "function") {
    console.error("progress.js needs handbook.js (window.hb), loaded before it");
    return;
  }

  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const $ = (selector, root) => (root || document).querySelector(selector);
  const percent = (fraction) => `${Math.round(fraction * 100)}%`;

  // ---- The progress page --------------------------------------------------------------------

  /** One row: `counts` is [answered, questions, answered and scored, sum of their first scores]. */
  function fillRow(row, counts) {
    $(".hb-progress__done", row).textContent = `${counts[0]} of ${counts[1]}`;
    $(".hb-progress__score", row).textContent = counts[2] ? percent(counts[3] / counts[2]) : "–";
  }

  function add(counts, entry, scored) {
    counts[0] += !!entry;
    counts[1] += 1;
    if (entry && scored) {
      counts[2] += 1;
      counts[3] += entry.score;
    }
  }

  /** Fill the module rows and the skill rows from the saved answers (their first tries). */
  function drawProgress(page) {
    const answers = hb.store.load(page.key).answers;
    const skills = {}; // skill -> counts, as fillRow takes them
    page.index.modules.forEach((module) => {
      const counts = [0, 0, 0, 0];
      module.questions.forEach((question) => {
        const saved = answers[`${module.id}/${question.id}`];
        const entry = saved && saved.hash === question.hash ? saved : null;
        const scored = !hb.types[question.type]?.unscored;
        add(counts, entry, scored);
        question.alliance.concat(question.alsi).forEach((skill) => {
          skills[skill] = skills[skill] || [0, 0, 0, 0];
          add(skills[skill], entry, scored);
        });
      });
      fillRow($(`tr[data-module="${module.id}"]`, page.el), counts);
    });
    $$("tr[data-skill]", page.el).forEach((row) => {
      fillRow(row, skills[row.getAttribute("data-skill")] || [0, 0, 0, 0]);
    });
  }

  function exportFile(page) {
    const link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([JSON.stringify(hb.store.load(page.key), null, 2)], { type: "application/json" }));
    link.download = "handbook-progress.json";
    page.el.appendChild(link).click();
    link.remove();
  }

  /** Merge a progress file into the saved answers; a file that is not a version 1 store changes nothing. */
  function importText(page, text) {
    let imported = null;
    try {
      imported = JSON.parse(text);
    } catch {
      // Not JSON: refused just below, with a message on the page.
    }
    if (!hb.store.valid(imported)) {
      page.message.textContent = "Import refused: not a version 1 progress file. Nothing was changed.";
      return;
    }
    const store = hb.store.load(page.key);
    Object.assign(store.answers, imported.answers);
    const saved = hb.store.save(page.key, store);
    page.message.textContent = saved
      ? `Imported ${Object.keys(imported.answers).length} answers.`
      : "Import failed: this browser cannot save.";
    drawProgress(page);
  }

  function importFile(page, event) {
    const file = event.target.files[0];
    if (file) {
      file.text().then((text) => {
        event.target.value = "";
        importText(page, text);
      });
    }
  }

  function resetAll(page) {
    if (!confirm("Delete every saved answer in this handbook?")) {
      return;
    }
    hb.store.save(page.key, { version: 1, answers: {} });
    drawProgress(page);
    page.message.textContent = "All saved answers were deleted.";
  }

  function setupProgress(el) {
    const page = { el: el, key: hb.store.key(el), index: JSON.parse(el.getAttribute("data-index")), message: $(".hb-progress__msg", el) };
    $(".hb-progress__tools", el).hidden = false;
    drawProgress(page);
    $(".hb-progress__export", el).addEventListener("click", () => exportFile(page));
    $("#hb-progress-import", el).addEventListener("change", (event) => importFile(page, event));
    $(".hb-progress__reset", el).addEventListener("click", () => resetAll(page));
  }

  hb.feature("progress", ".hb-progress", setupProgress);
})(globalThis.hb);
