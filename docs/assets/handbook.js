/* Handbook enhancements. The pages are complete without this script; it only adds behaviour.
   Initialised on Material's document$ so it runs again after every instant navigation. */
(function () {
  "use strict";
  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^turn-\d+$/.test(id)) return;
    var turn = document.getElementById(id);
    if (!turn) return;
    document.querySelectorAll(".hb-is-target").forEach(function (el) { el.classList.remove("hb-is-target"); });
    turn.classList.add("hb-is-target");
    turn.focus({ preventScroll: true });
    turn.scrollIntoView({ block: "start" });
  }
  function init() { focusTarget(); }
  window.addEventListener("hashchange", focusTarget);
  if (window.document$) window.document$.subscribe(init);
  else document.addEventListener("DOMContentLoaded", init);
})();
