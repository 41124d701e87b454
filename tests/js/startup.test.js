/* Start-up (handbook.js): features start in hb.ORDER whatever order their scripts ran in, each
 * element once, on DOMContentLoaded, and again after Material's instant navigation (document$); a
 * page whose document$ never emits or fails (opened from disk) still starts. Browser tests cover the
 * real pages; this pins the rules with a stand-in document. */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, quietConsole } = require("./site.js");

/** A document stand-in: elements by selector, DOMContentLoaded fired by the test. */
function fakeDocument(elements) {
  const listeners = [];
  return {
    readyState: "loading",
    elements: elements,
    querySelectorAll: (selector) => elements[selector] || [],
    addEventListener: (name, fn) => listeners.push([name, fn]),
    parsed() {
      this.readyState = "interactive";
      for (const [name, fn] of listeners) {
        if (name === "DOMContentLoaded") {
          fn();
        }
      }
    },
  };
}

/** Material's document$ stand-in: replays the current page to each subscriber, then emits or fails on demand. */
function fakeDocument$() {
  const observers = [];
  return {
    subscribe(observer) {
      observers.push(observer);
      observer.next();
    },
    emit: () => {
      for (const o of observers) {
        o.next();
      }
    },
    fail: (error) => {
      for (const o of observers) {
        o.error(error);
      }
    },
  };
}

function page(elements, extra) {
  const document = fakeDocument(elements);
  const console = quietConsole();
  const window = load(["handbook.js"], { document, console, ...extra });
  const started = [];
  return { document, console, hb: window.hb, started, window };
}

test("features start in hb.ORDER, not in the order their scripts registered, once the page is parsed", () => {
  const quiz = { name: "quiz-element" };
  const lms = { name: "lms-element" };
  const { document, hb, started } = page({ ".hb-quiz": [quiz], ".hb-lms": [lms] });
  hb.feature("quiz", ".hb-quiz", (el) => started.push(["quiz", el.name]));
  hb.feature("lms", ".hb-lms", (el) => started.push(["lms", el.name]));
  assert.deepEqual(started, [], "nothing starts before the page is parsed");
  document.parsed();
  assert.deepEqual(started, [
    ["lms", "lms-element"],
    ["quiz", "quiz-element"],
  ]);
});

test("each element starts once: document$ replays the page, and instant navigation brings new elements", () => {
  const document$ = fakeDocument$();
  const first = { n: 1 };
  const { document, hb, started } = page({ ".hb-dialogue": [first] }, { document$ });
  hb.feature("dialogue", ".hb-dialogue", (el) => started.push(el.n));
  document.parsed();
  assert.deepEqual(started, [1]);
  document.elements[".hb-dialogue"] = [{ n: 2 }];
  document$.emit();
  document$.emit();
  assert.deepEqual(started, [1, 2]);
});

test("a script arriving after start-up (instant navigation) starts its feature at once", () => {
  const { document, hb, started } = page({ ".hb-filter": [{ n: 7 }] });
  document.parsed();
  hb.feature("gallery", ".hb-filter", (el) => started.push(el.n));
  assert.deepEqual(started, [7]);
  hb.feature("gallery", ".hb-filter", (el) => started.push(el.n));
  assert.deepEqual(started, [7], "the same script run again does not start the same element twice");
});

test("without document$, or when it fails (file://), the page starts on DOMContentLoaded", () => {
  for (const extra of [{}, { document$: fakeDocument$() }]) {
    const { document, hb, started, window } = page({ ".hb-quiz": [{ n: 1 }] }, extra);
    hb.feature("quiz", ".hb-quiz", (el) => started.push(el.n));
    document.parsed();
    if (window.document$) {
      window.document$.fail(new Error("instant navigation failed"));
    }
    assert.deepEqual(started, [1]);
  }
});

test("a feature that fails is reported and the others still start", () => {
  const { document, hb, started, console } = page({ ".hb-quiz": [{}], ".hb-progress": [{}] });
  hb.feature("quiz", ".hb-quiz", () => {
    throw new Error("broken widget");
  });
  hb.feature("progress", ".hb-progress", () => started.push("progress"));
  document.parsed();
  assert.deepEqual(started, ["progress"]);
  assert.equal(console.said.length, 1);
  assert.equal(console.said[0][0], "error");
  assert.match(console.said[0][1], /hb: quiz could not start .*broken widget/);
});

test("a feature not in hb.ORDER is refused loudly, so its place in the order is decided", () => {
  const { hb } = page({});
  assert.throws(() => hb.feature("unheard-of", ".hb-x", () => undefined), /add 'unheard-of' to ORDER in handbook\.js/);
});
