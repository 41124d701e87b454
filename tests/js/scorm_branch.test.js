/* The branching dialogue's suspend_data codec (hb.scorm.branch in scorm-branch.js, issue 21): what
 * it writes comes back the same and fits SCORM 1.2's 4,096 characters, a changed scenario starts
 * afresh, and what an LMS hands back is data: a crafted value never throws and never gives a path
 * that is not a list of option indexes (the page then follows it through its own graph). */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./site.js");

const { hb } = load(["handbook.js", "scorm.js", "scorm-branch.js"]);
const HASH = "a1b2c3d4e5";

test("encode writes the documented form: ['b', hash prefix, the path shown, the path scored]", () => {
  assert.deepEqual(JSON.parse(hb.scorm.branch.encode(HASH, [0, 2, 1], [0, 1])), ["b", "a1b2c3", "021", "01"]);
  assert.deepEqual(JSON.parse(hb.scorm.branch.encode(HASH, [], null)), ["b", "a1b2c3", "", ""]);
  // Base-36 digits: an option index up to 35 is one character.
  assert.deepEqual(JSON.parse(hb.scorm.branch.encode(HASH, [10, 35], null)), ["b", "a1b2c3", "az", ""]);
});

test("decode gives back what encode wrote; no scored path is null", () => {
  const back = hb.scorm.branch.decode(hb.scorm.branch.encode(HASH, [1, 0, 3], [1, 2]), HASH);
  assert.deepEqual(plain(back), { path: [1, 0, 3], scored: [1, 2], problem: "" });
  assert.deepEqual(plain(hb.scorm.branch.decode(hb.scorm.branch.encode(HASH, [1], null), HASH)), { path: [1], scored: null, problem: "" });
  assert.deepEqual(plain(hb.scorm.branch.decode("", HASH)), { path: [], scored: null, problem: "" });
});

test("the longest path a scenario can have fits SCORM 1.2's suspend_data", () => {
  const long = Array.from({ length: 200 }, (_, i) => i % 36);
  const data = hb.scorm.branch.encode(HASH, long, long);
  assert.ok(data.length <= hb.scorm.LIMIT, String(data.length));
  const back = hb.scorm.branch.decode(data, HASH);
  assert.equal(back.path.length, 64); // branch.js keeps no more choices than that
  assert.deepEqual(plain(back.path), long.slice(0, 64));
});

test("a path kept for another version of the scenario is dropped, without a problem to report", () => {
  const data = hb.scorm.branch.encode(HASH, [1, 1], [1, 1]);
  assert.deepEqual(plain(hb.scorm.branch.decode(data, "ffffff0000")), { path: [], scored: null, problem: "" });
});

test("what an LMS hands back is data: crafted values never throw and give no path", () => {
  const crafted = [
    "{not json",
    "[1]",
    '["b"]',
    '["b","a1b2c3",3,""]',
    '["b","a1b2c3","0-1",""]',
    '["b","a1b2c3","01",null]',
    '["b","a1b2c3","01","A"]',
    `["b","a1b2c3","${"0".repeat(65)}",""]`,
    '{"0":"b"}',
    "null",
    '["x","a1b2c3","01",""]',
  ];
  for (const text of crafted) {
    const back = hb.scorm.branch.decode(text, HASH);
    assert.deepEqual(plain(back.path), [], text);
    assert.equal(back.scored, null, text);
    assert.ok(back.problem.startsWith("cmi.suspend_data is not"), text);
  }
});
