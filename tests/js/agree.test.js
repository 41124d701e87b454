/* hb.agreement (agree.js): Cohen's kappa and the practise-mode agreement summary. Kappa is also
 * checked against scikit-learn's cohen_kappa_score by tests/test_learner_agreement.py. */
const test = require("node:test");
const assert = require("node:assert/strict");
const { load, plain } = require("./site.js");

const { hb } = load(["handbook.js", "agree.js"]);
const close = (actual, expected) => assert.ok(Math.abs(actual - expected) < 1e-12, `${actual} is not ${expected}`);

test("kappa: full agreement is 1, chance-level agreement 0, systematic disagreement below 0", () => {
  close(hb.agreement.kappa(["a", "b", "a", "b"], ["a", "b", "a", "b"]), 1);
  // Each coder says yes half the time, independently: agreeing on half the items is chance.
  close(hb.agreement.kappa(["y", "y", "n", "n"], ["y", "n", "y", "n"]), 0);
  close(hb.agreement.kappa(["y", "n", "y", "n"], ["n", "y", "n", "y"]), -1);
  // Worked by hand: po = 0.8; pe = 0.6 * 0.4 + 0.4 * 0.6 = 0.48; (0.8 - 0.48) / 0.52.
  close(hb.agreement.kappa([true, true, true, false, false], [true, true, false, false, false]), (0.8 - 0.48) / 0.52);
});

test("kappa: not defined (null) when both coders give every item the one same label, or there are no items", () => {
  assert.equal(hb.agreement.kappa([true, true, true], [true, true, true]), null);
  assert.equal(hb.agreement.kappa([], []), null);
  assert.equal(hb.agreement.kappa(["a"], ["a", "b"]), null);
  // Each coder constant but different: chance agreement is 0 and so is the observed agreement.
  close(hb.agreement.kappa(["a", "a"], ["b", "b"]), 0);
});

const turn = (n, key, given) => ({ n: n, key: key, given: given });
const codes = (alliance, alsi, effect) => ({ alliance: alliance, alsi: alsi, effect: effect });

test("summarise: exact agreement per turn, each code's agreement and the turns coded differently", () => {
  const summary = plain(
    hb.agreement.summarise([
      turn(2, codes(["bond"], ["ask"], ["builds"]), codes(["bond"], ["ask"], ["builds"])),
      turn(4, codes(["task"], [], ["strains"]), codes(["task", "bond"], [], ["builds"])),
      turn(6, codes(["bond", "goal"], ["listen"], ["builds"]), codes(["bond", "goal"], ["listen"], [])),
    ]),
  );
  assert.equal(summary.turns, 3);
  assert.equal(summary.exact, 2, "turn 6 counts as exact: its effect was not given");
  const row = (code) => summary.rows.find((r) => r.code === code);
  assert.deepEqual(
    summary.rows.map((r) => r.code),
    ["bond", "task", "goal", "ask", "listen", "summarise", "invite", "effect"],
  );
  assert.deepEqual(row("bond").differ, [4]);
  close(row("bond").agree, 2 / 3);
  // bond: key [y, n, y], given [y, y, y]: po = 2/3, pe = 2/3 * 1 + 1/3 * 0 = 2/3, kappa 0.
  close(row("bond").kappa, 0);
  assert.deepEqual(row("task").differ, []);
  close(row("task").kappa, 1);
  assert.equal(row("invite").kappa, null, "never coded by either: not defined");
  assert.equal(row("effect").n, 2, "the effect over the turns whose effect was given");
  assert.deepEqual(row("effect").differ, [4]);
});

test("summarise: no effect row when no effect was given (codings saved before it was asked)", () => {
  const summary = plain(hb.agreement.summarise([turn(1, codes(["bond"], [], ["builds"]), { alliance: ["bond"], alsi: [] })]));
  assert.deepEqual(
    summary.rows.map((r) => r.code),
    ["bond", "task", "goal", "ask", "listen", "summarise", "invite"],
  );
  assert.equal(summary.exact, 1);
});
