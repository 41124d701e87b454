/* Loads the site's own scripts (generator/static/) for node's test runner, as a page does: classic
 * scripts sharing one global, handbook.js first. Node has no `document`, so nothing starts: the
 * tests call the namespace's plain functions. */
const path = require("node:path");
const fs = require("node:fs");
const vm = require("node:vm");

const STATIC = path.join(__dirname, "..", "..", "generator", "static");

/** A fresh global with the named scripts run in it, in order; `globals` are added first (a fake
 * localStorage, document, console...). Returns the global (its `hb` is the namespace). */
function load(names, globals) {
  // Descriptors, not values: a getter that throws stands for a blocked localStorage, as in a browser.
  const context = vm.createContext(Object.defineProperties({ URL, console }, Object.getOwnPropertyDescriptors(globals || {})));
  context.globalThis = context;
  for (const name of names) {
    const file = path.join(STATIC, name);
    vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
  }
  return context;
}

/** A localStorage stand-in: a Map behind getItem/setItem; `full` (a property, which a test may
 * change) makes setItem throw (quota). */
function storage(entries, full) {
  const items = new Map(Object.entries(entries || {}));
  const store = {
    items,
    full: !!full,
    getItem: (k) => (items.has(k) ? items.get(k) : null),
    setItem: (k, v) => {
      if (store.full) {
        throw new Error("QuotaExceededError");
      }
      items.set(k, String(v));
    },
  };
  return store;
}

/** A console that keeps what is said, to assert on warnings. */
function quietConsole() {
  const said = [];
  const keep =
    (level) =>
    (...args) =>
      said.push([level, args.map(String).join(" ")]);
  return { said, log: keep("log"), info: keep("info"), warn: keep("warn"), error: keep("error") };
}

/** A value from the scripts' global as a plain value of the test's own (objects from another vm
 * context have other prototypes, which assert.deepStrictEqual tells apart). */
const plain = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

module.exports = { load, storage, quietConsole, plain, STATIC };
