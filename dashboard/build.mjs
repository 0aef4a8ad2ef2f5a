// Bundles the page into target/classes/static/dashboard/ (so metrics-api's jar carries it): index.html,
// dashboard.js (the page and uPlot, minified) and dashboard.css (the page's and uPlot's). No CDN, no Node at run time.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

const out = process.argv[2] || "target/classes/static/dashboard";
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ["src/dashboard.ts"], bundle: true, minify: true, format: "iife", target: "es2020",
  outfile: `${out}/dashboard.js`, legalComments: "linked",
});
writeFileSync(`${out}/dashboard.css`,
  readFileSync("node_modules/uplot/dist/uPlot.min.css", "utf8") + "\n" + readFileSync("src/dashboard.css", "utf8"));
copyFileSync("src/index.html", `${out}/index.html`);
console.log(`dashboard built into ${out}`);
