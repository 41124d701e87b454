/* SCORM 1.2 adapter: only in the SCORM packages (mkdocs.scorm.yml), loaded before quiz.js. Finds the
 * LMS API, restores this module's answers from cmi.suspend_data into the site's storage, reports
 * status and score after each hb:answer. Without an LMS it does nothing. README "Publishing". */
(() => {
"use strict";
var quiz = document.querySelector(".hb-quiz"), api = null, done = 0, t0 = Date.now(), scores = {};
if (!quiz) return;
// ADL's discovery: the window, then up to 7 parents; then the same from the opener.
function find(w) {
var n = 0;
try {
while (!w.API && w.parent && w.parent !== w) { if (++n > 7) return null; w = w.parent; }
return w.API || null;
} catch (e) { return null; } // a frame from another origin
}
api = find(window) || (window.opener ? find(window.opener) : null);
if (!api) return;
try { if (String(api.LMSInitialize("")) !== "true") return; } catch (e) { return; }
function get(k) { return String(api.LMSGetValue(k) || ""); }
function set(k, v) { api.LMSSetValue(k, String(v)); }
var id = quiz.getAttribute("data-quiz"), key = "hb-progress:v1:" + new URL(quiz.getAttribute("data-hb-root") || "/", location.href).pathname;
var qs = Array.from(quiz.querySelectorAll(".hb-q")).map((q) => ({ id: id + "/" + q.getAttribute("data-question"), hash: q.getAttribute("data-hash") }));
var mastery = parseFloat(get("cmi.student_data.mastery_score"));
function load() {
try { var v = JSON.parse(localStorage.getItem(key)); if (v && v.version === 1 && v.answers && typeof v.answers === "object") return v; } catch (e) { /* none */ }
return { version: 1, answers: {} };
}
function digits(a) { return a.map((n) => n.toString(36)).join(""); }
function undigit(s) { return s.split("").map((c) => parseInt(c, 36)); }
// suspend_data: [1, per question in page order: 0 or [hash prefix, response, score x 10,000]]. A
// response is the option indices or positions as base-36 digits, or [text, rubric digits].
function encode(a) {
var rows = qs.map((q) => {
var e = a[q.id], r = e && e.response;
if (!e || e.hash !== q.hash) return 0;
return [q.hash.slice(0, 6), Array.isArray(r) ? digits(r) : [String(r.text), digits(r.rubric || [])], Math.round(e.score * 1e4)];
}), s = JSON.stringify([1].concat(rows));
// SCORM 1.2 keeps 4,096 characters: shorten the longest reflection until it fits.
while (s.length > 4096) {
var long = rows.filter((x) => x && Array.isArray(x[1])).sort((x, y) => y[1][0].length - x[1][0].length)[0];
if (!long || !long[1][0]) return s.slice(0, 0);
long[1][0] = long[1][0].slice(0, Math.max(0, long[1][0].length - (s.length - 4096) - 1));
s = JSON.stringify([1].concat(rows));
}
return s;
}
// The LMS's record wins: this module's answers in storage become exactly the ones it kept.
function restore() {
var d = load(), rows = [];
try { rows = JSON.parse(get("cmi.suspend_data")); } catch (e) { /* nothing kept yet */ }
Object.keys(d.answers).forEach((k) => { if (k.indexOf(id + "/") === 0) delete d.answers[k]; });
if (Array.isArray(rows) && rows[0] === 1) qs.forEach((q, i) => {
var x = rows[i + 1];
if (!Array.isArray(x) || q.hash.indexOf(x[0]) !== 0) return;
var r = Array.isArray(x[1]) ? { text: x[1][0], rubric: undigit(x[1][1]) } : undigit(x[1]);
d.answers[q.id] = { hash: q.hash, response: r, score: Math.min(1, Math.max(0, x[2] / 1e4)), at: new Date().toISOString() };
});
try { localStorage.setItem(key, JSON.stringify(d)); } catch (e) { /* storage blocked: the quiz starts empty */ }
}
function report() {
var a = load().answers, n = 0, sum = 0;
qs.forEach((q) => {
var e = a[q.id], s = e && e.hash === q.hash ? e.score : scores[q.id];
if (typeof s === "number") { n++; sum += s; }
});
var raw = Math.round((100 * sum) / qs.length);
if (n || get("cmi.core.score.raw")) { set("cmi.core.score.min", 0); set("cmi.core.score.max", 100); set("cmi.core.score.raw", raw); }
set("cmi.core.lesson_status", n < qs.length ? "incomplete" : isNaN(mastery) ? "completed" : raw >= mastery ? "passed" : "failed");
set("cmi.suspend_data", encode(a));
api.LMSCommit("");
}
function finish() {
if (done) return;
done = 1;
var s = Math.round((Date.now() - t0) / 1000), p = (n) => (n < 10 ? "0" : "") + n;
set("cmi.core.exit", "suspend");
set("cmi.core.session_time", p(Math.floor(s / 3600)) + ":" + p(Math.floor(s / 60) % 60) + ":" + p(s % 60));
api.LMSFinish("");
}
restore();
report();
document.addEventListener("hb:answer", (e) => {
if (done || !e.detail || e.detail.quizId !== id) return;
scores[id + "/" + e.detail.questionId] = e.detail.score;
report();
});
// The quiz's reset button: this listener runs before quiz.js's (added first), the report after it.
var reset = quiz.querySelector(".hb-quiz__reset");
if (reset) reset.addEventListener("click", () => { scores = {}; setTimeout(() => { if (!done) report(); }); });
window.addEventListener("pagehide", finish);
window.addEventListener("unload", finish);
})();
