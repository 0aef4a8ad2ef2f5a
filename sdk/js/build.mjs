// Builds dist/event-stream.mjs (an ES module) and dist/event-stream.min.js (a script tag's global
// EventStream), and fails when the script-tag build is over its size budget, gzipped.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

const BUDGET = 5 * 1024;
const common = { entryPoints: ["src/index.ts"], bundle: true, minify: true, target: "es2020", legalComments: "none" };
await build({ ...common, format: "esm", outfile: "dist/event-stream.mjs" });
await build({ ...common, format: "iife", globalName: "EventStream", outfile: "dist/event-stream.min.js" });
const size = gzipSync(readFileSync("dist/event-stream.min.js"), { level: 9 }).length;
console.log(`dist/event-stream.min.js: ${size} bytes gzipped (budget ${BUDGET})`);
if (size > BUDGET) {
  console.error(`over the ${BUDGET}-byte budget`);
  process.exit(1);
}
