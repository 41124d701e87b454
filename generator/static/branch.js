/* Branching dialogues: play one path at a time. The page already shows every path (the main line,
 * each choice as a link, the turns off the main line, the endings: generator/render/branching.py);
 * this script reads the graph from their data-* attributes (data-next on each step, data-say and
 * data-next on each choice) and shows the learner only their own path, with the coding after
 * each choice, a step back, and the path kept in hb.store across reloads.
 *
 * Loaded only by pages with a branching dialogue (overrides/main.html), after handbook.js: it
 * registers the "branch" feature. Each choice fires "hb:answer" (type "branch", question
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
  const STEP = /^(turn-\d+(-better)?|node-[a-z0-9-]+|ending-[a-z0-9-]+)$/;

  /** A copy of a step for the path: no ids, no tools, no links on to other steps. */
  function copy(view, anchor) {
    const el = view.root.querySelector(`#${anchor}`);
    let out;
    if (el.classList.contains("hb-alt") || el.querySelector(".hb-versions")) {
      // One version of a turn shown two ways: the turn's head, then what was said or the better reply.
      const li = el.closest("li");
      const version = el.classList.contains("hb-alt") ? el : el.querySelector(".hb-version");
      out = document.createElement("li");
      out.className = `${li.className} hb-play__version`;
      out.append(li.querySelector(".hb-turn__head").cloneNode(true), ...Array.from(version.children, (c) => c.cloneNode(true)));
      if (version === el.querySelector(".hb-version")) {
        for (const e of $$(".hb-next", out)) {
          e.remove();
        }
      }
    } else {
      out = el.cloneNode(true);
    }
    for (const e of $$(DROP, out)) {
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
      const point = view.root.querySelector(`.hb-choices[data-at="${anchor}"]`);
      if (point) {
        const options = $$("a[data-say]", point);
        const pick = options[view.path[made]];
        if (!pick) {
          view.path.length = made;
          return { steps: steps, point: point, options: options, made: made, built: built };
        }
        made += 1;
        built += pick.dataset.effect === "builds";
        steps.push({ anchor: pick.dataset.say, choice: made });
        anchor = pick.dataset.next;
      } else {
        const el = view.root.querySelector(`#${anchor}`);
        if (!el) {
          break;
        }
        steps.push({ anchor: anchor });
        if (el.classList.contains("hb-ending")) {
          const score = view.scoring === "choices" ? (made ? built / made : 0) : +el.dataset.score;
          return { steps: steps, ending: el, made: made, built: built, score: score };
        }
        anchor = el.dataset.next;
      }
    }
    view.path.length = made;
    return { steps: steps, made: made, built: built };
  }

  const words = (el) => (el.querySelector(".hb-turn__text") || el).textContent.trim();

  /** Show the path so far and what comes next: the choices as buttons, or the ending and its score. */
  function show(view, announce) {
    const at = walk(view);
    const list = view.play.querySelector(".hb-play__path");
    const choose = view.play.querySelector(".hb-play__choose");
    list.replaceChildren(
      ...at.steps.map((s) => {
        const li = copy(view, s.anchor);
        if (s.choice) {
          li.insertAdjacentHTML("afterbegin", `<p class="hb-play__k">Your choice ${s.choice}</p>`);
        }
        return li;
      }),
    );
    choose.replaceChildren();
    let score = 0;
    if (at.point) {
      const group = document.createElement("fieldset");
      group.innerHTML = "<legend></legend>";
      group.firstChild.textContent = at.point.querySelector(".hb-choices__k").textContent;
      at.options.forEach((a, i) => {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "hb-play__opt";
        b.textContent = a.textContent;
        b.addEventListener("click", () => pick(view, i, a));
        group.append(b);
      });
      choose.append(group);
    } else if (at.ending) {
      score = at.score;
      const p = document.createElement("p");
      p.className = "hb-play__score";
      p.tabIndex = -1;
      p.textContent = `Your path's score: ${Math.round(score * 100)}% (${at.built} of ${at.made} choices built the alliance).`;
      choose.append(p);
    }
    view.play.querySelector("[data-back]").disabled = !view.path.length;
    hb.store.put(view.key, view.id, { hash: view.hash, response: view.path.slice(), score: score, at: new Date().toISOString() });
    if (announce) {
      view.say(announce);
      (choose.querySelector("button, p") || list).focus();
    }
    return at;
  }

  /** Choose option `i` (link `a`) at the current choice point; tell the learner what followed. */
  function pick(view, i, a) {
    view.path.push(i);
    const at = walk(view);
    const chosen = at.steps.filter((s) => s.choice).pop();
    const after = at.steps.slice(at.steps.indexOf(chosen) + 1, at.ending ? -1 : undefined);
    const reply = after.map((s) => words(view.root.querySelector(`#${s.anchor}`))).join(" ");
    const end = at.ending ? ` ${words(at.ending)}` : "";
    show(view, `You chose: ${a.textContent} It ${a.dataset.effect} the alliance. ${reply}${end}`);
    const builds = a.dataset.effect === "builds";
    hb.answered({
      quizId: view.quiz,
      questionId: `choice-${view.path.length}`,
      type: "branch",
      score: +builds,
      correct: builds,
      defensible: false,
      response: a.dataset.say,
    });
    if (at.ending) {
      hb.answered({
        quizId: view.quiz,
        questionId: "path",
        type: "branch-path",
        score: at.score,
        correct: at.score >= 0.8,
        defensible: false,
        response: at.ending.id,
      });
    }
  }

  /** Show every path (the whole server-rendered scenario) or play one. */
  function all(view, on) {
    view.root.classList.toggle("hb-playing", !on);
    view.play.querySelector("[data-all]").setAttribute("aria-pressed", on);
  }

  function setup(play) {
    const root = play.closest(".hb-dialogue");
    const view = {
      root: root,
      play: play,
      quiz: play.dataset.quiz,
      id: `${play.dataset.quiz}/path`,
      hash: play.dataset.hash,
      scoring: play.dataset.scoring,
      key: hb.store.key(root),
      path: [],
      say: (message) => {
        play.querySelector("[data-play-status]").textContent = message;
      },
    };
    const saved = hb.store.load(view.key).answers[view.id];
    if (saved && saved.hash === view.hash && Array.isArray(saved.response) && saved.response.every(Number.isInteger)) {
      view.path = saved.response.slice(0, 64);
    }
    play.hidden = false;
    play.querySelector("[data-back]").addEventListener("click", () => {
      view.path.pop();
      show(view, "Stepped back one choice.");
    });
    play.querySelector("[data-restart]").addEventListener("click", () => {
      view.path = [];
      show(view, "Started again from the beginning.");
    });
    play.querySelector("[data-all]").addEventListener("click", (e) => all(view, e.currentTarget.getAttribute("aria-pressed") !== "true"));
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

  hb.feature("branch", ".hb-play", setup);
})(globalThis.hb);
