/* Quizzes and the progress page: enhances the server-rendered quiz widget (generator/render/quiz.py),
 * which is complete without it (every answer readable in a <details>).
 *
 * Loaded only by pages with a quiz or the progress table (front matter hb_quiz; overrides/main.html),
 * after handbook.js: it registers the "quiz" and "progress" features with window.hb, which starts
 * them. Question types, their marking and their saved form are hb.types (handbook.js); how each is
 * shown and answered is WIDGETS below. Answers are saved in hb.store and fire "hb:answer".
 * Details: README, "Self-check quizzes". This is the readable source; the build minifies it
 * (generator/export/static.py).
 */
((hb) => {
  "use strict";
  if (!hb || typeof hb.feature !== "function") {
    console.error("quiz.js needs handbook.js (window.hb), loaded before it");
    return;
  }

  // ---- DOM helpers --------------------------------------------------------------------------

  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const $ = (selector, root) => (root || document).querySelector(selector);
  const percent = (fraction) => `${Math.round(fraction * 100)}%`;

  function element(tag, className, text) {
    const created = document.createElement(tag);
    created.className = className || "";
    created.textContent = text || "";
    return created;
  }

  // ---- Widgets: how each kind of question is shown and answered -----------------------------
  // hb.types[type].widget names one. read(q): the response on the page; write(q, response): put a
  // (valid) response back; check(q): what the Check button does; key(q, answer, graded): the marks
  // and the key in the result box; optional setup(q), clear(q) and verdict(graded).

  /** Mark an option or item right or wrong, with a visible word (never colour alone). */
  function markItem(item, isRight, label) {
    item.classList.add(isRight ? "hb-opt--right" : "hb-opt--wrong");
    item.appendChild(element("span", "hb-opt__mark", label || (isRight ? "✔ right" : "✘ wrong")));
  }

  const choiceOptions = (q) => $$(".hb-q__opts > .hb-opt", q.el);

  const choice = {
    read: (q) =>
      choiceOptions(q)
        .filter((o) => $("input", o).checked)
        .map((o) => +o.dataset.i),
    write: (q, response) => {
      choiceOptions(q).forEach((o) => {
        $("input", o).checked = response.includes(+o.dataset.i);
      });
    },
    check: (q) => {
      if (choice.read(q).length) {
        finish(q);
      } else {
        q.quiz.live.textContent = "Choose an answer first.";
      }
    },
    key: (q, answer, graded) => {
      const defensible = !!graded.credit && graded.credit.kind === "defensible";
      const correct = q.rule.correct;
      const list = q.result.appendChild(element("ul", "hb-q__key"));
      choiceOptions(q).forEach((option) => {
        const i = +option.dataset.i;
        const inKey = correct.includes(i);
        if (answer.includes(i)) {
          markItem(option, inKey || defensible, inKey || !defensible ? "" : "✔ defensible");
        }
        // Feedback for what was chosen, and for every right option when several are right.
        if (answer.includes(i) || (inKey && correct.length > 1)) {
          list.appendChild($(`.hb-key[data-i="${i}"]`, q.el).cloneNode(true));
        }
      });
    },
  };

  const order = {
    // Saved order responses name items by their right position.
    setup: (q) => {
      q.items = $$(".hb-ord", q.el).sort((a, b) => a.dataset.pos - b.dataset.pos);
    },
    read: (q) => $$(".hb-ord", q.el).map((item) => +item.dataset.pos),
    write: (q, response) => {
      for (const position of response) {
        q.items[position].parentNode.appendChild(q.items[position]);
      }
    },
    check: (q) => finish(q),
    key: (q) => {
      $$(".hb-ord", q.el).forEach((item, index) => {
        markItem(item, +item.dataset.pos === index);
      });
      q.result.appendChild(element("p", "", "The right order:"));
      q.result.appendChild($("ol.hb-q__key", q.el).cloneNode(true));
    },
  };

  const rating = (q) => $(".hb-q__rate", q.el);

  const reflection = {
    read: (q) => ({ text: $("textarea", q.el).value, rubric: $$("input:checked", rating(q)).map((input) => +input.value) }),
    write: (q, response) => {
      $("textarea", q.el).value = response.text;
      rating(q).hidden = false;
      $$("input", rating(q)).forEach((input) => {
        input.checked = response.rubric.includes(+input.value);
      });
    },
    check: (q) => showModelAnswer(q),
    key: (q) => q.result.appendChild($(".hb-q__model", q.el).cloneNode(true)),
    clear: (q) => {
      $("textarea", q.el).value = "";
      rating(q).hidden = true;
    },
    verdict: (graded) => `Your rating: ${percent(graded.score)}.`,
  };

  const WIDGETS = { choice: choice, order: order, reflection: reflection };

  // ---- One question -------------------------------------------------------------------------

  function clearMarks(q) {
    for (const mark of $$(".hb-opt__mark", q.el)) {
      mark.remove();
    }
    for (const item of $$(".hb-opt--right,.hb-opt--wrong", q.el)) {
      item.classList.remove("hb-opt--right", "hb-opt--wrong");
    }
    q.result.textContent = "";
  }

  function verdict(graded, word) {
    if (graded.credit && graded.credit.kind === "defensible") {
      return "";
    }
    return { right: "Correct.", part: `Partly right (${percent(graded.score)}).`, wrong: "Not quite." }[word];
  }

  /** Fill the result box for a response (marks, key, explanation); returns hb.types' grade. */
  function show(q, answer) {
    const graded = q.type.grade(answer, q.rule);
    const word = graded.score === 1 ? "right" : graded.score > 0 ? "part" : "wrong";
    const heading = element("p", `hb-res hb-res--${word}`);
    clearMarks(q);
    heading.appendChild(element("span", "hb-res__icon", { right: "✔", part: "◐", wrong: "✘" }[word])).setAttribute("aria-hidden", "true");
    const said = (q.widget.verdict || verdict)(graded, word);
    heading.appendChild(document.createTextNode(` ${said} ${graded.detail}`.replace(/ {2,}/, " ")));
    q.result.appendChild(heading);
    q.widget.key(q, answer, graded);
    q.result.appendChild($(".hb-q__expl", q.el).cloneNode(true));
    q.result.hidden = false;
    return graded;
  }

  /** Mark, show, save and announce the response on the page. */
  function finish(q) {
    const answer = q.widget.read(q);
    const graded = show(q, answer);
    const entry = { hash: q.rule.hash, response: answer, score: graded.score, at: new Date().toISOString() };
    const saved = hb.store.put(q.quiz.key, `${q.quiz.id}/${q.rule.id}`, entry);
    const said = $(".hb-res", q.el).textContent.slice(2);
    q.quiz.live.textContent = `Question ${q.n}: ${said}${saved ? "" : " Your answer could not be saved."}`;
    q.result.focus();
    const credit = graded.credit;
    hb.answered({
      quizId: q.quiz.id,
      questionId: q.rule.id,
      type: q.rule.type,
      score: graded.score,
      correct: credit ? credit.kind === "right" : graded.score === 1,
      defensible: !!credit && credit.kind === "defensible",
    });
    q.quiz.update();
  }

  /** Reflection: show the model answer and open the self-rating. */
  function showModelAnswer(q) {
    rating(q).hidden = false;
    clearMarks(q);
    q.result.appendChild($(".hb-q__model", q.el).cloneNode(true));
    q.result.hidden = false;
    q.quiz.live.textContent = "Model answer shown. Rate your reply.";
    $("input", rating(q)).focus();
  }

  /** Order questions: move an item one place up or down with its button. */
  function move(q, button) {
    const item = button.closest(".hb-ord");
    const up = button.dataset.move < 0;
    const sibling = up ? item.previousElementSibling : item.nextElementSibling;
    if (sibling) {
      item.parentNode.insertBefore(item, up ? sibling : sibling.nextElementSibling);
    }
    button.focus();
    const items = $$(".hb-ord", q.el);
    q.quiz.live.textContent = `${$(".hb-ord__text", item).textContent}: position ${items.indexOf(item) + 1} of ${items.length}.`;
  }

  /** Put a saved response back and mark it; null (and the question cleared) when it does not fit. */
  function restore(q, response) {
    if (!q.type.valid(response, q.rule)) {
      clear(q);
      return null;
    }
    q.widget.write(q, response);
    return show(q, q.widget.read(q)).score;
  }

  function clear(q) {
    clearMarks(q);
    $$("input", q.el).forEach((input) => {
      input.checked = false;
    });
    if (q.widget.clear) {
      q.widget.clear(q);
    }
    q.result.hidden = true;
  }

  /** Hints open one after the other: the next is shown once the previous is opened. */
  function setupHints(el) {
    const hints = $$(".hb-hint", el);
    hints.forEach((hint, index) => {
      hint.hidden = index > 0;
      hint.addEventListener("toggle", () => {
        if (hint.open && hints[index + 1]) {
          hints[index + 1].hidden = false;
        }
      });
    });
  }

  function onClick(q, event) {
    const button = event.target.closest("button");
    if (!button) {
      return;
    }
    if (button.matches(".hb-q__save")) {
      finish(q);
    }
    if (button.matches(".hb-q__check")) {
      q.widget.check(q);
    }
    if (button.dataset.move) {
      move(q, button);
    }
  }

  /** A question type this file can show: an entry in hb.types whose widget is in WIDGETS. */
  const known = (type) => !!hb.types[type] && !!WIDGETS[hb.types[type].widget];

  function setupQuestion(el, quiz, n) {
    const rule = hb.question(el);
    const type = hb.types[rule.type];
    const q = { el: el, rule: rule, type: type, widget: WIDGETS[type.widget], quiz: quiz, n: n, result: $(".hb-q__result", el) };
    el.setAttribute("data-n", n);
    if (q.widget.setup) {
      q.widget.setup(q);
    }
    setupHints(el);
    $$(".hb-q__actions,.hb-ord__btns", el).forEach((buttons) => {
      buttons.hidden = false;
    });
    el.addEventListener("click", (event) => onClick(q, event));
    return q;
  }

  // ---- One quiz -----------------------------------------------------------------------------

  /** Say, above the question's buttons, that it changed since the learner answered it. */
  function changedNotice(q, text) {
    const note = element("p", "hb-q__changed", text);
    note.setAttribute("role", "note");
    $(".hb-q__set", q.el).appendChild(note);
  }

  /** A saved answer to an earlier version of the question. Never a silent reset: a coding answer
   * (parts or steps keep their meaning) is marked again against the new key; any other answer is
   * kept but not counted, and the learner is told to answer again. True when `entry` changed. */
  function revised(q, entry) {
    const score = q.type.recode ? restore(q, entry.response) : null;
    if (score === null) {
      changedNotice(
        q,
        "This question was revised after you answered it, so your earlier answer no longer counts. Answer it again to count it.",
      );
      return false;
    }
    entry.hash = q.rule.hash;
    entry.score = score;
    changedNotice(q, "This question was revised after you answered it. Your answer is marked again against the current key.");
    return true;
  }

  /** Show one question's saved answer, marked by today's rule (its score follows: a defensible
   * reading now earns credit). True when the store changed. */
  function restoreSaved(q, answers) {
    const id = `${q.quiz.id}/${q.rule.id}`;
    const entry = answers[id];
    if (!entry) {
      return false;
    }
    if (entry.hash !== q.rule.hash) {
      return revised(q, entry);
    }
    const score = restore(q, entry.response);
    if (score === null) {
      // Not a response this question can have (another writer's mistake, or a crafted value): not an answer.
      console.warn(`hb: the saved answer to ${id} does not fit the question; it was removed`);
      delete answers[id];
      return true;
    }
    const changed = score !== entry.score;
    entry.score = score;
    return changed;
  }

  /** The score line: how many questions are answered (with the current version) and the mean score. */
  function updateScore(quizElement, quiz) {
    const answers = hb.store.load(quiz.key).answers;
    let answered = 0;
    let sum = 0;
    quiz.questions.forEach((q) => {
      const entry = answers[`${quiz.id}/${q.rule.id}`];
      if (entry && entry.hash === q.rule.hash) {
        answered++;
        sum += entry.score;
      }
    });
    const score = answered ? `, score ${percent(sum / answered)}` : "";
    $(".hb-quiz__score", quizElement).textContent = `Answered ${answered} of ${quiz.questions.length}${score}.`;
  }

  function resetQuiz(quiz) {
    hb.store.drop(quiz.key, quiz.id);
    quiz.questions.forEach(clear);
    quiz.update();
    quiz.live.textContent = "This quiz was reset.";
  }

  function setupQuiz(quizElement) {
    // Checked before anything changes: a quiz with a type this script does not know stays as the server rendered it.
    const unknown = $$(".hb-q", quizElement).filter((el) => !known(el.getAttribute("data-type")));
    if (unknown.length) {
      throw new Error(
        `question type '${unknown[0].getAttribute("data-type")}' needs an entry in hb.types (handbook.js) and its widget in quiz.js`,
      );
    }
    const quiz = { key: hb.store.key(quizElement), id: quizElement.getAttribute("data-quiz"), live: $(".hb-quiz__live", quizElement) };
    quiz.questions = $$(".hb-q", quizElement).map((el, index) => setupQuestion(el, quiz, index + 1));
    quiz.update = () => updateScore(quizElement, quiz);
    const store = hb.store.load(quiz.key);
    let changed = false;
    quiz.questions.forEach((q) => {
      changed = restoreSaved(q, store.answers) || changed;
    });
    if (changed) {
      hb.store.save(quiz.key, store);
    }
    $(".hb-quiz__bar", quizElement).hidden = false;
    quiz.update();
    $(".hb-quiz__reset", quizElement).addEventListener("click", () => resetQuiz(quiz));
  }

  // ---- The progress page --------------------------------------------------------------------

  function fillRow(row, answered, total, sum) {
    $(".hb-progress__done", row).textContent = `${answered} of ${total}`;
    $(".hb-progress__score", row).textContent = answered ? percent(sum / answered) : "–";
  }

  /** Fill the module rows and the skill rows from the saved answers. */
  function drawProgress(page) {
    const answers = hb.store.load(page.key).answers;
    const skills = {}; // skill -> [answered, total, sum of scores]
    page.index.modules.forEach((module) => {
      let answered = 0;
      let sum = 0;
      module.questions.forEach((question) => {
        const entry = answers[`${module.id}/${question.id}`];
        const current = !!entry && entry.hash === question.hash;
        answered += current;
        sum += current ? entry.score : 0;
        question.alliance.concat(question.alsi).forEach((skill) => {
          skills[skill] = skills[skill] || [0, 0, 0];
          const counts = skills[skill];
          counts[0] += current;
          counts[1]++;
          counts[2] += current ? entry.score : 0;
        });
      });
      fillRow($(`tr[data-module="${module.id}"]`, page.el), answered, module.questions.length, sum);
    });
    $$("tr[data-skill]", page.el).forEach((row) => {
      const counts = skills[row.getAttribute("data-skill")] || [0, 0, 0];
      fillRow(row, counts[0], counts[1], counts[2]);
    });
  }

  function exportFile(page) {
    const link = element("a");
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

  hb.feature("quiz", ".hb-quiz", setupQuiz);
  hb.feature("progress", ".hb-progress", setupProgress);
})(globalThis.hb);
