/* Scoring: the credit rule for coding answers and each question type's valid/grade/pack/unpack
 * (hb.credit and hb.types in handbook.js), the rules the site and the SCORM packages share. */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./site.js");

const { hb } = load(["handbook.js"]);
const T = hb.types;

/** A question as hb.question reads it from the page. */
const rule = (fields) => ({ options: 0, correct: [], items: 0, rubric: 0, readings: [], key: null, ...fields });

test("credit: Moodle's multiple-answer rule; the key and a defensible reading earn full credit", () => {
  const readings = [{ codes: ["goal", "bond"], reason: "Also fair." }];
  assert.deepEqual(plain(hb.credit(["task", "goal"], ["goal", "task"], 3, readings)), { score: 1, kind: "right" }, "order does not matter");
  assert.deepEqual(plain(hb.credit(["bond", "goal"], ["task", "goal"], 3, readings)), {
    score: 1,
    kind: "defensible",
    reading: { codes: ["goal", "bond"], reason: "Also fair." },
  });
  // One of two key codes: 1/2 (a reading near the answer gives nothing more: the banks cannot say it).
  assert.deepEqual(plain(hb.credit(["goal"], ["task", "goal"], 3, readings)), { score: 0.5, kind: "part" });
  // Right one, wrong one of three codes with two right: 1/2 - 1/1 < 0, so 0.
  assert.deepEqual(plain(hb.credit(["task", "bond"], ["task", "goal"], 3, [])), { score: 0, kind: "wrong" });
  // The case: a key of four of five options, plus the one wrong option: 4/4 - 1/1 = 0...
  assert.equal(hb.credit([0, 1, 2, 3, 4], [0, 1, 2, 3], 5).score, 0);
  // ...and of three of six with one wrong: 3/3 - 1/3 = 2/3, as Moodle scores it.
  assert.ok(Math.abs(hb.credit([0, 1, 2, 3], [0, 1, 2], 6).score - 2 / 3) < 1e-12);
  assert.deepEqual(plain(hb.credit(["x"], ["a"], 3, [])), { score: 0, kind: "wrong" });
});

test("credit: an empty key (e.g. no ALSI step) is right only when nothing is chosen", () => {
  assert.equal(hb.credit([], [], 4, []).kind, "right");
  assert.deepEqual(plain(hb.credit(["ask"], [], 4, [])), { score: 0, kind: "wrong" });
  assert.equal(hb.credit(["ask"], ["listen"], 4, [{ codes: [], reason: "" }]).score, 0);
});

test("choice types: the credit rule, never below zero, with a detail when several are right", () => {
  const single = rule({ type: "single", options: 3, correct: [0] });
  assert.deepEqual(plain(T.single.grade([0], single)), { score: 1, detail: "" });
  assert.deepEqual(plain(T.single.grade([2], single)), { score: 0, detail: "" });
  const multiple = rule({ type: "multiple", options: 4, correct: [0, 2] });
  assert.deepEqual(plain(T.multiple.grade([0, 2], multiple)), { score: 1, detail: "2 of 2 right, 0 wrong." });
  assert.deepEqual(plain(T.multiple.grade([0], multiple)), { score: 0.5, detail: "1 of 2 right, 0 wrong." });
  assert.deepEqual(plain(T.multiple.grade([0, 1], multiple)), { score: 0, detail: "1 of 2 right, 1 wrong." }, "1/2 - 1/2");
  assert.equal(T.multiple.grade([0, 2, 1], multiple).score, 0.5, "2/2 - 1/2");
  assert.deepEqual(plain(T.multiple.grade([1, 3], multiple)), { score: 0, detail: "0 of 2 right, 2 wrong." });
  assert.equal(T["next-response"].grade([0], single).score, 1);
});

test("coding types: the credit rule over option indexes, a defensible reading explained", () => {
  const q = rule({
    type: "classify-turn",
    options: 3,
    correct: [0, 2],
    readings: [{ codes: [2], reason: "Goal alone is fair." }],
    key: "bond, goal",
  });
  assert.deepEqual(plain(T["classify-turn"].grade([0, 2], q)), {
    score: 1,
    detail: "2 of 2 right, 0 wrong.",
    credit: { score: 1, kind: "right" },
  });
  const defensible = plain(T["classify-turn"].grade([2], q));
  assert.equal(defensible.score, 1);
  assert.equal(defensible.detail, "Defensible: the key codes it bond, goal. Goal alone is fair.");
  assert.equal(defensible.credit.kind, "defensible");
  const part = T["alsi-step"].grade([0], { ...q, readings: [] });
  assert.equal(part.score, 0.5);
  assert.equal(part.credit.kind, "part");
});

test("order: the share of items in their right place", () => {
  const q = rule({ type: "order", items: 4 });
  assert.deepEqual(plain(T.order.grade([0, 1, 2, 3], q)), { score: 1, detail: "4 of 4 in the right place." });
  assert.deepEqual(plain(T.order.grade([1, 0, 2, 3], q)), { score: 0.5, detail: "2 of 4 in the right place." });
  assert.equal(T.order.grade([3, 2, 1, 0], q).score, 0);
});

