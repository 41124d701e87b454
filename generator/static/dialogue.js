/* Dialogue pages: the lens (highlight the turns coded with a part or step), read and practise
 * modes, a turn's link to copy, and opening at #turn-N. Enhances the server-rendered dialogue
 * (generator/render/dialogue.py), which is complete without it.
 *
 * Loaded only by pages with a dialogue (overrides/main.html), after handbook.js: it registers the
 * "dialogue" feature with window.hb, which starts it, and loads agree.js when practise begins. Practise answers are saved in hb.store as
 * quiz "dialogue-<id>", question "turn-N" (response {alliance, alsi, effect}: lists of codes; the
 * effect is asked but not scored), and fire "hb:answer" with type "dialogue".
 * This is the readable source; the build minifies it (generator/export/static.py).
 */
((hb) => {
  "use strict";
  if (!hb || typeof hb.feature !== "function") {
    console.error("dialogue.js needs handbook.js (window.hb), loaded before it");
    return;
  }
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const WORDS = { right: "✔ right", defensible: "✔ defensible", part: "◐ partly right", wrong: "✘ not quite" };
  const practise = hb.types.dialogue;
  // agree.js (the agreement summary once every turn is coded) sits beside this file; it is loaded
  // when practise mode is first used or a practise answer is saved, so a page only read pays nothing for it.
  const here = document.currentScript ? document.currentScript.src : "";
  function needAgree() {
    if (!here || document.querySelector('script[src$="/agree.js"]')) {
      return;
    }
    const script = document.createElement("script");
    script.src = new URL("agree.js", here).href;
    document.head.append(script);
  }

  /** Highlight, focus and scroll to the turn named by the address's #turn-N or #turn-N-better. The
   * hash is only compared, never decoded: a malformed one names no turn. */
  function focusTarget() {
    const id = location.hash.slice(1);
    let target = /^turn-\d+(-better)?$/.test(id) && document.getElementById(id);
    if (!target) {
      return;
    }
    if (!target.offsetParent) {
      target = target.closest("li");
    }
    for (const t of $$(".hb-is-target")) {
      t.classList.remove("hb-is-target");
    }
    target.classList.add("hb-is-target");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start" });
  }

  /** Highlight the turns coded `value` (a lens button's own value; anything else, as from the
   * address, means no lens); none in practise mode, where the codes are the question. */
  function lens(view, value, quiet) {
    const known = view.lenses.includes(value) && !view.root.classList.contains("hb-practise");
    const v = known ? value : "";
    let count = 0;
    view.lensed.forEach((turn) => {
      const on = !!v && `${turn.dataset.alliance} ${turn.dataset.alsi}`.split(" ").includes(v);
      turn.classList.toggle("hb-lens-on", on);
      turn.classList.toggle("hb-lens-off", !!v && !on);
      count += on && turn.tagName === "LI";
    });
    view.root.classList.toggle("hb-lensed", !!v);
    view.press("[data-lens]", (b) => b.dataset.lens === v);
    hb.setParam("lens", v);
    if (!quiet) {
      view.say(v ? `Highlighting ${count} turns coded ${v}; others dimmed.` : "Highlighting off.");
    }
  }

  /** Read mode (notes shown) or practise mode (each provider turn coded before its notes show). */
  function mode(view, value, quiet) {
    const on = value === "practise";
    view.root.classList.toggle("hb-practise", on);
    if (on) {
      needAgree();
    }
    view.press("[data-mode]", (b) => (b.dataset.mode === "practise") === on);
    $$(".hb-try", view.root).forEach((form) => {
      form.hidden = !on;
    });
    view.progress.hidden = !on;
    if (on) {
      lens(view, "", true);
    }
    hb.setParam("mode", on ? value : "");
    if (!quiet) {
      view.say(on ? "Practise mode: notes hidden until you answer." : "Read mode: notes shown.");
    }
  }

  /** The practise progress line: provider turns coded (with their current version) and the mean of
   * their first codings' scores. Shown in practise mode only. */
  function progress(view) {
    const answers = hb.store.load(view.key).answers;
    const forms = $$(".hb-try", view.root);
    let coded = 0;
    let sum = 0;
    for (const form of forms) {
      const entry = answers[`${form.dataset.quiz}/${form.dataset.question}`];
      if (entry && entry.hash === form.dataset.hash) {
        coded += 1;
        sum += entry.score;
      }
    }
    const score = coded ? `, score ${Math.round((100 * sum) / coded)}%` : "";
    view.progress.textContent = `Coded ${coded} of ${forms.length} provider turns${score}.`;
  }

  /** Mark a practise response for one turn: show the feedback and return hb.types.dialogue's grade. */
  function mark(view, turn, response, quiet) {
    const graded = practise.grade(response, turn.rule);
    const [alliance, alsi] = graded.marks;
    // The effect (builds or strains) is asked too, for the agreement summary (agree.js); it is not scored.
    const effect = (response.effect || [])[0];
    const said = effect ? `, effect ${WORDS[effect === turn.li.dataset.effect ? "right" : "wrong"]}` : "";
    let message = `Alliance ${WORDS[alliance.kind]}, ALSI ${WORDS[alsi.kind]}${said}. Compare with the notes.`;
    graded.marks
      .filter((m) => m.kind === "defensible")
      .forEach((m) => {
        const codes = m.key.join(", ") || "none";
        message += ` Defensible: the key codes the ${m.dimension === "alsi" ? "ALSI steps" : "alliance"} ${codes}. ${m.reading.reason}`;
      });
    turn.li.classList.remove("hb-pending");
    // The notes are shown now: the coding is locked, so it cannot be checked again to full marks.
    for (const control of turn.form.querySelectorAll("input,button")) {
      control.disabled = true;
    }
    message += " Your first coding counts; it is now locked.";
    // Each code marked in words beside its box: chosen and right, chosen and wrong, or missed.
    for (const input of turn.form.querySelectorAll("input")) {
      // The effect (asked, not scored) has no mark of its own: its key is the turn's effect, and
      // only a chosen effect is marked.
      const m = graded.marks.find((x) => x.dimension === input.name);
      const inKey = (m ? m.key : [turn.li.dataset.effect]).includes(input.value);
      const missed = !!m && inKey && "◌ missed";
      const word = input.checked ? (inKey ? "✔ right" : m?.kind === "defensible" ? "✔ defensible" : "✘ wrong") : missed;
      if (word && !input.parentNode.nextElementSibling?.matches(".hb-try__mark")) {
        const said = document.createElement("span");
        said.className = "hb-try__mark";
        said.textContent = word;
        input.parentNode.after(said);
      }
    }
    turn.form.querySelector("[data-fb]").textContent = message;
    if (!quiet) {
      view.say(`Turn ${turn.li.dataset.turn}: ${message}`);
    }
    return graded;
  }

  /** One provider turn's practise form: restore its saved answer, then mark and save each answer. */
  function setupTurn(view, form, saved) {
    const li = form.closest("li");
    const codes = (dimension) => li.dataset[dimension].split(" ").filter(Boolean);
    const rule = { alliance: codes("alliance"), alsi: codes("alsi"), readings: JSON.parse(form.dataset.defensible || "[]") };
    const turn = { li: li, form: form, rule: rule, id: `${form.dataset.quiz}/${form.dataset.question}` };
    const entry = saved[turn.id];
    if (entry && entry.hash === form.dataset.hash && practise.valid(entry.response)) {
      $$("input", form).forEach((input) => {
        input.checked = (entry.response[input.name] || []).includes(input.value);
      });
      needAgree();
      // A saved answer is marked by today's rule; its score follows (a defensible reading now earns credit).
      const { score } = mark(view, turn, entry.response, true);
      if (score !== entry.score) {
        hb.store.put(view.key, turn.id, { ...entry, score: score });
      }
    } else {
      li.classList.add("hb-pending");
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submit(view, turn);
    });
  }

  function submit(view, turn) {
    const response = { alliance: [], alsi: [], effect: [] };
    for (const input of $$("input:checked", turn.form)) {
      response[input.name].push(input.value);
    }
    const graded = mark(view, turn, response);
    const form = turn.form;
    const entry = { hash: form.dataset.hash, response: response, score: graded.score, at: new Date().toISOString() };
    const { first } = hb.store.record(view.key, turn.id, entry, practise.valid);
    hb.answered({
      quizId: form.dataset.quiz,
      questionId: form.dataset.question,
      type: "dialogue",
      score: graded.score,
      correct: graded.marks.every((m) => m.kind === "right"),
      defensible: graded.marks.some((m) => m.kind === "defensible"),
      first: !first,
      response: response,
    });
    progress(view);
  }

  /** Copy a turn's address; where the clipboard is not available, offer it to copy by hand. */
  function copyLink(view, button) {
    const li = button.closest("li");
    const url = `${location.href.split("#")[0]}#${li.id}`;
    const copied = () => view.say(`Link to turn ${li.dataset.turn} copied.`);
    const byHand = () => window.prompt("Copy this link:", url);
    if (navigator.clipboard) {
      navigator.clipboard.writeText(url).then(copied, byHand);
    } else {
      byHand();
    }
  }

  function setupDialogue(root) {
    const view = {
      root: root,
      key: hb.store.key(root),
      lensed: $$(".hb-turns>li,.hb-alt", root),
      lenses: $$("[data-lens]", root).map((b) => b.dataset.lens),
      say: (message) => {
        root.querySelector("[data-status]").textContent = message;
      },
      press: (selector, isOn) => {
        for (const b of $$(selector, root)) {
          b.setAttribute("aria-pressed", isOn(b));
        }
      },
    };
    $$("[data-js]", root).forEach((e) => {
      e.hidden = false;
    });
    const saved = hb.store.load(view.key).answers;
    for (const form of $$(".hb-try", root)) {
      setupTurn(view, form, saved);
    }
    view.progress = document.createElement("p");
    view.progress.className = "hb-practise__progress";
    root.querySelector(".hb-turns").before(view.progress);
    progress(view);
    $$("[data-lens]", root).forEach((b) => {
      b.addEventListener("click", () => lens(view, b.getAttribute("aria-pressed") === "true" ? "" : b.dataset.lens));
    });
    for (const b of $$("[data-mode]", root)) {
      b.addEventListener("click", () => mode(view, b.dataset.mode));
    }
    for (const b of $$(".hb-copy", root)) {
      b.addEventListener("click", () => copyLink(view, b));
    }
    const params = new URLSearchParams(location.search);
    mode(view, params.get("mode"), true);
    lens(view, params.get("lens"), true);
    focusTarget();
    // In-page links to a turn, while this dialogue is on the page (instant navigation replaces it).
    const onHash = () => (root.isConnected ? focusTarget() : removeEventListener("hashchange", onHash));
    addEventListener("hashchange", onHash);
  }

  hb.feature("dialogue", ".hb-dialogue", setupDialogue);
})(globalThis.hb);
