/* The SCORM adapter's suspend_data codec (hb.scorm in scorm.js, README "SCORM packages"): what it
 * writes comes back the same, it fits SCORM 1.2's 4,096 characters, and what an LMS hands back is
 * data: a crafted value never throws, never gives an answer the question cannot have, and never
 * sets a score (each answer is marked again by the page's key). */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./site.js");

const { hb } = load(["handbook.js", "scorm.js"]);
const AT = "2026-01-01T00:00:00.000Z";

const rule = (fields) => ({ options: 0, correct: [], items: 0, rubric: 0, readings: [], key: null, ...fields });
const QUESTIONS = [
  { id: "m/single", hash: "aaaaaa111111", rule: rule({ type: "single", options: 3, correct: [1] }) },
  { id: "m/multiple", hash: "bbbbbb222222", rule: rule({ type: "multiple", options: 4, correct: [0, 3] }) },
  { id: "m/order", hash: "cccccc333333", rule: rule({ type: "order", items: 4 }) },
  { id: "m/reflect", hash: "dddddd444444", rule: rule({ type: "reflection", rubric: 3 }) },
  {
    id: "m/code",
    hash: "eeeeee555555",
    rule: rule({ type: "classify-turn", options: 3, correct: [0], readings: [{ codes: [2], reason: "r" }], key: "bond" }),
  },
];
const ANSWERS = {
  "m/single": { hash: "aaaaaa111111", response: [1], score: 1, at: AT },
  "m/multiple": { hash: "bbbbbb222222", response: [0, 1], score: 0, at: AT },
  "m/order": { hash: "cccccc333333", response: [1, 0, 2, 3], score: 0.5, at: AT },
  "m/reflect": { hash: "dddddd444444", response: { text: 'She said "fine", then\nnothing.', rubric: [0, 2] }, score: 2 / 3, at: AT },
  "m/code": { hash: "eeeeee555555", response: [2], score: 1, at: AT },
};

test("encode writes the documented form: [1, then per question 0 or [hash prefix, response, score x 10,000]]", () => {
  const data = hb.scorm.encode(QUESTIONS, { "m/single": ANSWERS["m/single"], "m/reflect": ANSWERS["m/reflect"] });
  assert.deepEqual(JSON.parse(data), [1, ["aaaaaa", "1", 10000], 0, 0, ["dddddd", ['She said "fine", then\nnothing.', "02"], 6667], 0]);
});

test("decode gives back exactly what encode wrote, every type", () => {
  const data = hb.scorm.encode(QUESTIONS, ANSWERS);
  const back = hb.scorm.decode(data, QUESTIONS, AT);
  assert.equal(back.problem, "");
  const expected = JSON.parse(JSON.stringify(ANSWERS));
  expected["m/reflect"].score = 2 / 3;
  assert.deepEqual(plain(back.answers), expected);
});

test("an answer to a changed question is neither written nor taken back", () => {
  const changed = { ...ANSWERS, "m/single": { ...ANSWERS["m/single"], hash: "zzzzzz999999" } };
  assert.equal(JSON.parse(hb.scorm.encode(QUESTIONS, changed))[1], 0);
  const data = hb.scorm.encode(QUESTIONS, ANSWERS);
  const revised = QUESTIONS.map((q) => (q.id === "m/order" ? { ...q, hash: "ffffff000000" } : q));
  assert.deepEqual(Object.keys(hb.scorm.decode(data, revised, AT).answers).sort(), ["m/code", "m/multiple", "m/reflect", "m/single"]);
});

