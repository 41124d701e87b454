/* The practice gallery's filters: show the dialogues that match every chosen value, with a count,
 * and keep the choice in the address (dialogues/?theme=family). Enhances the server-rendered list
 * (generator/render/pages.py), which shows every dialogue without it.
 *
 * Loaded only by the gallery page (overrides/main.html), after handbook.js: it registers the
 * "gallery" feature with window.hb, which starts it.
 * This is the readable source; the build minifies it (generator/export/static.py).
 */
((hb) => {
  "use strict";
  if (!hb || typeof hb.feature !== "function") {
    console.error("gallery.js needs handbook.js (window.hb), loaded before it");
    return;
  }

  function setupGallery(form) {
    const box = form.parentNode;
    const cards = Array.from(box.querySelectorAll(".hb-cards>li"));
    const selects = Array.from(form.querySelectorAll("select"));
    const params = new URLSearchParams(location.search);
    const apply = () => {
      let shown = 0;
      cards.forEach((card) => {
        card.hidden = !selects.every((s) => !s.value || card.dataset.f.includes(`|${s.name}:${s.value}|`));
        shown += !card.hidden;
      });
      for (const s of selects) {
        hb.setParam(s.name, s.value);
      }
      box.querySelector("[data-status]").textContent = `Showing ${shown} of ${cards.length} dialogues.`;
    };
    // A value from the address counts only if it is one of the select's own options.
    selects.forEach((s) => {
      if (Array.from(s.options).some((o) => o.value === params.get(s.name))) {
        s.value = params.get(s.name);
      }
    });
    form.addEventListener("change", apply);
    form.addEventListener("reset", () => setTimeout(apply));
    form.hidden = false;
    apply();
  }

  hb.feature("gallery", ".hb-filter", setupGallery);
})(globalThis.hb);
