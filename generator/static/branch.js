/* Branching dialogues: play one path at a time. The page already shows every path (the main line,
 * each choice as a link, the turns off the main line, the endings: generator/render/branching.py)
 * and, hidden in the player, each choice point's options as buttons. This script reads the graph
 * from their data-* attributes (data-next on each step; data-say, data-next and data-effect on
 * each option) and shows the learner only their own path: a copy of each step, with the coding
 * after each choice, a step back, and the path kept in hb.store across reloads.
 *
 * Loaded only by pages with a branching dialogue (overrides/main.html), after handbook.js, instead
 * of dialogue.js, which it loads when every path is shown: it registers the "branch" feature. Each choice fires "hb:answer" (type "branch", question
 * "choice-N" for the Nth choice, score 1 when the reply builds the alliance); reaching an
 * ending fires one more (question "path", type "branch-path", the path's score).
 * This is the readable source; the build minifies it (generator/export/static.py).
 */
((hb) => {
  "use strict";
  if (!hb || typeof hb.feature !== "function") {
    console.error("branch.js needs handbook.js (window.hb), loaded before it");
    return;
  }
  const $$ = (selector, root) => Array.from(root.querySelectorAll(selector));
  const DROP = ".hb-try,.hb-copy,.hb-url,.hb-turn__link,.hb-choices,.hb-then,.hb-version__title";
  const STEP = /^(turn|node|ending)-[a-z0-9-]+$/;
  // The transcript's tools (lens, practise mode, turn links: dialogue.js, beside this file) show
  // only with every path; dialogue.js is loaded then, so a page that is only played pays nothing for it.
  const here = document.currentScript ? document.currentScript.src : "";
  function needTools() {
    if (!here || document.querySelector('script[src$="/dialogue.js"]')) {
      return;
    }
    const script = document.createElement("script");
    script.src = new URL("dialogue.js", here).href;
    document.head.append(script);
  }

  /** A copy of a step for the path: no ids, no tools, no links on to other steps. A turn shown in
   * two versions gives its head and the version chosen (what was said, or the better reply). */
  function copy(root, anchor) {
    const el = root.querySelector(`#${anchor}`);
    const alt = el.classList.contains("hb-alt");
    const said = !alt && el.querySelector(".hb-version");
    let out = el.cloneNode(true);
    if (alt || said) {
      const li = el.closest("li");
      out = li.cloneNode(false);
      out.append(li.querySelector(".hb-turn__head").cloneNode(true), ...Array.from((alt ? el : said).children, (c) => c.cloneNode(true)));
      if (said) {
        out.querySelector(".hb-next")?.remove();
      }
    }
    for (const e of [...$$(DROP, out)]) {
      e.remove();
    }
    for (const e of [out, ...$$("[id]", out)]) {
      e.removeAttribute("id");
    }
    out.removeAttribute("tabindex");
    out.classList.remove("hb-pending", "hb-is-target", "hb-lens-on", "hb-lens-off");
    return out;
  }

  /** Follow the saved choices from turn 1: the steps on the path, then a choice point or an ending. */
  function walk(view) {
    const steps = [];
    let anchor = "turn-1";
    let made = 0;
    let built = 0;
    for (let guard = 0; anchor && guard < 500; guard++) {
      const point = view.play.querySelector(`.hb-play__point[data-at="${anchor}"]`);
      const el = view.root.querySelector(`#${anchor}`);
      if (point) {
        const option = $$("button", point)[view.path[made]];
        if (!option) {
          break;
        }
        made += 1;
        built += option.dataset.effect === "builds";
        steps.push({ anchor: option.dataset.say, choice: made });
        anchor = option.dataset.next;
      } else if (el) {
        steps.push({ anchor });
        if (el.classList.contains("hb-ending")) {
          const score = view.scoring === "choices" ? built / (made || 1) : +el.dataset.score;
          return { steps, ending: el, made, built, score };
        }
        anchor = el.dataset.next;
      } else {
        break;
      }
    }
    view.path.length = made;
    return { steps, point: view.play.querySelector(`.hb-play__point[data-at="${anchor}"]`), made, built, score: 0 };
  }

  const words = (el) => (el.querySelector(".hb-turn__text") || el).textContent.trim();

  /** Show the path so far and what comes next: the choice point's options, or the ending's score. */
  function show(view, announce) {
    const at = walk(view);
    const list = view.play.querySelector(".hb-play__path");
    const score = view.play.querySelector(".hb-play__score");
    list.replaceChildren(
      ...at.steps.map((s) => {
        const li = copy(view.root, s.anchor);
        if (s.choice) {
          li.insertAdjacentHTML("afterbegin", `<p class="hb-play__k">Your choice ${s.choice}</p>`);
        }
        return li;
      }),
    );
    for (const point of $$(".hb-play__point", view.play)) {
      point.hidden = point !== at.point;
    }
    score.hidden = !at.ending;
    score.textContent = `Your path's score: ${Math.round(at.score * 100)}% (${at.built} of ${at.made} choices built the alliance).`;
    view.play.querySelector("[data-back]").disabled = !view.path.length;
    // Saved only when the learner acts: opening the page writes nothing.
    if (announce) {
      hb.store.put(view.key, view.id, { hash: view.hash, response: view.path, score: at.score, at: new Date().toISOString() });
      view.say(announce);
      (at.point?.querySelector("button") || score).focus();
    }
    return at;
  }

  /** Choose an option at the current choice point; tell the learner what followed. */
  function pick(view, option) {
    view.path.push($$("button", option.parentNode).indexOf(option));
    const at = walk(view);
    const chosen = at.steps.findLastIndex((s) => s.choice);
    const after = at.steps.slice(chosen + 1).map((s) => words(view.root.querySelector(`#${s.anchor}`)));
    const effect = option.dataset.effect;
    show(view, `You chose: ${option.textContent} It ${effect} the alliance. ${after.join(" ")}`);
    const answer = (questionId, type, score, response) =>
      hb.answered({ quizId: view.quiz, questionId, type, score, correct: score >= 0.8, defensible: false, response });
    answer(`choice-${view.path.length}`, "branch", +(effect === "builds"), option.dataset.say);
    if (at.ending) {
      answer("path", "branch-path", at.score, at.ending.id);
    }
  }

  /** Show every path (the whole server-rendered scenario), or play one. */
  function all(view, on) {
    view.root.classList.toggle("hb-playing", !on);
    if (on) {
      needTools();
    }
    view.play.querySelector("[data-all]").setAttribute("aria-pressed", on);
  }

  function setup(play) {
    const root = play.closest(".hb-dialogue");
    const quiz = play.dataset.quiz;
    const view = {
      root,
      play,
      quiz,
      id: `${quiz}/path`,
      hash: play.dataset.hash,
      scoring: play.dataset.scoring,
      key: hb.store.key(root),
      path: [],
      say: (message) => {
        play.querySelector("[data-play-status]").textContent = message;
      },
    };
    const saved = hb.store.load(view.key).answers[view.id];
    if (saved?.hash === view.hash && Array.isArray(saved.response) && saved.response.every(Number.isInteger)) {
      view.path = saved.response.slice(0, 64);
    }
    play.hidden = false;
    play.addEventListener("click", (event) => {
      const button = event.target.closest("button");
      if (button?.matches(".hb-play__opt")) {
        pick(view, button);
      } else if (button?.matches("[data-back]")) {
        view.path.pop();
        show(view, "Stepped back one choice.");
      } else if (button?.matches("[data-all]")) {
        all(view, button.getAttribute("aria-pressed") !== "true");
      }
    });
    // A link to a step (#node-ID, #ending-ID, #turn-N) opens the whole scenario, so it can be seen;
    // so does an address that asks for the transcript's tools (?mode=practise, ?lens=bond).
    const onHash = () => {
      const id = location.hash.slice(1);
      if (STEP.test(id) && root.querySelector(`#${id}`)) {
        all(view, true);
      }
    };
    const params = new URLSearchParams(location.search);
    all(view, params.has("mode") || params.has("lens"));
    onHash();
    addEventListener("hashchange", () => root.isConnected && onHash());
    show(view);
  }

  // The SCORM packages' adapter (scorm-branch.js) follows a path the LMS kept through the same graph.
  hb.branch = { walk };
  hb.feature("branch", ".hb-play", setup);
})(globalThis.hb);
