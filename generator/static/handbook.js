/* Optional enhancements (pages are complete without), and the one store of saved answers. */
(() => {
  "use strict";
  const $$ = (s, r) => [...(r || document).querySelectorAll(s)];
  const setParam = (k, v) => {
    const u = new URL(location.href);
    v ? u.searchParams.set(k, v) : u.searchParams.delete(k);
    if (u.href !== location.href) history.replaceState(history.state, "", u);
  };
  // ---- The one store of saved answers, for this file and quiz.js ------------------------------
  // localStorage["hb-progress:v1:" + site root path] = {"version": 1, "answers": {"quiz/question":
  // {hash, response, score, at}}}. Everything read back is validated: storage is data another tab,
  // an old version or a hand-edited import may have written, and it must never break a page.

  /** The storage key of the handbook that `element` belongs to (its data-hb-root, or "/"); the
   * root is written into each page relative to it (Material's base is not refreshed by instant
   * navigation). */
  function storageKey(element) {
    const root = (element && element.getAttribute("data-hb-root")) || "/";
    return "hb-progress:v1:" + new URL(root, location.href).pathname;
  }

  const isObject = (value) => !!value && typeof value === "object" && !Array.isArray(value);

  /** One saved answer: a hash string and a score between 0 and 1 (the response is checked by its reader). */
  const isEntry = (entry) => isObject(entry) && typeof entry.hash === "string" && typeof entry.score === "number" && entry.score >= 0 && entry.score <= 1;

  /** A version 1 store; `lax` accepts it even when some entries are bad (they are dropped on load). */
  const isStore = (value, lax) => isObject(value) && value.version === 1 && isObject(value.answers) && (lax || Object.keys(value.answers).every((id) => isEntry(value.answers[id])));

  /** The store, with every bad entry dropped alone (one writer's mistake cannot wipe all answers). */
  function load(key) {
    try {
      const stored = JSON.parse(localStorage.getItem(key));
      if (isStore(stored, true)) {
        Object.keys(stored.answers).forEach((id) => { if (!isEntry(stored.answers[id])) delete stored.answers[id]; });
        return stored;
      }
    } catch (e) {
      // Corrupt or unavailable: start empty.
    }
    return { version: 1, answers: {} };
  }

  /** Write the store; false when this browser cannot save. */
  function save(key, store) {
    try {
      localStorage.setItem(key, JSON.stringify(store));
      return true;
    } catch (e) {
      return false;
    }
  }

  window.hbProgress = { key: storageKey, load: load, save: save, valid: isStore };
  const pageKey = () => storageKey(document.querySelector("[data-hb-root]"));

  /** A dialogue practise response: the alliance parts and ALSI steps chosen, as lists of strings. */
  const isPractise = (r) => isObject(r) && ["alliance", "alsi"].every((k) => Array.isArray(r[k]) && r[k].every((v) => typeof v === "string"));

  // One scoring rule for practise mode and the classify-turn / ALSI-step questions (quiz.js uses it).
  // The key earns full credit; a defensible reading (a turn's `defensible`) earns full credit with
  // its reason; anything else the best overlap with the key or a reading, (right - wrong) / size.
  // `chosen`, `key` and each reading's `codes` are lists of codes or option indexes.
  window.hbCredit = (chosen, key, readings) => {
    const same = (codes) => codes.length === chosen.length && codes.every((c) => chosen.includes(c));
    const overlap = (codes) => (codes.length
      ? Math.max(0, (2 * chosen.filter((c) => codes.includes(c)).length - chosen.length) / codes.length)
      : +!chosen.length);
    if (same(key)) return { score: 1, kind: "right" };
    const reading = readings.find((r) => same(r.codes));
    if (reading) return { score: 1, kind: "defensible", reading };
    const score = Math.max(overlap(key), ...readings.map((r) => overlap(r.codes)));
    return { score, kind: score > 0 ? "part" : "wrong" };
  };
  const WORDS = { right: "✔ right", defensible: "✔ defensible", part: "◐ partly right", wrong: "✘ not quite" };

  function focusTarget() {
    const id = decodeURIComponent(location.hash.slice(1));
    let el = /^turn-\d+(-better)?$/.test(id) && document.getElementById(id);
    if (!el) return;
    if (!el.offsetParent) el = el.closest("li");
    $$(".hb-is-target").forEach((t) => t.classList.remove("hb-is-target"));
    el.classList.add("hb-is-target");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "start" });
  }

  function dialogue(root) {
    const say = (m) => { root.querySelector("[data-status]").textContent = m; };
    const press = (sel, f) => $$(sel, root).forEach((b) => b.setAttribute("aria-pressed", f(b)));
    const lensed = $$(".hb-turns>li,.hb-alt", root);
    $$("[data-js]", root).forEach((e) => { e.hidden = false; });
    function lens(v, quiet) {
      if (!root.querySelector(`[data-lens="${v}"]`) || root.classList.contains("hb-practise")) v = "";
      let n = 0;
      lensed.forEach((t) => {
        const on = !!v && `${t.dataset.alliance} ${t.dataset.alsi}`.split(" ").includes(v);
        t.classList.toggle("hb-lens-on", on);
        t.classList.toggle("hb-lens-off", !!v && !on);
        n += on && t.tagName === "LI";
      });
      root.classList.toggle("hb-lensed", !!v);
      press("[data-lens]", (b) => b.dataset.lens === v);
      setParam("lens", v);
      if (!quiet) say(v ? `Highlighting ${n} turns coded ${v}; others dimmed.` : "Highlighting off.");
    }
    function mode(m, quiet) {
      const p = m === "practise";
      root.classList.toggle("hb-practise", p);
      press("[data-mode]", (b) => (b.dataset.mode === "practise") === p);
      $$(".hb-try", root).forEach((f) => { f.hidden = !p; });
      if (p) lens("", true);
      setParam("mode", p ? m : "");
      if (!quiet) say(p ? "Practise mode: notes hidden until you answer." : "Read mode: notes shown.");
    }
    const saved = load(pageKey()).answers;
    $$(".hb-try", root).forEach((f) => {
      const li = f.closest("li"), id = f.dataset.quiz + "/" + f.dataset.question, a = saved[id];
      // The turn's defensible readings, rendered by the generator; a reading without a field keeps the key's.
      const readings = JSON.parse(f.dataset.defensible || "[]");
      // Each dimension is scored by hbCredit; the turn's score is their mean.
      const check = (r, quiet) => {
        const marks = ["alliance", "alsi"].map((k) => {
          const key = li.dataset[k].split(" ").filter(Boolean);
          return { k, key, ...window.hbCredit(r[k], key, readings.filter((x) => x[k]).map((x) => ({ codes: x[k], reason: x.reason }))) };
        });
        let msg = `Alliance ${WORDS[marks[0].kind]}, ALSI ${WORDS[marks[1].kind]}. Compare with the notes.`;
        marks.filter((m) => m.kind === "defensible").forEach((m) => {
          msg += ` Defensible: the key codes the ${m.k === "alsi" ? "ALSI steps" : "alliance"} ${m.key.join(", ") || "none"}. ${m.reading.reason}`;
        });
        li.classList.remove("hb-pending");
        f.querySelector("[data-fb]").textContent = msg;
        if (!quiet) say(`Turn ${li.dataset.turn}: ${msg}`);
        return { score: (marks[0].score + marks[1].score) / 2, right: marks.every((m) => m.kind === "right"), defensible: marks.some((m) => m.kind === "defensible") };
      };
      if (a && a.hash === f.dataset.hash && isPractise(a.response)) {
        $$("input", f).forEach((i) => { i.checked = (a.response[i.name] || []).includes(i.value); });
        // A saved answer is marked by today's rule; its score follows (e.g. a defensible reading now earns credit).
        const { score } = check(a.response, true);
        if (score !== a.score) {
          const store = load(pageKey());
          store.answers[id] = { ...a, score };
          save(pageKey(), store);
        }
      } else li.classList.add("hb-pending");
      f.addEventListener("submit", (e) => {
        e.preventDefault();
        const r = { alliance: [], alsi: [] };
        $$("input:checked", f).forEach((i) => r[i.name].push(i.value));
        const { score, right, defensible } = check(r);
        const store = load(pageKey());
        store.answers[id] = { hash: f.dataset.hash, response: r, score, at: new Date().toISOString() };
        save(pageKey(), store);
        document.dispatchEvent(new CustomEvent("hb:answer", { detail: { quizId: f.dataset.quiz, questionId: f.dataset.question, type: "dialogue", score, correct: right, defensible } }));
      });
    });
    $$("[data-lens]", root).forEach((b) => b.addEventListener("click", () => lens(b.getAttribute("aria-pressed") === "true" ? "" : b.dataset.lens)));
    $$("[data-mode]", root).forEach((b) => b.addEventListener("click", () => mode(b.dataset.mode)));
    $$(".hb-copy", root).forEach((b) => b.addEventListener("click", () => {
      const li = b.closest("li"), url = location.href.split("#")[0] + "#" + li.id;
      const done = () => say(`Link to turn ${li.dataset.turn} copied.`);
      (navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject()).then(done, () => window.prompt("Copy this link:", url));
    }));
    const q = new URLSearchParams(location.search);
    mode(q.get("mode"), true);
    lens(q.get("lens") || "", true);
  }

  function gallery(form) {
    const box = form.parentNode, cards = $$(".hb-cards>li", box), sel = $$("select", form), q = new URLSearchParams(location.search);
    const apply = () => {
      let n = 0;
      cards.forEach((c) => {
        c.hidden = !sel.every((s) => !s.value || c.dataset.f.includes(`|${s.name}:${s.value}|`));
        n += !c.hidden;
      });
      sel.forEach((s) => setParam(s.name, s.value));
      box.querySelector("[data-status]").textContent = `Showing ${n} of ${cards.length} dialogues.`;
    };
    sel.forEach((s) => { if ($$("option", s).some((o) => o.value === q.get(s.name))) s.value = q.get(s.name); });
    form.addEventListener("change", apply);
    form.addEventListener("reset", () => setTimeout(apply));
    form.hidden = false;
    apply();
  }

  const init = () => {
    $$(".hb-dialogue").forEach(dialogue);
    $$(".hb-filter").forEach(gallery);
    focusTarget();
  };
  addEventListener("hashchange", focusTarget);
  window.document$ ? window.document$.subscribe(init) : document.addEventListener("DOMContentLoaded", init);
})();
