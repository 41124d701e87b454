/* Quizzes and progress. localStorage["hb-progress:v1:" + site root path] = {"version":1,"answers":
 * {"quiz/question":{hash,response,score,at}}}; event "hb:answer". Details: README "Self-check quizzes". */
(() => {
"use strict";
if (window.hbProgress) return; // re-run by instant navigation: already subscribed
function key(el) { return "hb-progress:v1:" + new URL((el && el.getAttribute("data-hb-root")) || "/", location.href).pathname; }
function ok(e) { return e && typeof e.hash === "string" && typeof e.score === "number" && e.score >= 0 && e.score <= 1; }
function valid(v, lax) {
var a = v && v.version === 1 && v.answers;
return !!a && typeof a === "object" && !Array.isArray(a) && (lax || Object.keys(a).every((k) => ok(a[k])));
}
// A bad entry in storage is dropped alone, so one writer's mistake cannot wipe everyone's answers.
function load(k) {
try {
var v = JSON.parse(localStorage.getItem(k));
if (valid(v, 1)) { Object.keys(v.answers).forEach((q) => { if (!ok(v.answers[q])) delete v.answers[q]; }); return v; }
} catch (e) { /* corrupt or unavailable */ }
return { version: 1, answers: {} };
}
function save(k, v) { try { localStorage.setItem(k, JSON.stringify(v)); return true; } catch (e) { return false; } }
window.hbProgress = { key: key, load: load, save: save, valid: valid };

function $$(s, el) { return Array.from((el || document).querySelectorAll(s)); }
function $(s, el) { return (el || document).querySelector(s); }
function at(el, n) { return el.getAttribute("data-" + n); }
function mk(tag, cls, text) { var e = document.createElement(tag); e.className = cls || ""; e.textContent = text || ""; return e; }
function pct(x) { return Math.round(x * 100) + "%"; }
function nums(els, n) { return els.map((e) => +at(e, n)); }

function setupQuestion(q, ctx) {
var t = at(q, "type"), qid = at(q, "question"), live = ctx.live, box = $(".hb-q__result", q), rate = $(".hb-q__rate", q);
var opts = $$(".hb-q__opts > .hb-opt", q), order = $$(".hb-ord", q), hints = $$(".hb-hint", q);
var right = nums(opts.filter((li) => at(li, "correct") === "true"), "i");
function respond() {
if (t === "order") return nums($$(".hb-ord", q), "pos");
if (t === "reflection") return { text: $("textarea", q).value, rubric: $$("input:checked", rate).map((i) => +i.value) };
return nums(opts.filter((li) => $("input", li).checked), "i");
}
function grade(r) {
if (t === "order") {
var ok = r.filter((p, i) => p === i).length;
return [ok / r.length, ok + " of " + r.length + " in the right place."];
}
if (t === "reflection") return [r.rubric.length / $$("input", rate).length, ""];
var hits = r.filter((i) => right.indexOf(i) >= 0).length, wrong = r.length - hits;
return [Math.max(0, (hits - wrong) / right.length), right.length > 1 ? hits + " of " + right.length + " right, " + wrong + " wrong." : ""];
}
function mark(li, ok) {
li.classList.add(ok ? "hb-opt--right" : "hb-opt--wrong");
li.appendChild(mk("span", "hb-opt__mark", ok ? "✔ right" : "✘ wrong"));
}
function clear() {
$$(".hb-opt__mark", q).forEach((m) => { m.remove(); });
$$(".hb-opt--right,.hb-opt--wrong", q).forEach((li) => { li.classList.remove("hb-opt--right", "hb-opt--wrong"); });
box.textContent = "";
}
function show(r) {
var g = grade(r), s = g[0], word = s === 1 ? "right" : s > 0 ? "part" : "wrong", head = mk("p", "hb-res hb-res--" + word);
clear();
head.appendChild(mk("span", "hb-res__icon", { right: "✔", part: "◐", wrong: "✘" }[word])).setAttribute("aria-hidden", "true");
head.appendChild(document.createTextNode(" " + (t === "reflection" ? "Your rating: " + pct(s) + "." : { right: "Correct.", part: "Partly right (" + pct(s) + ").", wrong: "Not quite." }[word]) + " " + g[1]));
box.appendChild(head);
if (t === "order") {
$$(".hb-ord", q).forEach((li, i) => { mark(li, +at(li, "pos") === i); });
box.appendChild(mk("p", "", "The right order:"));
box.appendChild($("ol.hb-q__key", q).cloneNode(true));
} else if (t === "reflection") {
box.appendChild($(".hb-q__model", q).cloneNode(true));
} else {
var list = box.appendChild(mk("ul", "hb-q__key"));
opts.forEach((li, i) => {
var chosen = r.indexOf(i) >= 0;
if (chosen) mark(li, right.indexOf(i) >= 0);
if (chosen || (right.indexOf(i) >= 0 && right.length > 1)) list.appendChild($('.hb-key[data-i="' + i + '"]', q).cloneNode(true));
});
}
box.appendChild($(".hb-q__expl", q).cloneNode(true));
box.hidden = false;
return s;
}
function finish() {
var r = respond(), s = show(r), d = load(ctx.key);
d.answers[ctx.id + "/" + qid] = { hash: at(q, "hash"), response: r, score: s, at: new Date().toISOString() };
live.textContent = "Question " + at(q, "n") + ": " + $(".hb-res", q).textContent.slice(2) + (save(ctx.key, d) ? "" : " Your answer could not be saved.");
box.focus();
document.dispatchEvent(new CustomEvent("hb:answer", { detail: { quizId: ctx.id, questionId: qid, type: t, score: s, correct: s === 1 } }));
ctx.update();
}
hints.forEach((h, i) => {
h.hidden = i > 0;
h.addEventListener("toggle", () => { if (h.open && hints[i + 1]) hints[i + 1].hidden = false; });
});
$$(".hb-q__actions,.hb-ord__btns", q).forEach((e) => { e.hidden = false; });
q.addEventListener("click", (ev) => {
var b = ev.target.closest("button");
if (!b) return;
if (b.matches(".hb-q__save")) finish();
if (b.matches(".hb-q__check")) {
if (rate) {
rate.hidden = false;
clear();
box.appendChild($(".hb-q__model", q).cloneNode(true));
box.hidden = false;
live.textContent = "Model answer shown. Rate your reply.";
$("input", rate).focus();
} else if (t === "order" || respond().length) finish();
else live.textContent = "Choose an answer first.";
}
if (!at(b, "move")) return;
var li = b.closest(".hb-ord"), up = at(b, "move") < 0, sib = up ? li.previousElementSibling : li.nextElementSibling;
if (sib) li.parentNode.insertBefore(li, up ? sib : sib.nextElementSibling);
b.focus();
var all = $$(".hb-ord", q);
live.textContent = $(".hb-ord__text", li).textContent + ": position " + (all.indexOf(li) + 1) + " of " + all.length + ".";
});
q.hbRestore = (r) => {
try {
if (t === "order") r.forEach((p) => { order[p].parentNode.appendChild(order[p]); });
else if (rate) { if (typeof r.text !== "string") throw r; $("textarea", q).value = r.text; rate.hidden = false; $$("input", rate).forEach((i) => { i.checked = r.rubric.indexOf(+i.value) >= 0; }); }
else opts.forEach((li, i) => { $("input", li).checked = r.indexOf(i) >= 0; });
show(respond());
} catch (e) { q.hbClear(); }
};
q.hbClear = () => {
clear();
$$("input", q).forEach((i) => { i.checked = false; });
if (rate) { $("textarea", q).value = ""; rate.hidden = true; }
box.hidden = true;
};
order.sort((a, b) => at(a, "pos") - at(b, "pos"));
}

function setupQuiz(quiz) {
if (quiz.hbReady) return;
quiz.hbReady = 1;
var ctx = { key: key(quiz), id: at(quiz, "quiz"), live: $(".hb-quiz__live", quiz) }, qs = $$(".hb-q", quiz), d = load(ctx.key), stale = 0;
ctx.update = () => {
var a = load(ctx.key).answers, n = 0, sum = 0;
qs.forEach((q) => { var e = a[ctx.id + "/" + at(q, "question")]; if (e && e.hash === at(q, "hash")) { n++; sum += e.score; } });
$(".hb-quiz__score", quiz).textContent = "Answered " + n + " of " + qs.length + (n ? ", score " + pct(sum / n) : "") + ".";
};
qs.forEach((q, i) => {
q.setAttribute("data-n", i + 1);
setupQuestion(q, ctx);
var k = ctx.id + "/" + at(q, "question"), e = d.answers[k];
if (e && e.hash !== at(q, "hash")) { delete d.answers[k]; stale = 1; } else if (e) q.hbRestore(e.response);
});
if (stale) save(ctx.key, d);
$(".hb-quiz__bar", quiz).hidden = false;
ctx.update();
$(".hb-quiz__reset", quiz).addEventListener("click", () => {
var d = load(ctx.key);
Object.keys(d.answers).forEach((k) => { if (k.indexOf(ctx.id + "/") === 0) delete d.answers[k]; });
save(ctx.key, d);
qs.forEach((q) => { q.hbClear(); });
ctx.update();
ctx.live.textContent = "This quiz was reset.";
});
}

function setupProgress(el) {
if (el.hbReady) return;
el.hbReady = 1;
var k = key(el), index = JSON.parse(at(el, "index")), msg = $(".hb-progress__msg", el);
function cells(row, n, total, sum) {
$(".hb-progress__done", row).textContent = n + " of " + total;
$(".hb-progress__score", row).textContent = n ? pct(sum / n) : "–";
}
function draw() {
var a = load(k).answers, skills = {};
index.modules.forEach((m) => {
var n = 0, sum = 0;
m.questions.forEach((q) => {
var e = a[m.id + "/" + q.id], ok = e && e.hash === q.hash;
if (ok) { n++; sum += e.score; }
q.alliance.concat(q.alsi).forEach((s) => {
var c = skills[s] = skills[s] || [0, 0, 0];
c[1]++;
if (ok) { c[0]++; c[2] += e.score; }
});
});
cells($('tr[data-module="' + m.id + '"]', el), n, m.questions.length, sum);
});
$$("tr[data-skill]", el).forEach((row) => { var c = skills[at(row, "skill")] || [0, 0, 0]; cells(row, c[0], c[1], c[2]); });
}
$(".hb-progress__tools", el).hidden = false;
draw();
$(".hb-progress__export", el).addEventListener("click", () => {
var a = mk("a");
a.href = URL.createObjectURL(new Blob([JSON.stringify(load(k), null, 2)], { type: "application/json" }));
a.download = "handbook-progress.json";
el.appendChild(a).click();
a.remove();
});
$("#hb-progress-import", el).addEventListener("change", (ev) => {
var file = ev.target.files[0];
if (file) file.text().then((text) => {
var v = null, d = load(k);
try { v = JSON.parse(text); } catch (e) { /* refused below */ }
ev.target.value = "";
if (!valid(v)) { msg.textContent = "Import refused: not a version 1 progress file. Nothing was changed."; return; }
Object.assign(d.answers, v.answers);
msg.textContent = save(k, d) ? "Imported " + Object.keys(v.answers).length + " answers." : "Import failed: this browser cannot save.";
draw();
});
});
$(".hb-progress__reset", el).addEventListener("click", () => {
if (!confirm("Delete every saved answer in this handbook?")) return;
save(k, { version: 1, answers: {} });
draw();
msg.textContent = "All saved answers were deleted.";
});
}

function init() { $$(".hb-quiz").forEach(setupQuiz); $$(".hb-progress").forEach(setupProgress); }
// This file can run before Material's bundle defines document$: subscribe once parsed (document$ replays).
function start() { if (window.document$) window.document$.subscribe(init); else init(); }
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
})();
