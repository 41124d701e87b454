/* Scores answers the way the site and the SCORM packages do, for tests/test_credit.py: reads
 * [{type, rule, hash, answers: [response, ...]}] as JSON on stdin, writes
 * [{site: [score, ...], scorm: [score, ...]}]. "site" is hb.types[type].grade (quiz.js and the
 * progress page save it); "scorm" is the score scorm.js keeps for the answer after its
 * suspend_data round trip (encode, then decode, which marks it again). Not a test file itself. */
const fs = require("node:fs");
const { load } = require("./site.js");

const { hb } = load(["handbook.js", "scorm.js"]);
const questions = JSON.parse(fs.readFileSync(0, "utf8"));
const out = questions.map((q) => {
  const type = hb.types[q.type];
  const one = [{ id: "m/q", hash: q.hash, rule: { ...q.rule, type: q.type } }];
  return {
    site: q.answers.map((response) => type.grade(response, one[0].rule).score),
    scorm: q.answers.map((response) => {
      const answers = { "m/q": { hash: q.hash, response: response, score: 0, at: "" } };
      const back = hb.scorm.decode(hb.scorm.encode(one, answers), one, "").answers["m/q"];
      return back ? back.score : null;
    }),
  };
});
process.stdout.write(JSON.stringify(out));
