/* Self-check quizzes and the progress page. Loaded only on pages whose front matter sets
 * hb_quiz (overrides/main.html); the quiz HTML is complete without this script.
 *
 * STORAGE (the shared learner-progress format; dialogue practise reuses it):
 *   key    "hb-progress:v1:" + the site's root path, e.g. "hb-progress:v1:/" or
 *          "hb-progress:v1:/handbook/". The root comes from data-hb-root (a relative URL to the
 *          home page, written by the generator): new URL(el.dataset.hbRoot, location.href).pathname
 *   value  {"version":1,"answers":{"<quizId>/<questionId>":
 *          {"hash":"<data-hash>","response":<any>,"score":0..1,"at":"<ISO time>"}}}
 *   An answer whose hash differs from the question's data-hash is dropped, and only that one.
 *   A corrupt value reads as empty progress; unavailable storage never breaks the page.
 *   window.hbProgress = {key(el), load(key), save(key, value), valid(value)} for other scripts.
 * EVENT: after each answer, document gets CustomEvent "hb:answer",
 *   detail {quizId, questionId, type, score (0..1), correct (boolean)}.
 */
(function () {
  "use strict";
  if (window.hbProgress) return; // run again by instant navigation: already subscribed

  var PREFIX = "hb-progress:v1:";
  function key(el) {
    return PREFIX + new URL((el && el.getAttribute("data-hb-root")) || "/", location.href).pathname;
  }
  function entryOk(e) {
    return e && typeof e === "object" && typeof e.hash === "string" && typeof e.score === "number" && e.score >= 0 && e.score <= 1;
  }
  function valid(v) {
    if (!v || typeof v !== "object" || v.version !== 1 || !v.answers || typeof v.answers !== "object" || Array.isArray(v.answers)) return false;
    return Object.keys(v.answers).every(function (k) { return /^[^/]+\/[^/]+$/.test(k) && entryOk(v.answers[k]); });
  }
  function load(k) {
    try { var v = JSON.parse(window.localStorage.getItem(k)); if (valid(v)) return v; } catch (e) { /* corrupt or unavailable */ }
    return { version: 1, answers: {} };
  }
  function save(k, v) {
    try { window.localStorage.setItem(k, JSON.stringify(v)); return true; } catch (e) { return false; }
  }
  window.hbProgress = { key: key, load: load, save: save, valid: valid };

  function $$(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }
  function $(sel, el) { return (el || document).querySelector(sel); }
  function mk(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  function pct(x) { return Math.round(x * 100) + "%"; }

  /* ---- one question ---------------------------------------------------------------------- */
  function opts(q) { return $$(".hb-q__opts > .hb-opt", q); }
  function respond(q) {
    var t = q.getAttribute("data-type");
    if (t === "order") return $$(".hb-ord", q).map(function (li) { return +li.getAttribute("data-pos"); });
    if (t === "reflection") return { text: $("textarea", q).value, rubric: $$(".hb-q__rate input:checked", q).map(function (i) { return +i.value; }) };
    return opts(q).filter(function (li) { return $("input", li).checked; }).map(function (li) { return +li.getAttribute("data-i"); });
  }
  function grade(q, r) {
    var t = q.getAttribute("data-type");
    if (t === "order") {
      var ok = r.filter(function (p, i) { return p === i; }).length;
      return { score: ok / r.length, note: ok + " of " + r.length + " in the right place." };
    }
    if (t === "reflection") {
      var n = $$(".hb-q__rate input", q).length;
      return { score: n ? r.rubric.length / n : 0, note: "You ticked " + r.rubric.length + " of " + n + " points." };
    }
    var right = opts(q).filter(function (li) { return li.getAttribute("data-correct") === "true"; }).map(function (li) { return +li.getAttribute("data-i"); });
    var hits = r.filter(function (i) { return right.indexOf(i) >= 0; }).length, wrong = r.length - hits;
    return { score: Math.max(0, (hits - wrong) / right.length), note: right.length > 1 ? hits + " of " + right.length + " right choices, " + wrong + " wrong." : "" };
  }
  function clearMarks(q) {
    $$(".hb-opt__mark", q).forEach(function (m) { m.remove(); });
    $$(".hb-opt--right,.hb-opt--wrong", q).forEach(function (li) { li.classList.remove("hb-opt--right", "hb-opt--wrong"); });
  }
  function mark(li, ok) {
    li.classList.add(ok ? "hb-opt--right" : "hb-opt--wrong");
    li.appendChild(mk("span", "hb-opt__mark", ok ? "✔ right" : "✘ wrong"));
  }
  function keyItem(q, i) { var k = $('.hb-key[data-i="' + i + '"]', q); return k && k.cloneNode(true); }

  function show(q, r, g) {
    var t = q.getAttribute("data-type"), box = $(".hb-q__result", q), ok = g.score === 1;
    clearMarks(q);
    box.textContent = "";
    var head = mk("p", "hb-res hb-res--" + (ok ? "right" : g.score > 0 ? "part" : "wrong"));
    head.appendChild(mk("span", "hb-res__icon", ok ? "✔" : g.score > 0 ? "◐" : "✘")).setAttribute("aria-hidden", "true");
    head.appendChild(document.createTextNode(" " + (t === "reflection" ? "Your rating: " + pct(g.score) + ". " : ok ? "Correct. " : g.score > 0 ? "Partly right (" + pct(g.score) + "). " : "Not quite. ") + g.note));
    box.appendChild(head);
    if (t === "order") {
      $$(".hb-ord", q).forEach(function (li, i) { mark(li, +li.getAttribute("data-pos") === i); });
      box.appendChild(mk("p", "", "The right order:"));
      box.appendChild($("ol.hb-q__key", q).cloneNode(true));
    } else if (t === "reflection") {
      box.appendChild($(".hb-q__model", q).cloneNode(true));
    } else {
      var list = mk("ul", "hb-q__key");
      opts(q).forEach(function (li) {
        var i = +li.getAttribute("data-i"), chosen = r.indexOf(i) >= 0, right = li.getAttribute("data-correct") === "true";
        if (chosen) mark(li, right);
        if (chosen || (right && q.getAttribute("data-type") !== "single" && q.getAttribute("data-type") !== "next-response")) list.appendChild(keyItem(q, i));
      });
      box.appendChild(list);
    }
    box.appendChild($(".hb-q__expl", q).cloneNode(true));
    box.hidden = false;
    return ok;
  }

  function setupQuestion(q, ctx) {
    var t = q.getAttribute("data-type"), qid = q.getAttribute("data-question"), live = ctx.live;
    var hints = $$(".hb-hint", q);
    hints.forEach(function (h, i) {
      h.hidden = i > 0;
      h.addEventListener("toggle", function () { if (h.open && hints[i + 1]) hints[i + 1].hidden = false; });
    });
    $(".hb-q__actions", q).hidden = false;
    q.hbOrder = $$(".hb-ord", q);
    $$(".hb-ord__btns", q).forEach(function (b) { b.hidden = false; });
    q.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-move]");
      if (!b) return;
      var li = b.closest(".hb-ord"), d = +b.getAttribute("data-move"), sib = d < 0 ? li.previousElementSibling : li.nextElementSibling;
      if (!sib) { live.textContent = "Already " + (d < 0 ? "first." : "last."); return; }
      li.parentNode.insertBefore(li, d < 0 ? sib : sib.nextElementSibling);
      b.focus();
      var all = $$(".hb-ord", q);
      live.textContent = $(".hb-ord__text", li).textContent + ": position " + (all.indexOf(li) + 1) + " of " + all.length + ".";
    });
    function finish(r, focus) {
      var g = grade(q, r), ok = show(q, r, g);
      if (!focus) return;
      var stored = load(ctx.key);
      stored.answers[ctx.id + "/" + qid] = { hash: q.getAttribute("data-hash"), response: r, score: g.score, at: new Date().toISOString() };
      var kept = save(ctx.key, stored);
      live.textContent = "Question " + qid.replace(/-/g, " ") + ": " + $(".hb-res", q).textContent.slice(2) + (kept ? "" : " Your answer could not be saved in this browser.");
      $(".hb-q__result", q).focus();
      document.dispatchEvent(new CustomEvent("hb:answer", { detail: { quizId: ctx.id, questionId: qid, type: t, score: g.score, correct: ok } }));
      ctx.update();
    }
    $(".hb-q__check", q).addEventListener("click", function () {
      if (t === "reflection") {
        var rate = $(".hb-q__rate", q);
        rate.hidden = false;
        var box = $(".hb-q__result", q);
        box.textContent = "";
        box.appendChild($(".hb-q__model", q).cloneNode(true));
        box.hidden = false;
        live.textContent = "Model answer shown. Rate your reply below.";
        $("input", rate).focus();
        return;
      }
      var r = respond(q);
      if (t !== "order" && !r.length) { live.textContent = "Choose an answer first."; return; }
      finish(r, true);
    });
    var saveBtn = $(".hb-q__save", q);
    if (saveBtn) saveBtn.addEventListener("click", function () { finish(respond(q), true); });
    q.hbRestore = function (r) {
      if (t === "order") {
        var byPos = {};
        q.hbOrder.forEach(function (li) { byPos[li.getAttribute("data-pos")] = li; });
        if (!Array.isArray(r) || r.length !== q.hbOrder.length || !r.every(function (p) { return byPos[p]; })) return;
        r.forEach(function (p) { byPos[p].parentNode.appendChild(byPos[p]); });
      } else if (t === "reflection") {
        if (!r || typeof r.text !== "string" || !Array.isArray(r.rubric)) return;
        $("textarea", q).value = r.text;
        $(".hb-q__rate", q).hidden = false;
        $$(".hb-q__rate input", q).forEach(function (i) { i.checked = r.rubric.indexOf(+i.value) >= 0; });
      } else {
        if (!Array.isArray(r)) return;
        opts(q).forEach(function (li) { $("input", li).checked = r.indexOf(+li.getAttribute("data-i")) >= 0; });
      }
      finish(respond(q), false);
    };
    q.hbClear = function () {
      clearMarks(q);
      $$("input", q).forEach(function (i) { i.checked = false; });
      if (t === "reflection") { $("textarea", q).value = ""; $(".hb-q__rate", q).hidden = true; }
      q.hbOrder.forEach(function (li) { li.parentNode.appendChild(li); });
      $(".hb-q__result", q).hidden = true;
    };
  }

  /* ---- one quiz -------------------------------------------------------------------------- */
  function setupQuiz(quiz) {
    if (quiz.hbReady) return;
    quiz.hbReady = true;
    var ctx = { key: key(quiz), id: quiz.getAttribute("data-quiz"), live: $(".hb-quiz__live", quiz) };
    var qs = $$(".hb-q", quiz), bar = $(".hb-quiz__bar", quiz);
    ctx.update = function () {
      var a = load(ctx.key).answers, n = 0, sum = 0;
      qs.forEach(function (q) { var e = a[ctx.id + "/" + q.getAttribute("data-question")]; if (e && e.hash === q.getAttribute("data-hash")) { n++; sum += e.score; } });
      $(".hb-quiz__score", quiz).textContent = "Answered " + n + " of " + qs.length + (n ? ", score " + pct(sum / n) : "") + ".";
    };
    var data = load(ctx.key), stale = false;
    qs.forEach(function (q) {
      setupQuestion(q, ctx);
      var k = ctx.id + "/" + q.getAttribute("data-question"), e = data.answers[k];
      if (e && e.hash !== q.getAttribute("data-hash")) { delete data.answers[k]; stale = true; } else if (e) q.hbRestore(e.response);
    });
    if (stale) save(ctx.key, data);
    bar.hidden = false;
    ctx.update();
    $(".hb-quiz__reset", quiz).addEventListener("click", function () {
      var d = load(ctx.key);
      Object.keys(d.answers).forEach(function (k) { if (k.indexOf(ctx.id + "/") === 0) delete d.answers[k]; });
      save(ctx.key, d);
      qs.forEach(function (q) { q.hbClear(); });
      ctx.update();
      ctx.live.textContent = "This quiz was reset.";
    });
  }

  /* ---- the progress page ----------------------------------------------------------------- */
  function setupProgress(el) {
    if (el.hbReady) return;
    el.hbReady = true;
    var k = key(el), index = JSON.parse(el.getAttribute("data-index")), msg = $(".hb-progress__msg", el);
    function cells(row, n, total, sum) {
      $(".hb-progress__done", row).textContent = n + " of " + total;
      $(".hb-progress__score", row).textContent = n ? pct(sum / n) : "–";
    }
    function draw() {
      var a = load(k).answers, skills = {};
      index.modules.forEach(function (m) {
        var n = 0, sum = 0;
        m.questions.forEach(function (q) {
          var e = a[m.id + "/" + q.id], ok = e && e.hash === q.hash;
          if (ok) { n++; sum += e.score; }
          q.alliance.concat(q.alsi).forEach(function (s) {
            var t = skills[s] || (skills[s] = [0, 0, 0]);
            t[1]++;
            if (ok) { t[0]++; t[2] += e.score; }
          });
        });
        cells($('tr[data-module="' + m.id + '"]', el), n, m.questions.length, sum);
      });
      $$("tr[data-skill]", el).forEach(function (row) { var t = skills[row.getAttribute("data-skill")] || [0, 0, 0]; cells(row, t[0], t[1], t[2]); });
    }
    $(".hb-progress__nojs", el).textContent = "Your answers are saved in this browser only.";
    $(".hb-progress__tools", el).hidden = false;
    draw();
    $(".hb-progress__export", el).addEventListener("click", function () {
      var a = mk("a");
      a.href = URL.createObjectURL(new Blob([JSON.stringify(load(k), null, 2)], { type: "application/json" }));
      a.download = "handbook-progress.json";
      document.body.appendChild(a);
      a.click();
      a.remove();
      msg.textContent = "Progress exported as handbook-progress.json.";
    });
    $("#hb-progress-import", el).addEventListener("change", function (ev) {
      var file = ev.target.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var v;
        try { v = JSON.parse(text); } catch (e) { v = null; }
        ev.target.value = "";
        if (!valid(v)) {
          msg.textContent = "Import refused: this is not a progress file of version 1 from this handbook. Your saved progress is unchanged.";
          return;
        }
        var d = load(k);
        Object.keys(v.answers).forEach(function (q) { d.answers[q] = v.answers[q]; });
        msg.textContent = save(k, d) ? "Imported " + Object.keys(v.answers).length + " answers." : "Import failed: this browser does not allow saving.";
        draw();
      });
    });
    $(".hb-progress__reset", el).addEventListener("click", function () {
      if (!window.confirm("Delete every saved answer in this handbook?")) return;
      save(k, { version: 1, answers: {} });
      draw();
      msg.textContent = "All saved answers were deleted.";
    });
  }

  function init() {
    $$(".hb-quiz").forEach(setupQuiz);
    $$(".hb-progress").forEach(setupProgress);
  }
  // On a full page load this file runs before Material's bundle defines document$, so subscribe
  // once the document is parsed; document$ replays the current page, and init is idempotent.
  function start() { if (window.document$) window.document$.subscribe(init); else init(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
