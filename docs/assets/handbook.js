/* Handbook enhancements. The pages are complete without this script; it only adds behaviour.
   Initialised on Material's document$ so it runs again after every instant navigation.
   Progress storage follows the team contract shared with quiz.js (see README). */
(function () {
  "use strict";
  var $$ = (s, r) => Array.from((r || document).querySelectorAll(s));
  function setParam(k, v) {
    var u = new URL(location.href);
    if (v) u.searchParams.set(k, v); else u.searchParams.delete(k);
    if (u.href !== location.href) history.replaceState(history.state, "", u);
  }
  function storeKey() {
    var c = document.getElementById("__config"), base = "/";
    try { base = new URL(JSON.parse(c.textContent).base, location.href).pathname; } catch (e) { /* keep "/" */ }
    return "hb-progress:v1:" + base;
  }
  function load() {
    try { var d = JSON.parse(localStorage.getItem(storeKey())); if (d && d.version === 1 && d.answers) return d; } catch (e) { /* fresh */ }
    return { version: 1, answers: {} };
  }
  function save(id, rec) {
    var d = load(); d.answers[id] = rec;
    try { localStorage.setItem(storeKey(), JSON.stringify(d)); } catch (e) { /* private mode: no saving */ }
  }
  function words(s) { return (s || "").split(" ").filter(Boolean).sort().join(); }

  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1)), el = /^turn-\d+(-better)?$/.test(id) && document.getElementById(id);
    if (!el) return;
    if (!el.offsetParent) el = el.closest("li");
    $$(".hb-is-target").forEach((t) => t.classList.remove("hb-is-target"));
    el.classList.add("hb-is-target");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "start" });
  }

  function dialogue(root) {
    var say = (m) => { root.querySelector("[data-status]").textContent = m; };
    var lensed = $$(".hb-turns>li,.hb-alt", root);
    $$("[data-js]", root).forEach((e) => { e.hidden = false; });
    function lens(v, quiet) {
      if (!root.querySelector('[data-lens="' + v + '"]') || root.classList.contains("hb-practise")) v = "";
      var n = 0;
      lensed.forEach((t) => {
        var on = !!v && ((t.dataset.alliance || "") + " " + (t.dataset.alsi || "")).split(" ").indexOf(v) >= 0;
        t.classList.toggle("hb-lens-on", on);
        t.classList.toggle("hb-lens-off", !!v && !on);
        if (on && t.tagName === "LI") n++;
      });
      root.classList.toggle("hb-lensed", !!v);
      $$("[data-lens]", root).forEach((b) => b.setAttribute("aria-pressed", b.dataset.lens === v));
      setParam("lens", v);
      if (!quiet) say(v ? "Highlighting " + n + " turns coded " + v + "; others dimmed." : "Highlighting off.");
    }
    function mode(m, quiet) {
      var p = m === "practise";
      root.classList.toggle("hb-practise", p);
      $$("[data-mode]", root).forEach((b) => b.setAttribute("aria-pressed", (b.dataset.mode === "practise") === p));
      $$(".hb-try", root).forEach((f) => { f.hidden = !p; });
      if (p) lens("", true);
      setParam("mode", p ? "practise" : "");
      if (!quiet) say(p ? "Practise mode: the notes of each provider turn stay hidden until you answer." : "Read mode: all notes shown.");
    }
    function check(f, li, r, quiet) {
      var ok = ["alliance", "alsi"].map((k) => r[k].slice().sort().join() === words(li.dataset[k]));
      var msg = "Alliance " + (ok[0] ? "✔ right" : "✘ not quite") + ", ALSI " + (ok[1] ? "✔ right" : "✘ not quite") + ". Compare with the notes.";
      li.classList.remove("hb-pending");
      f.querySelector("[data-fb]").textContent = msg;
      if (!quiet) say("Turn " + li.dataset.turn + ": " + msg);
      return (ok[0] + ok[1]) / 2;
    }
    var saved = load().answers;
    $$(".hb-try", root).forEach((f) => {
      var li = f.closest("li"), id = f.dataset.quiz + "/" + f.dataset.question, a = saved[id];
      if (a && a.hash === f.dataset.hash && a.response) {
        $$("input", f).forEach((i) => { i.checked = (a.response[i.name] || []).indexOf(i.value) >= 0; });
        check(f, li, a.response, true);
      } else li.classList.add("hb-pending");
      f.addEventListener("submit", (e) => {
        e.preventDefault();
        var r = { alliance: [], alsi: [] };
        $$("input:checked", f).forEach((i) => r[i.name].push(i.value));
        save(id, { hash: f.dataset.hash, response: r, score: check(f, li, r), at: new Date().toISOString() });
      });
    });
    $$("[data-lens]", root).forEach((b) => b.addEventListener("click", () => lens(b.getAttribute("aria-pressed") === "true" ? "" : b.dataset.lens)));
    $$("[data-mode]", root).forEach((b) => b.addEventListener("click", () => mode(b.dataset.mode)));
    $$(".hb-copy", root).forEach((b) => b.addEventListener("click", () => {
      var li = b.closest("li"), url = location.href.split("#")[0] + "#" + li.id, done = () => say("Link to turn " + li.dataset.turn + " copied.");
      (navigator.clipboard ? navigator.clipboard.writeText(url) : Promise.reject()).then(done, () => {
        var t = document.createElement("textarea");
        t.value = url; document.body.appendChild(t); t.select();
        var ok = document.execCommand("copy"); t.remove();
        if (ok) done(); else window.prompt("Copy this link:", url);
      });
    }));
    var q = new URLSearchParams(location.search);
    mode(q.get("mode"), true);
    lens(q.get("lens") || "", true);
  }

  function gallery(form) {
    var cards = $$(".hb-cards>li", form.parentNode), sel = $$("select", form), out = form.parentNode.querySelector("[data-status]");
    function apply() {
      var n = 0;
      cards.forEach((c) => { c.hidden = !sel.every((s) => !s.value || c.dataset.f.indexOf("|" + s.name + ":" + s.value + "|") >= 0); n += !c.hidden; });
      sel.forEach((s) => setParam(s.name, s.value));
      out.textContent = "Showing " + n + " of " + cards.length + " dialogues.";
    }
    var q = new URLSearchParams(location.search);
    sel.forEach((s) => { if ($$("option", s).some((o) => o.value === q.get(s.name))) s.value = q.get(s.name); });
    form.addEventListener("change", apply);
    form.addEventListener("reset", () => setTimeout(apply));
    form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
    form.hidden = false;
    apply();
  }

  function init() {
    $$(".hb-dialogue").forEach(dialogue);
    $$(".hb-filter").forEach(gallery);
    focusTarget();
  }
  window.addEventListener("hashchange", focusTarget);
  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
