/* Quizzes: enhances the server-rendered quiz widget (generator/render/quiz.py), which is complete
 * without it (every answer readable in a <details>). The progress page has progress.js.
 *
 * Loaded only by pages with a quiz (front matter hb_quiz; overrides/main.html), after handbook.js:
 * it registers the "quiz" feature with window.hb, which starts it. Question types, their marking and their saved form are hb.types (handbook.js); how each is
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

  const MARKS = { right: "✔ right", wrong: "✘ wrong", missed: "◌ missed: a right answer" };

  /** Mark an option or item right, wrong or missed, with a visible word (never colour alone). */
  function markItem(item, kind, label) {
    item.classList.add(`hb-opt--${kind}`);
    item.appendChild(element("span", "hb-opt__mark", label || MARKS[kind]));
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
          markItem(option, inKey || defensible ? "right" : "wrong", inKey || !defensible ? "" : "✔ defensible");
        } else if (inKey && !defensible) {
          markItem(option, "missed");
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
        markItem(item, +item.dataset.pos === index ? "right" : "wrong");
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
    for (const item of $$(".hb-opt--right,.hb-opt--wrong,.hb-opt--missed", q.el)) {
      item.classList.remove("hb-opt--right", "hb-opt--wrong", "hb-opt--missed");
    }
    q.result.textContent = "";
  }

  function verdict(graded, word) {
    if (graded.credit && graded.credit.kind === "defensible") {
      return "";
    }
    return { right: "Correct.", part: `Partly right (${percent(graded.score)}).`, wrong: "Not quite." }[word];
  }

  /** Fill the result box for a response (marks, key, explanation); returns hb.types' grade. `first`
   * is the saved first try when this is a later one: its score is the one that counts. */
  function show(q, answer, first) {
    const graded = q.type.grade(answer, q.rule);
    const word = graded.score === 1 ? "right" : graded.score > 0 ? "part" : "wrong";
    const heading = element("p", `hb-res hb-res--${word}`);
    clearMarks(q);
    heading.appendChild(element("span", "hb-res__icon", { right: "✔", part: "◐", wrong: "✘" }[word])).setAttribute("aria-hidden", "true");
    const said = (q.widget.verdict || verdict)(graded, word);
    const counts = first ? ` Your first try counts: ${percent(first.score)}.` : "";
    heading.appendChild(document.createTextNode(` ${said} ${graded.detail}${counts}`.replace(/ {2,}/, " ")));
    q.result.appendChild(heading);
    q.widget.key(q, answer, graded);
    q.result.appendChild($(".hb-q__expl", q.el).cloneNode(true));
    opened(q);
    return graded;
  }

  /** The result box and the answer block open once the learner has answered (with JavaScript the
   * answer is never readable before a try; without it, the block stays open to all). */
  function opened(q, hidden) {
    q.result.hidden = !!hidden;
    $(".hb-q__answer", q.el).hidden = !!hidden;
  }

  /** Mark, show, save and announce the response on the page. The first checked try counts; a later
   * one is saved as the entry's `last` (hb.store.record). */
  function finish(q) {
    const answer = q.widget.read(q);
    const entry = { hash: q.rule.hash, response: answer, score: q.type.grade(answer, q.rule).score, at: new Date().toISOString() };
    const { saved, first } = hb.store.record(q.quiz.key, `${q.quiz.id}/${q.rule.id}`, entry, (r) => q.type.valid(r, q.rule));
    const graded = show(q, answer, first);
    const said = $(".hb-res", q.el).textContent.slice(2);
    const summary = q.quiz.update();
    q.quiz.live.textContent = `Question ${q.n}: ${said}${saved ? "" : " This browser could not save it: it counts until the page closes."} ${summary}`;
    q.result.focus();
    const credit = graded.credit;
    hb.answered({
      quizId: q.quiz.id,
      questionId: q.rule.id,
      type: q.rule.type,
      score: graded.score,
      correct: credit ? credit.kind === "right" : graded.score === 1,
      defensible: !!credit && credit.kind === "defensible",
      first: !first,
      response: answer,
    });
  }

  /** Reflection: show the model answer and open the self-rating. */
  function showModelAnswer(q) {
    rating(q).hidden = false;
    clearMarks(q);
    q.result.appendChild($(".hb-q__model", q.el).cloneNode(true));
    opened(q);
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
  function restore(q, response, first) {
    if (!q.type.valid(response, q.rule)) {
      clear(q);
      return null;
    }
    q.widget.write(q, response);
    return show(q, q.widget.read(q), first).score;
  }

  function clear(q) {
    clearMarks(q);
    $$("input", q.el).forEach((input) => {
      input.checked = false;
    });
    if (q.widget.clear) {
      q.widget.clear(q);
    }
    opened(q, true);
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
    opened(q, true);
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
    delete entry.last;
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
    let changed = score !== entry.score;
    entry.score = score;
    // A later try: shown as the learner left it, beside the first, which counts.
    if (entry.last) {
      const last = restore(q, entry.last.response, entry);
      changed = changed || last !== entry.last.score;
      if (last === null) {
        restore(q, entry.response);
        delete entry.last;
      } else {
        entry.last.score = last;
      }
    }
    return changed;
  }

  /** The score line (how many questions are answered, with the current version, and the mean of
   * their first tries' scores; a reflection's self-rating is not a score) and, once all are
   * answered, the end-of-quiz summary with one thing to try tomorrow. Returns the summary or "". */
  function updateScore(quizElement, quiz) {
    const answers = hb.store.load(quiz.key).answers;
    let answered = 0;
    let scored = 0;
    let sum = 0;
    let weakest = null;
    quiz.questions.forEach((q) => {
      const entry = answers[`${quiz.id}/${q.rule.id}`];
      if (entry && entry.hash === q.rule.hash) {
        answered++;
        if (!q.type.unscored) {
          scored++;
          sum += entry.score;
          weakest = weakest && weakest.score <= entry.score ? weakest : { n: q.n, score: entry.score };
        }
      }
    });
    const total = quiz.questions.length;
    const score = scored ? `, score ${percent(sum / scored)}` : "";
    $(".hb-quiz__score", quizElement).textContent = `Answered ${answered} of ${total}${score}.`;
    const done = answered === total;
    const again = weakest && weakest.score < 1 ? `question ${weakest.n} again, your lowest first try` : "a dialogue in practise mode";
    quiz.summary.hidden = !done;
    quiz.summary.textContent = done ? `All ${total} answered${score} (first tries count). To try tomorrow: ${again}.` : "";
    return quiz.summary.textContent;
  }

  function resetQuiz(quiz) {
    if (!confirm("Reset this quiz? Your saved answers to it are deleted, and your next answers count as first tries.")) {
      return;
    }
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
    quiz.summary = quizElement.appendChild(element("p", "hb-quiz__summary"));
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

  hb.feature("quiz", ".hb-quiz", setupQuiz);
})(globalThis.hb);
