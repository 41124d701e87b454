/* Quizzes and progress: enhances the server-rendered quiz widget (generator/render/quiz.py).
 *
 * Saved answers live in localStorage["hb-progress:v1:" + site root path] as
 *   {"version": 1, "answers": {"quiz/question": {hash, response, score, at}}}
 * (the store itself, with its validation, is in handbook.js: window.hbProgress) and every answer
 * fires the document event "hb:answer". Details: README, "Self-check quizzes".
 * This is the readable source; the build minifies it (generator/export/static.py).
 */
(() => {
  "use strict";
  // Instant navigation runs this file again on every page that loads it: subscribe only once.
  if (window.hbQuizReady) {
    return;
  }
  window.hbQuizReady = true;

  // ---- Saved answers ------------------------------------------------------------------------

  // The one validated store, defined by handbook.js (loaded on every page, before this file's
  // setup runs): answers are read and written through it only, so both scripts agree on what a
  // valid store is and a malformed one can break neither.
  function storageKey(element) {
    return window.hbProgress.key(element);
  }

  function load(key) {
    return window.hbProgress.load(key);
  }

  function save(key, store) {
    return window.hbProgress.save(key, store);
  }

  function isStore(value) {
    return window.hbProgress.valid(value);
  }

  // ---- DOM helpers --------------------------------------------------------------------------

  function $$(selector, root) {
    return Array.from((root || document).querySelectorAll(selector));
  }

  function $(selector, root) {
    return (root || document).querySelector(selector);
  }

  function data(element, name) {
    return element.getAttribute("data-" + name);
  }

  function element(tag, className, text) {
    const created = document.createElement(tag);
    created.className = className || "";
    created.textContent = text || "";
    return created;
  }

  function percent(fraction) {
    return Math.round(fraction * 100) + "%";
  }

  /** The numeric data-`name` attribute of each element. */
  function numbers(elements, name) {
    return elements.map((item) => +data(item, name));
  }

  // ---- One question -------------------------------------------------------------------------

  function setupQuestion(question, quiz) {
    const type = data(question, "type");
    const questionId = data(question, "question");
    const live = quiz.live;
    const resultBox = $(".hb-q__result", question);
    const rating = $(".hb-q__rate", question);
    const options = $$(".hb-q__opts > .hb-opt", question);
    const orderItems = $$(".hb-ord", question);
    const hints = $$(".hb-hint", question);
    const correct = numbers(options.filter((option) => data(option, "correct") === "true"), "i");

    /** The reader's response as saved: positions (order), text and rubric (reflection), or option indexes. */
    function response() {
      if (type === "order") {
        return numbers($$(".hb-ord", question), "pos");
      }
      if (type === "reflection") {
        return { text: $("textarea", question).value, rubric: $$("input:checked", rating).map((input) => +input.value) };
      }
      return numbers(options.filter((option) => $("input", option).checked), "i");
    }

    /** [score from 0 to 1, detail sentence, credit] for a response; `credit` (classify-turn and
     * ALSI-step questions) is handbook.js's hbCredit, the rule practise mode uses too. */
    function grade(answer) {
      if (type === "order") {
        const placed = answer.filter((position, index) => position === index).length;
        return [placed / answer.length, placed + " of " + answer.length + " in the right place."];
      }
      if (type === "reflection") {
        return [answer.rubric.length / $$("input", rating).length, ""];
      }
      const hits = answer.filter((index) => correct.indexOf(index) >= 0).length;
      const misses = answer.length - hits;
      const detail = correct.length > 1 ? hits + " of " + correct.length + " right, " + misses + " wrong." : "";
      if (type === "classify-turn" || type === "alsi-step") {
        // The quoted turn's defensible readings, as option indexes (rendered from the dialogue).
        const readings = JSON.parse(data(question, "defensible") || "[]").map((reading) => ({ codes: reading.i, reason: reading.reason }));
        const credit = window.hbCredit(answer, correct, readings);
        if (credit.kind === "defensible") {
          return [1, "Defensible: the key codes it " + data(question, "key") + ". " + credit.reading.reason, credit];
        }
        return [credit.score, detail, credit];
      }
      return [Math.max(0, (hits - misses) / correct.length), detail];
    }

    function mark(item, isRight, label) {
      item.classList.add(isRight ? "hb-opt--right" : "hb-opt--wrong");
      item.appendChild(element("span", "hb-opt__mark", label || (isRight ? "✔ right" : "✘ wrong")));
    }

    function clearMarks() {
      $$(".hb-opt__mark", question).forEach((markElement) => {
        markElement.remove();
      });
      $$(".hb-opt--right,.hb-opt--wrong", question).forEach((item) => {
        item.classList.remove("hb-opt--right", "hb-opt--wrong");
      });
      resultBox.textContent = "";
    }

    /** Fill the result box for a response (marks, key, explanation); returns grade()'s result. */
    function showResult(answer) {
      const graded = grade(answer);
      const score = graded[0];
      const defensible = graded[2] && graded[2].kind === "defensible";
      const word = score === 1 ? "right" : score > 0 ? "part" : "wrong";
      const heading = element("p", "hb-res hb-res--" + word);
      clearMarks();
      heading.appendChild(element("span", "hb-res__icon", { right: "✔", part: "◐", wrong: "✘" }[word])).setAttribute("aria-hidden", "true");
      const verdict = type === "reflection"
        ? "Your rating: " + percent(score) + "."
        : defensible ? "" : { right: "Correct.", part: "Partly right (" + percent(score) + ").", wrong: "Not quite." }[word];
      heading.appendChild(document.createTextNode((" " + verdict + " " + graded[1]).replace(/ {2,}/, " ")));
      resultBox.appendChild(heading);
      if (type === "order") {
        $$(".hb-ord", question).forEach((item, index) => {
          mark(item, +data(item, "pos") === index);
        });
        resultBox.appendChild(element("p", "", "The right order:"));
        resultBox.appendChild($("ol.hb-q__key", question).cloneNode(true));
      } else if (type === "reflection") {
        resultBox.appendChild($(".hb-q__model", question).cloneNode(true));
      } else {
        const key = resultBox.appendChild(element("ul", "hb-q__key"));
        options.forEach((option, index) => {
          const chosen = answer.indexOf(index) >= 0;
          if (chosen) {
            const inKey = correct.indexOf(index) >= 0;
            mark(option, inKey || defensible, inKey || !defensible ? "" : "✔ defensible");
          }
          // Feedback for what was chosen, and for every right option when several are right.
          if (chosen || (correct.indexOf(index) >= 0 && correct.length > 1)) {
            key.appendChild($('.hb-key[data-i="' + index + '"]', question).cloneNode(true));
          }
        });
      }
      resultBox.appendChild($(".hb-q__expl", question).cloneNode(true));
      resultBox.hidden = false;
      return graded;
    }

    /** Grade, show, save and announce the current response. */
    function finish() {
      const answer = response();
      const graded = showResult(answer);
      const score = graded[0];
      const store = load(quiz.key);
      store.answers[quiz.id + "/" + questionId] = { hash: data(question, "hash"), response: answer, score: score, at: new Date().toISOString() };
      const saved = save(quiz.key, store);
      live.textContent = "Question " + data(question, "n") + ": " + $(".hb-res", question).textContent.slice(2) + (saved ? "" : " Your answer could not be saved.");
      resultBox.focus();
      const credit = graded[2];
      const detail = { quizId: quiz.id, questionId: questionId, type: type, score: score, correct: credit ? credit.kind === "right" : score === 1, defensible: !!credit && credit.kind === "defensible" };
      document.dispatchEvent(new CustomEvent("hb:answer", { detail: detail }));
      quiz.update();
    }

    /** Reflection: show the model answer and open the self-rating. */
    function showModelAnswer() {
      rating.hidden = false;
      clearMarks();
      resultBox.appendChild($(".hb-q__model", question).cloneNode(true));
      resultBox.hidden = false;
      live.textContent = "Model answer shown. Rate your reply.";
      $("input", rating).focus();
    }

    /** Order questions: move an item one place up or down with its button. */
    function move(button) {
      const item = button.closest(".hb-ord");
      const up = data(button, "move") < 0;
      const sibling = up ? item.previousElementSibling : item.nextElementSibling;
      if (sibling) {
        item.parentNode.insertBefore(item, up ? sibling : sibling.nextElementSibling);
      }
      button.focus();
      const items = $$(".hb-ord", question);
      live.textContent = $(".hb-ord__text", item).textContent + ": position " + (items.indexOf(item) + 1) + " of " + items.length + ".";
    }

    // Hints open one after the other: the next is shown once the previous is opened.
    hints.forEach((hint, index) => {
      hint.hidden = index > 0;
      hint.addEventListener("toggle", () => {
        if (hint.open && hints[index + 1]) {
          hints[index + 1].hidden = false;
        }
      });
    });
    $$(".hb-q__actions,.hb-ord__btns", question).forEach((buttons) => {
      buttons.hidden = false;
    });
    question.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (!button) {
        return;
      }
      if (button.matches(".hb-q__save")) {
        finish();
      }
      if (button.matches(".hb-q__check")) {
        if (rating) {
          showModelAnswer();
        } else if (type === "order" || response().length) {
          finish();
        } else {
          live.textContent = "Choose an answer first.";
        }
      }
      if (data(button, "move")) {
        move(button);
      }
    });

    /** Put a saved response back; one that no longer fits the question is cleared. */
    question.hbRestore = (answer) => {
      try {
        if (type === "order") {
          answer.forEach((position) => {
            orderItems[position].parentNode.appendChild(orderItems[position]);
          });
        } else if (rating) {
          if (typeof answer.text !== "string") {
            throw answer;
          }
          $("textarea", question).value = answer.text;
          rating.hidden = false;
          $$("input", rating).forEach((input) => {
            input.checked = answer.rubric.indexOf(+input.value) >= 0;
          });
        } else {
          options.forEach((option, index) => {
            $("input", option).checked = answer.indexOf(index) >= 0;
          });
        }
        return showResult(response())[0];
      } catch (error) {
        question.hbClear();
        return null;
      }
    };

    question.hbClear = () => {
      clearMarks();
      $$("input", question).forEach((input) => {
        input.checked = false;
      });
      if (rating) {
        $("textarea", question).value = "";
        rating.hidden = true;
      }
      resultBox.hidden = true;
    };

    // Saved order responses name items by their right position.
    orderItems.sort((a, b) => data(a, "pos") - data(b, "pos"));
  }

  // ---- One quiz -----------------------------------------------------------------------------

  function setupQuiz(quizElement) {
    if (quizElement.hbReady) {
      return;
    }
    quizElement.hbReady = 1;
    const quiz = { key: storageKey(quizElement), id: data(quizElement, "quiz"), live: $(".hb-quiz__live", quizElement) };
    const questions = $$(".hb-q", quizElement);
    const store = load(quiz.key);
    let stale = false;

    /** The score line: how many questions are answered (with the current version) and the mean score. */
    quiz.update = () => {
      const answers = load(quiz.key).answers;
      let answered = 0;
      let sum = 0;
      questions.forEach((question) => {
        const entry = answers[quiz.id + "/" + data(question, "question")];
        if (entry && entry.hash === data(question, "hash")) {
          answered++;
          sum += entry.score;
        }
      });
      $(".hb-quiz__score", quizElement).textContent = "Answered " + answered + " of " + questions.length + (answered ? ", score " + percent(sum / answered) : "") + ".";
    };

    questions.forEach((question, index) => {
      question.setAttribute("data-n", index + 1);
      setupQuestion(question, quiz);
      const id = quiz.id + "/" + data(question, "question");
      const entry = store.answers[id];
      // An answer to an older version of the question (another hash) is dropped.
      if (entry && entry.hash !== data(question, "hash")) {
        delete store.answers[id];
        stale = true;
      } else if (entry) {
        // Marked again by today's rule: the saved score follows (a defensible reading now earns credit).
        const score = question.hbRestore(entry.response);
        if (score !== null && score !== entry.score) {
          entry.score = score;
          stale = true;
        }
      }
    });
    if (stale) {
      save(quiz.key, store);
    }
    $(".hb-quiz__bar", quizElement).hidden = false;
    quiz.update();
    $(".hb-quiz__reset", quizElement).addEventListener("click", () => {
      const current = load(quiz.key);
      Object.keys(current.answers).forEach((id) => {
        if (id.indexOf(quiz.id + "/") === 0) {
          delete current.answers[id];
        }
      });
      save(quiz.key, current);
      questions.forEach((question) => {
        question.hbClear();
      });
      quiz.update();
      quiz.live.textContent = "This quiz was reset.";
    });
  }

  // ---- The progress page --------------------------------------------------------------------

  function setupProgress(progress) {
    if (progress.hbReady) {
      return;
    }
    progress.hbReady = 1;
    const key = storageKey(progress);
    const index = JSON.parse(data(progress, "index"));
    const message = $(".hb-progress__msg", progress);

    function fillRow(row, answered, total, sum) {
      $(".hb-progress__done", row).textContent = answered + " of " + total;
      $(".hb-progress__score", row).textContent = answered ? percent(sum / answered) : "–";
    }

    /** Fill the module rows and the skill rows from the saved answers. */
    function draw() {
      const answers = load(key).answers;
      const skills = {}; // skill -> [answered, total, sum of scores]
      index.modules.forEach((module) => {
        let answered = 0;
        let sum = 0;
        module.questions.forEach((question) => {
          const entry = answers[module.id + "/" + question.id];
          const current = entry && entry.hash === question.hash;
          if (current) {
            answered++;
            sum += entry.score;
          }
          question.alliance.concat(question.alsi).forEach((skill) => {
            const counts = skills[skill] = skills[skill] || [0, 0, 0];
            counts[1]++;
            if (current) {
              counts[0]++;
              counts[2] += entry.score;
            }
          });
        });
        fillRow($('tr[data-module="' + module.id + '"]', progress), answered, module.questions.length, sum);
      });
      $$("tr[data-skill]", progress).forEach((row) => {
        const counts = skills[data(row, "skill")] || [0, 0, 0];
        fillRow(row, counts[0], counts[1], counts[2]);
      });
    }

    function exportFile() {
      const link = element("a");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(load(key), null, 2)], { type: "application/json" }));
      link.download = "handbook-progress.json";
      progress.appendChild(link).click();
      link.remove();
    }

    /** Merge a progress file into the saved answers; a file that is not a version 1 store changes nothing. */
    function importFile(event) {
      const file = event.target.files[0];
      if (!file) {
        return;
      }
      file.text().then((text) => {
        let imported = null;
        const store = load(key);
        try {
          imported = JSON.parse(text);
        } catch (error) {
          // Refused below.
        }
        event.target.value = "";
        if (!isStore(imported)) {
          message.textContent = "Import refused: not a version 1 progress file. Nothing was changed.";
          return;
        }
        Object.assign(store.answers, imported.answers);
        message.textContent = save(key, store) ? "Imported " + Object.keys(imported.answers).length + " answers." : "Import failed: this browser cannot save.";
        draw();
      });
    }

    function resetAll() {
      if (!confirm("Delete every saved answer in this handbook?")) {
        return;
      }
      save(key, { version: 1, answers: {} });
      draw();
      message.textContent = "All saved answers were deleted.";
    }

    $(".hb-progress__tools", progress).hidden = false;
    draw();
    $(".hb-progress__export", progress).addEventListener("click", exportFile);
    $("#hb-progress-import", progress).addEventListener("change", importFile);
    $(".hb-progress__reset", progress).addEventListener("click", resetAll);
  }

  // ---- Start --------------------------------------------------------------------------------

  function init() {
    $$(".hb-quiz").forEach(setupQuiz);
    $$(".hb-progress").forEach(setupProgress);
  }

  // This file can run before Material's bundle defines document$: subscribe once parsed (document$ replays).
  function start() {
    if (window.document$) {
      window.document$.subscribe(init);
    } else {
      init();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