test("a reflection too long for SCORM 1.2 is shortened to fit, the other answers kept", () => {
  const text = "What matters most to you about it? ".repeat(200);
  const long = { ...ANSWERS, "m/reflect": { ...ANSWERS["m/reflect"], response: { text: text, rubric: [1] } } };
  const data = hb.scorm.encode(QUESTIONS, long);
  assert.ok(data.length <= hb.scorm.LIMIT && data.length > 4000, String(data.length));
  const back = plain(hb.scorm.decode(data, QUESTIONS, AT).answers);
  assert.ok(text.startsWith(back["m/reflect"].response.text));
  assert.deepEqual(back["m/single"], ANSWERS["m/single"]);
  // Characters JSON escapes (quotes, newlines) take more room than they count: still within the limit.
  const escaped = { "m/reflect": { ...ANSWERS["m/reflect"], response: { text: '"\n'.repeat(3000), rubric: [] } } };
  assert.ok(hb.scorm.encode(QUESTIONS, escaped).length <= hb.scorm.LIMIT);
});

test("a stored response the question cannot have is not written", () => {
  const bad = { "m/single": { ...ANSWERS["m/single"], response: [7] }, "m/reflect": { ...ANSWERS["m/reflect"], response: [0] } };
  assert.equal(hb.scorm.encode(QUESTIONS, bad), "[1,0,0,0,0,0]");
});

test("nothing kept yet (an empty suspend_data) is no answers and no problem", () => {
  assert.deepEqual(plain(hb.scorm.decode("", QUESTIONS, AT)), { answers: {}, problem: "" });
});

test("suspend_data that is not this package's gives no answers and says why", () => {
  for (const text of ["{", "not json", "[2]", "{}", "null", "1", '"[1]"', "[]", '["1"]']) {
    const back = hb.scorm.decode(text, QUESTIONS, AT);
    assert.deepEqual(plain(back.answers), {}, text);
    assert.notEqual(back.problem, "", text);
  }
});

test("crafted rows: never an answer the question cannot have, and the score is always the key's", () => {
  const crafted = [
    1,
    ["aaaaaa", "2", 10000], // single: a wrong option claiming full marks
    ["", "0", 10000], // an empty hash prefix matches no question
    ["cccccc", "0012", 10000], // order: not a permutation
    ["dddddd", ["x", "3"], 10000], // reflection: a rubric point the question does not have
    ["eeeeee", "2", -5], // coding: a defensible reading with a negative score
  ];
  const back = plain(hb.scorm.decode(JSON.stringify(crafted), QUESTIONS, AT));
  assert.equal(back.problem, "");
  assert.deepEqual(Object.keys(back.answers).sort(), ["m/code", "m/single"]);
  assert.equal(back.answers["m/single"].score, 0, "marked again: option 2 is wrong");
  assert.equal(back.answers["m/code"].score, 1, "marked again: the reading earns full credit");
});

test("hostile values in every position never throw and never give an answer", () => {
  const hostile = [
    null,
    true,
    0,
    -1,
    1e308,
    Number.NaN,
    "",
    "aaaaaa",
    "x".repeat(5000),
    [],
    {},
    [null],
    [[]],
    { 0: "aaaaaa", 1: "1", 2: 10000, length: 3 },
    ["aaaaaa"],
    ["aaaaaa", null, 1],
    ["aaaaaa", 1, 1],
    ["aaaaaa", ["1"], 1],
    ["aaaaaa", { toString: "1" }, 1],
    ["aaaaaa", "1".repeat(100), 1],
    ["AAAAAA", "1", 1],
    ["aaaaaa1", "1", 1],
    ["aaaaa", "1", 1],
    [["aaaaaa"], "1", 1],
    ["dddddd", [null, "0"], 1],
    ["dddddd", ["x", null], 1],
    ["dddddd", ["x", "00"], 1],
    ["__proto__", "1", 1],
  ];
  for (const value of hostile) {
    for (let position = 1; position <= QUESTIONS.length; position++) {
      const rows = [1, 0, 0, 0, 0, 0];
      rows[position] = value;
      const back = hb.scorm.decode(JSON.stringify(rows), QUESTIONS, AT);
      assert.deepEqual(plain(back.answers), {}, `${JSON.stringify(value)} at ${position}`);
    }
  }
});
