/* SCORM 1.2 adapter: only in the SCORM packages (tools/scorm.py; mkdocs.scorm.yml publishes it),
 * loaded before quiz.js on the module page.
 *
 * It finds the LMS's API, puts the answers the LMS kept (cmi.suspend_data) into the site's storage
 * before quiz.js reads it, and after each "hb:answer" reports the module's status and score and
 * keeps the answers. Without an LMS it does nothing. Details: README, "Publishing" > SCORM packages.
 * This is the readable source; the build minifies it (generator/export/static.py).
 */
(() => {
  "use strict";
  const quizElement = document.querySelector(".hb-quiz");
  if (!quizElement) {
    return;
  }

  // ---- Finding the LMS ----------------------------------------------------------------------

  /** ADL's discovery: the window itself, then up to 7 parents. A frame from another origin ends it. */
  function findApi(win) {
    let tries = 0;
    try {
      while (!win.API && win.parent && win.parent !== win) {
        tries += 1;
        if (tries > 7) {
          return null;
        }
        win = win.parent;
      }
      return win.API || null;
    } catch (error) {
      return null;
    }
  }

  // Then the same from the opener, for an LMS that opens the SCO in a window of its own.
  const api = findApi(window) || (window.opener ? findApi(window.opener) : null);
  if (!api) {
    return;
  }
  try {
    if (String(api.LMSInitialize("")) !== "true") {
      return;
    }
  } catch (error) {
    return;
  }

  function get(element) {
    return String(api.LMSGetValue(element) || "");
  }

  function set(element, value) {
    api.LMSSetValue(element, String(value));
  }

  // ---- The module's questions and the site's storage ----------------------------------------

  const quizId = quizElement.getAttribute("data-quiz");
  const root = quizElement.getAttribute("data-hb-root") || "/";
  const storageKey = "hb-progress:v1:" + new URL(root, location.href).pathname;
  const questions = Array.from(quizElement.querySelectorAll(".hb-q")).map((q) => ({
    id: quizId + "/" + q.getAttribute("data-question"),
    hash: q.getAttribute("data-hash"),
  }));
  const mastery = parseFloat(get("cmi.student_data.mastery_score"));
  const startedAt = Date.now();
  // Scores from hb:answer, for a browser where storage is blocked.
  let givenScores = {};
  let finished = false;

  function loadStore() {
    try {
      const store = JSON.parse(localStorage.getItem(storageKey));
      if (store && store.version === 1 && store.answers && typeof store.answers === "object") {
        return store;
      }
    } catch (error) {
      // nothing stored, or storage blocked
    }
    return { version: 1, answers: {} };
  }

  // ---- suspend_data -------------------------------------------------------------------------
  // [1, then per question in page order: 0 (unanswered) or [hash prefix, response, score x 10,000]].
  // A response is option indices or order positions as base-36 digits ("02"), or [text, rubric digits].

  function toDigits(numbers) {
    return numbers.map((n) => n.toString(36)).join("");
  }

  function fromDigits(text) {
    return text.split("").map((c) => parseInt(c, 36));
  }

  function encode(answers) {
    const rows = questions.map((q) => {
      const entry = answers[q.id];
      if (!entry || entry.hash !== q.hash) {
        return 0;
      }
      const r = entry.response;
      const response = Array.isArray(r) ? toDigits(r) : [String(r.text), toDigits(r.rubric || [])];
      return [q.hash.slice(0, 6), response, Math.round(entry.score * 1e4)];
    });
    let data = JSON.stringify([1].concat(rows));
    // SCORM 1.2 keeps 4,096 characters: shorten the longest reflection until it fits.
    while (data.length > 4096) {
      const reflections = rows.filter((row) => row && Array.isArray(row[1]) && row[1][0]);
      if (!reflections.length) {
        return "[1]";
      }
      const longest = reflections.sort((a, b) => b[1][0].length - a[1][0].length)[0];
      longest[1][0] = longest[1][0].slice(0, Math.max(0, longest[1][0].length - (data.length - 4096) - 1));
      data = JSON.stringify([1].concat(rows));
    }
    return data;
  }

  /** The LMS's record wins: this module's answers in storage become exactly the ones it kept. */
  function restore() {
    const store = loadStore();
    let rows = [];
    try {
      rows = JSON.parse(get("cmi.suspend_data"));
    } catch (error) {
      // nothing kept yet
    }
    Object.keys(store.answers).forEach((id) => {
      if (id.indexOf(quizId + "/") === 0) {
        delete store.answers[id];
      }
    });
    if (Array.isArray(rows) && rows[0] === 1) {
      questions.forEach((q, i) => {
        const row = rows[i + 1];
        // An answer to a question that has changed since is dropped.
        if (!Array.isArray(row) || q.hash.indexOf(row[0]) !== 0) {
          return;
        }
        const response = Array.isArray(row[1]) ? { text: row[1][0], rubric: fromDigits(row[1][1]) } : fromDigits(row[1]);
        const score = Math.min(1, Math.max(0, row[2] / 1e4));
        store.answers[q.id] = { hash: q.hash, response: response, score: score, at: new Date().toISOString() };
      });
    }
    try {
      localStorage.setItem(storageKey, JSON.stringify(store));
    } catch (error) {
      // storage blocked: the quiz starts empty
    }
  }

  // ---- Reporting ----------------------------------------------------------------------------

  function report() {
    const answers = loadStore().answers;
    let answered = 0;
    let sum = 0;
    questions.forEach((q) => {
      const entry = answers[q.id];
      const score = entry && entry.hash === q.hash ? entry.score : givenScores[q.id];
      if (typeof score === "number") {
        answered += 1;
        sum += score;
      }
    });
    const raw = Math.round((100 * sum) / questions.length);
    // No score before the first answer, unless the LMS has one to correct (after a reset).
    if (answered || get("cmi.core.score.raw")) {
      set("cmi.core.score.min", 0);
      set("cmi.core.score.max", 100);
      set("cmi.core.score.raw", raw);
    }
    let status = "incomplete";
    if (answered === questions.length) {
      status = isNaN(mastery) ? "completed" : raw >= mastery ? "passed" : "failed";
    }
    set("cmi.core.lesson_status", status);
    set("cmi.suspend_data", encode(answers));
    api.LMSCommit("");
  }

  function finish() {
    if (finished) {
      return;
    }
    finished = true;
    const seconds = Math.round((Date.now() - startedAt) / 1000);
    const pad = (n) => (n < 10 ? "0" : "") + n;
    set("cmi.core.exit", "suspend");
    set("cmi.core.session_time", pad(Math.floor(seconds / 3600)) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60));
    api.LMSFinish("");
  }

  restore();
  report();
  document.addEventListener("hb:answer", (event) => {
    if (finished || !event.detail || event.detail.quizId !== quizId) {
      return;
    }
    givenScores[quizId + "/" + event.detail.questionId] = event.detail.score;
    report();
  });
  // The quiz's reset button: this listener runs before quiz.js's (added first), the report after it.
  const resetButton = quizElement.querySelector(".hb-quiz__reset");
  if (resetButton) {
    resetButton.addEventListener("click", () => {
      givenScores = {};
      setTimeout(() => {
        if (!finished) {
          report();
        }
      });
    });
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("unload", finish);
})();
