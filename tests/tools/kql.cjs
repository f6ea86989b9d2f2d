// Checks Kusto (KQL) queries offline with Microsoft's Kusto language
// service (npm `@kusto/language-service-next`, the Kusto.Language parser
// and binder compiled to JavaScript): each query is parsed and bound
// against the tables named in the input, so an unknown column, table or
// function, a type error or a syntax error is a finding.
//
// Input (the file named on the command line), JSON:
//   {"tables": {"<name>": "(<column>:<type>, ...)"},
//    "queries": [{"name": "...", "text": "..."}]}
// Prints one line per finding; exits 1 when there is any.
"use strict";
const { readFileSync } = require("node:fs");
require("@kusto/language-service-next/bridge.js");
require("@kusto/language-service-next/Kusto.Language.Bridge.js");

const K = globalThis.Kusto.Language;
const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const tables = Object.entries(input.tables).map(
  ([name, schema]) => new K.Symbols.TableSymbol.$ctor7(name, schema, null),
);
const globals = K.GlobalState.Default.WithDatabase(
  new K.Symbols.DatabaseSymbol.ctor("workspace", tables),
);

let findings = 0;
for (const { name, text } of input.queries) {
  const diagnostics = K.KustoCode.ParseAndAnalyze(text, globals).GetDiagnostics();
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    console.log(`${name}: ${d.Severity} at ${d.Start}: ${d.Message}`);
    findings++;
  }
}
console.log(`${input.queries.length} queries, ${findings} findings`);
process.exit(findings === 0 ? 0 : 1);