test("reflection: the share of rubric points ticked", () => {
  const q = rule({ type: "reflection", rubric: 3 });
  assert.deepEqual(plain(T.reflection.grade({ text: "x", rubric: [0, 2] }, q)), { score: 2 / 3, detail: "" });
  assert.equal(T.reflection.grade({ text: "", rubric: [] }, q).score, 0);
});

test("dialogue practise: each dimension by the credit rule, the turn's score their mean", () => {
  const turn = {
    alliance: ["task", "goal"],
    alsi: ["ask"],
    readings: [{ alliance: ["goal", "bond"], alsi: null, reason: "Bond is fair." }],
  };
  const right = T.dialogue.grade({ alliance: ["goal", "task"], alsi: ["ask"] }, turn);
  assert.equal(right.score, 1);
  assert.deepEqual(plain(right.marks.map((m) => m.kind)), ["right", "right"]);
  const reading = T.dialogue.grade({ alliance: ["bond", "goal"], alsi: [] }, turn);
  assert.equal(reading.score, 0.5, "alliance defensible (1), ALSI wrong (0)");
  assert.equal(reading.marks[0].kind, "defensible");
  assert.equal(reading.marks[0].reading.reason, "Bond is fair.");
  assert.equal(reading.marks[1].kind, "wrong", "a reading without ALSI codes keeps the key's for ALSI");
});

test("valid: a response fits its question, or it is not an answer", () => {
  const single = rule({ type: "single", options: 3, correct: [0] });
  assert.equal(T.single.valid([0], single), true);
  assert.equal(T.single.valid([], single), true, "nothing chosen is a response (it scores 0)");
  for (const bad of [[3], [-1], [0.5], ["0"], [0, 0], 0, "0", null, {}, [null], [Number.NaN]]) {
    assert.equal(T.single.valid(bad, single), false, JSON.stringify(bad));
  }
  const order = rule({ type: "order", items: 3 });
  assert.equal(T.order.valid([2, 0, 1], order), true);
  for (const bad of [[0, 1], [0, 1, 1], [0, 1, 3], [0, 1, 2, 3], [], "012"]) {
    assert.equal(T.order.valid(bad, order), false, JSON.stringify(bad));
  }
  const reflection = rule({ type: "reflection", rubric: 2 });
  assert.equal(T.reflection.valid({ text: "", rubric: [] }, reflection), true);
  assert.equal(T.reflection.valid({ text: "mine", rubric: [1, 0] }, reflection), true);
  for (const bad of [{ text: 1, rubric: [] }, { text: "x", rubric: [2] }, { text: "x" }, { rubric: [] }, [0], "x", null]) {
    assert.equal(T.reflection.valid(bad, reflection), false, JSON.stringify(bad));
  }
  assert.equal(T.dialogue.valid({ alliance: ["bond"], alsi: [] }), true);
  for (const bad of [{}, [1, 2], "bond", { alliance: 5 }, null, { alliance: ["bond"], alsi: null }, { alliance: [1], alsi: [] }]) {
    assert.equal(T.dialogue.valid(bad), false, JSON.stringify(bad));
  }
});

test("pack and unpack: each type's suspend_data form round-trips, and anything malformed unpacks to null", () => {
  assert.equal(T.multiple.pack([0, 2, 11]), "02b");
  assert.deepEqual(plain(T.multiple.unpack("02b")), [0, 2, 11]);
  assert.deepEqual(plain(T.order.unpack(T.order.pack([3, 0, 2, 1]))), [3, 0, 2, 1]);
  assert.deepEqual(plain(T.reflection.pack({ text: "Hi", rubric: [0, 2] })), ["Hi", "02"]);
  assert.deepEqual(plain(T.reflection.unpack(["Hi", "02"])), { text: "Hi", rubric: [0, 2] });
  assert.deepEqual(plain(T.reflection.unpack(["", ""])), { text: "", rubric: [] });
  for (const bad of [null, 5, [0], {}, "0-1", "0 1", "A", "é"]) {
    assert.equal(T.single.unpack(bad), null, JSON.stringify(bad));
  }
  for (const bad of [null, "02", ["x"], ["x", 2], [1, "0"], { text: "x", rubric: "0" }, ["x", "0!"]]) {
    assert.equal(T.reflection.unpack(bad), null, JSON.stringify(bad));
  }
});

test("every question type names a widget, and can mark and check a response", () => {
  for (const [name, type] of Object.entries(T)) {
    assert.equal(typeof type.widget, "string", name);
    assert.equal(typeof type.valid, "function", name);
    assert.equal(typeof type.grade, "function", name);
  }
  // The quiz types also travel in SCORM's suspend_data.
  for (const name of ["single", "multiple", "next-response", "classify-turn", "alsi-step", "order", "reflection"]) {
    assert.equal(typeof T[name].pack, "function", name);
    assert.equal(typeof T[name].unpack, "function", name);
  }
});

test("a reflection's self-rating is not a score: its type is unscored, every other quiz type is scored", () => {
  assert.equal(T.reflection.unscored, true);
  for (const name of ["single", "multiple", "next-response", "classify-turn", "alsi-step", "order"]) {
    assert.equal(!!T[name].unscored, false, name);
  }
});
