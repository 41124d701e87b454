/* SCORM 1.2 adapter: only in the SCORM packages (tools/scorm.py; mkdocs.scorm.yml publishes it), on
 * the module page, after handbook.js.
 *
 * It registers the "lms" feature with window.hb, which starts it before the quiz (hb.ORDER): it
 * finds the LMS's API, puts the answers the LMS kept (cmi.suspend_data) into hb.store before the
 * quiz reads it, and after each "hb:answer" reports the module's status and score and keeps the
 * answers; on a module page without a self-check (data-hb-sco="seen") it reports the page
 * completed once open. Without an LMS it does nothing. What the LMS gives back is data like the local store:
 * each answer is checked against its question (hb.types) and marked again, never trusted.
 * Details: README, "Publishing" > SCORM packages. The codec, hb.scorm.encode/decode, is plain
 * functions (unit tests in tests/js/). This is the readable source; the build minifies it
 * (generator/export/static.py).
 */
((hb) => {
  "use strict";
  if (!hb || typeof hb.feature !== "function") {
    console.error("scorm.js needs handbook.js (window.hb), loaded before it");
    return;
  }

  // ---- suspend_data -------------------------------------------------------------------------
  // [1, then per question in page order: 0 (unanswered) or [hash prefix, packed response, score x
  // 10,000]]. A response is packed by its type (hb.types: pack/unpack): option indices or order
  // positions as base-36 digits ("02"), or [text, rubric digits]. `questions` are the module's
  // questions in page order, each {id: "quiz/question", hash, rule: hb.question(...)}.

  const LIMIT = 4096; // characters SCORM 1.2 keeps in cmi.suspend_data

  function row(q, entry) {
    const type = hb.types[q.rule.type];
    if (!entry || !type || entry.hash !== q.hash || !type.valid(entry.response, q.rule)) {
      return 0;
    }
    return [q.hash.slice(0, 6), type.pack(entry.response), Math.round(entry.score * 1e4)];
  }

  /** The module's answers as suspend_data, within SCORM 1.2's 4,096 characters: the longest text
   * (a reflection) is shortened until it fits. */
  function encode(questions, answers) {
    const rows = questions.map((q) => row(q, answers[q.id]));
    let data = JSON.stringify([1].concat(rows));
    while (data.length > LIMIT) {
      const texts = rows.filter((r) => r && Array.isArray(r[1]) && r[1][0]);
      if (!texts.length) {
        return "[1]";
      }
      const longest = texts.sort((a, b) => b[1][0].length - a[1][0].length)[0];
      longest[1][0] = longest[1][0].slice(0, Math.max(0, longest[1][0].length - (data.length - LIMIT) - 1));
      data = JSON.stringify([1].concat(rows));
    }
    return data;
  }

  /** One kept answer as a store entry, or null: unanswered, changed since (its hash prefix differs),
   * or not a response the question can have. Its score is marked again by the question's key. */
  function entryOf(kept, q, at) {
    const type = hb.types[q.rule.type];
    if (!Array.isArray(kept) || !type || kept[0] !== q.hash.slice(0, 6)) {
      return null;
    }
    const response = type.unpack(kept[1]);
    if (response === null || !type.valid(response, q.rule)) {
      return null;
    }
    return { hash: q.hash, response: response, score: type.grade(response, q.rule).score, at: at };
  }

  /** The answers suspend_data keeps, {id: entry}, and a problem ("" when none): text that is not
   * this package's format gives no answers, and says why. */
  function decode(text, questions, at) {
    if (!text) {
      return { answers: {}, problem: "" };
    }
    let rows = null;
    try {
      rows = JSON.parse(text);
    } catch (error) {
      return { answers: {}, problem: `cmi.suspend_data is not JSON (${error.message})` };
    }
    if (!Array.isArray(rows) || rows[0] !== 1) {
      return { answers: {}, problem: "cmi.suspend_data is not this package's (version 1)" };
    }
    const answers = {};
    questions.forEach((q, i) => {
      const entry = entryOf(rows[i + 1], q, at);
      if (entry) {
        answers[q.id] = entry;
      }
    });
    return { answers: answers, problem: "" };
  }

  // ---- Finding the LMS ----------------------------------------------------------------------

  /** ADL's discovery: the window itself, then up to 7 parents. */
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
    } catch {
      // A frame from another origin (the browser refuses to look inside it) ends the search: no LMS there.
      return null;
    }
  }

  /** The LMS's API as pipwerks finds it: this window and its parents, then the window that opened
   * the top one (an LMS that opens the SCO in a window of its own, perhaps inside a frame there) and
   * its parents, and so on back along the openers (at most 3). An opener the browser will not show
   * ends the search. */
  function lmsApi(win) {
    for (let hops = 0; win && hops <= 3; hops += 1) {
      const api = findApi(win);
      if (api) {
        return api;
      }
      let next = null;
      try {
        next = win.top?.opener || win.opener;
      } catch {}
      win = next === win ? null : next;
    }
    return null;
  }

  /** The LMS, connected and initialised; null without one (the package works like the website). */
  function begin() {
    const api = lmsApi(window);
    const lms = api && connect(api);
    return lms?.call("LMSInitialize", "") === "true" ? lms : null;
  }

  /** The LMS's calls; one that throws is reported and counts as an empty answer. */
  function connect(api) {
    const call = (method, ...args) => {
      try {
        const value = api[method](...args);
        return value === null || value === undefined ? "" : String(value);
      } catch (error) {
        console.warn(`hb: the LMS's ${method} failed`, error);
        return "";
      }
    };
    return {
      call: call,
      get: (name) => call("LMSGetValue", name),
      set: (name, value) => call("LMSSetValue", name, String(value)),
    };
  }

  // ---- Reporting ----------------------------------------------------------------------------

  /** The LMS's record wins: this module's answers in the store become exactly the ones it kept. */
  function restoreFromLms(session) {
    const kept = decode(session.lms.get("cmi.suspend_data"), session.questions, new Date().toISOString());
    if (kept.problem) {
      console.warn(`hb: ${kept.problem}; the module starts without the LMS's answers`);
    }
    const store = hb.store.load(session.key);
    for (const id of Object.keys(store.answers)) {
      if (id.startsWith(`${session.quizId}/`)) {
        delete store.answers[id];
      }
    }
    Object.assign(store.answers, kept.answers);
    hb.store.save(session.key, store);
  }

  /** Status, score and the kept answers. A score is the first checked try's (the store's entry);
   * a reflection's self-rating is not a score. No cmi.core.score.raw until every scored question
   * is answered: an LMS that lets the mastery score set the status (Moodle's default) would store
   * a learner who leaves half-way as failed, not incomplete. */
  function report(session) {
    const { lms, questions } = session;
    const answers = hb.store.load(session.key).answers;
    const scored = questions.filter((q) => !hb.types[q.rule.type]?.unscored);
    let answered = 0;
    let sum = 0;
    scored.forEach((q) => {
      const entry = answers[q.id];
      // Scores from hb:answer count where the browser's storage is blocked.
      const score = entry && entry.hash === q.hash ? entry.score : session.given[q.id];
      if (typeof score === "number") {
        answered += 1;
        sum += score;
      }
    });
    let status = "incomplete";
    if (answered === scored.length) {
      const raw = scored.length ? Math.round((100 * sum) / scored.length) : 100;
      lms.set("cmi.core.score.min", 0);
      lms.set("cmi.core.score.max", 100);
      lms.set("cmi.core.score.raw", raw);
      status = Number.isNaN(session.mastery) ? "completed" : raw >= session.mastery ? "passed" : "failed";
    }
    lms.set("cmi.core.lesson_status", status);
    const data = encode(questions, answers);
    lms.set("cmi.suspend_data", data);
    lms.call("LMSCommit", "");
    noteKept(session, data, answers);
  }

  // ---- What the LMS keeps of a reflection ------------------------------------------------------

  /** Under each reflection, a note (empty until needed) for what the LMS cannot keep of the reply. */
  function addNotes(session, quizElement) {
    session.notes = {};
    for (const q of session.questions) {
      const box = q.rule.type === "reflection" && quizElement.querySelector(`.hb-q[data-question="${q.rule.id}"] .hb-q__text`);
      if (box) {
        const note = document.createElement("p");
        note.className = "hb-q__kept";
        note.id = `${box.id}-kept`;
        note.setAttribute("role", "status");
        box.insertAdjacentElement("afterend", note);
        box.setAttribute("aria-describedby", note.id);
        session.notes[q.id] = note;
      }
    }
  }

  /** Never shortened silently: a reflection that suspend_data (`data`) could not keep whole says
   * how much of it the LMS keeps. */
  function noteKept(session, data, answers) {
    const kept = decode(data, session.questions, "").answers;
    for (const id of Object.keys(session.notes || {})) {
      const text = answers[id]?.response?.text || "";
      const left = kept[id]?.response?.text || "";
      session.notes[id].textContent =
        left.length < text.length
          ? `Too long for your learning platform: it keeps only the first ${left.length} of ${text.length} characters. Keep a copy elsewhere if you need the rest.`
          : "";
    }
  }

  const pad = (n) => (n < 10 ? "0" : "") + n;
  /** Seconds as SCORM 1.2's CMITimespan, HH:MM:SS. */
  const span = (seconds) => `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  const INTERACTION = { choice: "choice", order: "sequencing" };

  /** One cmi.interactions.n record for a question's first checked try (a reflection has none: its
   * text is not a response an LMS can mark). SCORM 1.2's vocabularies: type choice or sequencing,
   * a response as comma-separated base-36 characters (option indexes, or items by their right
   * place), result correct, wrong or the score as a decimal, latency a CMITimespan. */
  function interaction(session, q, detail) {
    const type = INTERACTION[hb.types[q.rule.type]?.widget];
    if (!type || !Array.isArray(detail.response)) {
      return;
    }
    const n = session.interactions++;
    const now = new Date();
    const field = (name, value) => session.lms.set(`cmi.interactions.${n}.${name}`, value);
    const list = (indexes) => indexes.map((i) => i.toString(36)).join(",");
    field("id", q.id.replace(/[^\w-]/g, "-"));
    field("type", type);
    field("time", `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`);
    field("weighting", 1);
    field("student_response", list(detail.response));
    field("correct_responses.0.pattern", list(type === "choice" ? q.rule.correct : detail.response.map((_, i) => i)));
    field("result", detail.score === 1 ? "correct" : detail.score === 0 ? "wrong" : detail.score.toFixed(2));
    field("latency", span(Math.round((now - session.shownAt) / 1000)));
    session.shownAt = now.getTime();
  }

  function finish(session) {
    if (session.finished) {
      return;
    }
    session.finished = true;
    session.lms.set("cmi.core.exit", "suspend");
    session.lms.set("cmi.core.session_time", span(Math.round((Date.now() - session.startedAt) / 1000)));
    session.lms.call("LMSFinish", "");
  }

  function listen(session, quizElement) {
    document.addEventListener("hb:answer", (event) => {
      const detail = event.detail;
      const q =
        detail && detail.quizId === session.quizId && session.questions.find((x) => x.id === `${session.quizId}/${detail.questionId}`);
      // Only a question's first checked try is reported: later tries are the learner's practice.
      if (session.finished || !q || q.id in session.given || !detail.first) {
        return;
      }
      session.given[q.id] = detail.score;
      interaction(session, q, detail);
      report(session);
    });
    // In an LMS the first tries are the record: the quiz is not reset here (the LMS starts a new
    // attempt instead).
    const resetButton = quizElement.querySelector(".hb-quiz__reset");
    if (resetButton) {
      resetButton.hidden = true;
    }
    onLeave(session);
  }

  /** LMSFinish when the learner leaves the page. */
  function onLeave(session) {
    const end = () => finish(session);
    window.addEventListener("pagehide", end);
    window.addEventListener("unload", end);
  }

  function setupLms(quizElement) {
    // One SCO a page: the module's quiz, the page's first.
    if (quizElement !== document.querySelector(".hb-quiz")) {
      return;
    }
    const lms = begin();
    if (!lms) {
      return;
    }
    const quizId = quizElement.getAttribute("data-quiz");
    const questions = Array.from(quizElement.querySelectorAll(".hb-q")).map((el) => {
      const rule = hb.question(el);
      return { id: `${quizId}/${rule.id}`, hash: rule.hash, rule: rule };
    });
    const mastery = parseFloat(lms.get("cmi.student_data.mastery_score"));
    const session = { lms, quizId, questions, mastery, key: hb.store.key(quizElement), startedAt: Date.now(), given: {}, finished: false };
    session.shownAt = session.startedAt;
    session.interactions = parseInt(lms.get("cmi.interactions._count"), 10) || 0;
    restoreFromLms(session);
    addNotes(session, quizElement);
    report(session);
    listen(session, quizElement);
  }

  /** A module page without a self-check (the quick reference, marked data-hb-sco="seen"): opening
   * it completes it, with no score, so "Require status: Completed" is met and every player completes it. */
  function setupSeen() {
    const lms = begin();
    if (lms) {
      lms.set("cmi.core.lesson_status", "completed");
      lms.call("LMSCommit", "");
      onLeave({ lms, startedAt: Date.now() });
    }
  }

  // scorm-branch.js (a branching dialogue's SCO) reports through the same LMS connection.
  hb.scorm = { encode: encode, decode: decode, LIMIT: LIMIT, begin: begin, span: span, onLeave: onLeave };
  hb.feature("lms", ".hb-quiz, [data-hb-sco]", (element) => (element.matches(".hb-quiz") ? setupLms(element) : setupSeen()));
})(globalThis.hb);
