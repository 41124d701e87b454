/* For tests/test_learner_agreement.py: `node tests/js/kappa_cases.js FILE` prints agree.js's kappa
 * for each pair of label lists in FILE (JSON [[a, b], ...]) as a JSON list (null: not defined). */
const fs = require("node:fs");
const { load } = require("./site.js");

const { hb } = load(["handbook.js", "agree.js"]);
const cases = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
process.stdout.write(JSON.stringify(cases.map(([a, b]) => hb.agreement.kappa(a, b))));
