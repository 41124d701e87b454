// Parse GIFT files with gift-pegjs (the GIFT grammar used by GIFT editors and converters) and print
// {"<file>": [questions…]} or {"<file>": {"error": "…"}} as JSON, for tests/test_qbank_tools.py.
// Usage: node tests/tools/parse_gift.mjs <gift-pegjs package dir> <file.gift>…
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const [packageDir, ...files] = process.argv.slice(2);
const require = createRequire(join(resolve(packageDir), "package.json"));
const { parse } = require(resolve(packageDir));

const out = {};
for (const file of files) {
  try {
    out[file] = parse(readFileSync(file, "utf8"));
  } catch (e) {
    const where = e.location ? `${e.location.start.line}:${e.location.start.column}: ` : "";
    out[file] = { error: where + e.message };
  }
}
process.stdout.write(JSON.stringify(out));
