/* SCORM 1.2 for a branching dialogue: only in the SCORM packages, on a branching dialogue's page,
 * after handbook.js and scorm.js (whose LMS connection, hb.scorm.begin, it uses) and before branch.js.
 *
 * The whole-handbook package makes each branching dialogue a SCO of its own (generator/export/scorm.py).
 * This registers the "lms-branch" feature, which starts before the player ("branch", hb.ORDER): it
 * puts the path the LMS kept (cmi.suspend_data) into hb.store before the player reads it; then each
 * choice (an "hb:answer" of type "branch") becomes one cmi.interactions record (type choice, id
 * <quiz>-<choice point>, the option's index, correct when the reply builds the alliance), and the
 * first path that reaches an ending gives the score (0-100, as the page shows it) and the status:
 * incomplete, with no score, until then; completed (or passed/failed against a mastery score the
 * LMS gives) after. Later paths are the learner's practice, like a question's later tries. Opened
 * where there is no LMS, or where another SCO already holds it (a link from a module opens the
 * dialogue in a new window: LMSInitialize says "false"), it does nothing.
 * What the LMS gives back is data: a kept path is followed through the page's own graph
 * (hb.branch.walk) and scored again. The codec, hb.scorm.branch.encode/decode, is plain functions
 * (unit tests in tests/js/). This is the readable source; the build minifies it.
 */
((hb) => {
  "use strict";
  if (!hb?.scorm?.begin) {
    console.error("scorm-branch.js needs handbook.js and scorm.js, loaded before it");
    return;
  }
  const { begin, span, onLeave } = hb.scorm;

  // ---- suspend_data -------------------------------------------------------------------------
  // ["b", the scenario's hash prefix, the path shown, the path that first reached an ending ("" until
  // one did)]. A path is one base-36 digit per choice: the option's index at its choice point.
  const MAX = 64; // choices in a path (branch.js keeps no more)
  const pack = (path) => path.map((i) => i.toString(36)).join("");
  const unpack = (text) =>
    typeof text === "string" && /^[0-9a-z]*$/.test(text) && text.length <= MAX ? Array.from(text, (c) => parseInt(c, 36)) : null;

  function encode(hash, path, scored) {
    return JSON.stringify(["b", hash.slice(0, 6), pack(path.slice(0, MAX)), scored ? pack(scored.slice(0, MAX)) : ""]);
  }

  /** {path, scored, problem}: the kept paths (scored null when no path reached an ending), none
   * when the scenario has changed since (its hash prefix differs), and a problem ("" when none)
   * when the text is not this format. */
  function decode(text, hash) {
    const none = (problem) => ({ path: [], scored: null, problem: problem });
    if (!text) {
      return none("");
    }
    let data = null;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return none(`cmi.suspend_data is not JSON (${error.message})`);
    }
    const path = Array.isArray(data) && data.length === 4 && data[0] === "b" ? unpack(data[2]) : null;
    const scored = path && unpack(data[3]);
    if (!path || !scored) {
      return none("cmi.suspend_data is not this scenario's");
    }
    return data[1] === hash.slice(0, 6) ? { path: path, scored: scored.length ? scored : null, problem: "" } : none("");
  }

  hb.scorm.branch = { encode: encode, decode: decode };

  // ---- Reporting ----------------------------------------------------------------------------

  /** Where `path` leads on this page: {steps, point, ending, made, built, score} (branch.js's walk). */
  const follow = (s, path) => hb.branch.walk({ root: s.root, play: s.play, scoring: s.play.dataset.scoring, path: path.slice() });
  const shown = (s) => {
    const entry = hb.store.load(s.key).answers[s.id];
    return entry?.hash === s.hash && Array.isArray(entry.response) ? entry.response : [];
  };

  /** The LMS's record wins: the path in the store becomes the one it kept. */
  function restore(s) {
    const kept = decode(s.lms.get("cmi.suspend_data"), s.hash);
    if (kept.problem) {
      console.warn(`hb: ${kept.problem}; the scenario starts without the LMS's path`);
    }
    const store = hb.store.load(s.key);
    delete store.answers[s.id];
    const at = follow(s, kept.path);
    if (at.made) {
      store.answers[s.id] = { hash: s.hash, response: kept.path.slice(0, at.made), score: at.score, at: new Date().toISOString() };
    }
    hb.store.save(s.key, store);
    s.scored = kept.scored;
  }

  /** Status, score (only once a path reached an ending) and the paths; then commit. */
  function report(s) {
    const { lms } = s;
    const at = s.scored && follow(s, s.scored);
    let status = "incomplete";
    if (at?.ending) {
      const raw = Math.round(100 * at.score);
      lms.set("cmi.core.score.min", 0);
      lms.set("cmi.core.score.max", 100);
      lms.set("cmi.core.score.raw", raw);
      status = Number.isNaN(s.mastery) ? "completed" : raw >= s.mastery ? "passed" : "failed";
    } else {
      s.scored = null;
    }
    lms.set("cmi.core.lesson_status", status);
    lms.set("cmi.suspend_data", encode(s.hash, shown(s), s.scored));
    lms.call("LMSCommit", "");
  }

  /** One cmi.interactions.n record for the nth choice of the path shown. */
  function interaction(s, n, score) {
    const path = shown(s);
    const point = follow(s, path.slice(0, n - 1)).point;
    const options = point ? Array.from(point.querySelectorAll("button")) : [];
    if (path.length < n || !options[path[n - 1]]) {
      return;
    }
    const i = s.count++;
    const now = new Date();
    const field = (name, value) => s.lms.set(`cmi.interactions.${i}.${name}`, value);
    const builds = options.map((o, k) => (o.dataset.effect === "builds" ? k.toString(36) : "")).filter(Boolean);
    field("id", `${s.quizId}-${point.dataset.at}`.replace(/[^\w-]/g, "-").slice(0, 255));
    field("type", "choice");
    field("time", span(now.getHours() * 3600 + now.getMinutes() * 60 + now.getSeconds()));
    field("weighting", 1);
    field("student_response", path[n - 1].toString(36));
    if (builds.length) {
      field("correct_responses.0.pattern", builds.join(","));
    }
    field("result", score === 1 ? "correct" : "wrong");
    field("latency", span(Math.round((now - s.shownAt) / 1000)));
    s.shownAt = now.getTime();
  }

  function setup(play) {
    const lms = begin();
    if (!lms) {
      return;
    }
    const root = play.closest(".hb-dialogue");
    const quizId = play.dataset.quiz;
    const s = { lms, root, play, quizId, id: `${quizId}/path`, hash: play.dataset.hash, key: hb.store.key(root), startedAt: Date.now() };
    s.shownAt = s.startedAt;
    s.mastery = parseFloat(lms.get("cmi.student_data.mastery_score"));
    s.count = parseInt(lms.get("cmi.interactions._count"), 10) || 0;
    restore(s);
    report(s);
    document.addEventListener("hb:answer", (event) => {
      const detail = event.detail;
      if (s.finished || detail?.quizId !== quizId) {
        return;
      }
      if (detail.type === "branch") {
        interaction(s, parseInt(String(detail.questionId).slice(7), 10), detail.score);
      } else if (detail.type === "branch-path" && !s.scored) {
        s.scored = shown(s).slice();
      }
      report(s);
    });
    // A step back changes the path shown (branch.js handles the click after this listener).
    play.addEventListener("click", (event) => {
      if (event.target.closest("[data-back]")) {
        setTimeout(() => s.finished || report(s));
      }
    });
    onLeave(s);
  }

  hb.feature("lms-branch", ".hb-play", setup);
})(globalThis.hb);
