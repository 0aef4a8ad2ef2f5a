// Opens views of the dashboard in real Chromium and prints, as one JSON line, what each shows: the headline
// numbers, the series table, every breakdown, the event names offered, the problem banner, and the CSV the
// channel breakdown exports. A screenshot of each view goes to --shots. The caller (e2e-tests'
// StackEndToEndIT) compares all of it with the API and with the dataset it loaded.
//
//   node test/dashboard.test.mjs --base=http://127.0.0.1:8080/dashboard/ --shots=DIR \
//     --views='[{"name":"all","query":"range=7d"}]' [--repeat=N] [--chromium=/usr/bin/chromium]
import { mkdirSync, readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split(/=(.*)/s).slice(0, 2)));
const views = JSON.parse(args.views);
mkdirSync(args.shots, { recursive: true });
const log = (...m) => console.error("[dashboard-test]", ...m);

const browser = await chromium.launch({
  executablePath: args.chromium || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const results = {};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US", acceptDownloads: true });
  const page = await context.newPage();
  page.on("console", (m) => log("page:", m.text()));
  page.on("pageerror", (e) => log("page error:", e.message));
  for (const view of views) {
    // --repeat=N loads the view N times (the benchmark's use); the last load is the one read
    const times = [];
    let loadedIn = 0;
    for (let run = 0; run < Number(args.repeat || 1); run++) {
      const started = Date.now();
      await page.goto(args.base + "?" + view.query);
      const interactive = Date.now() - started; // goto resolves at the load event: the controls work from here
      await page.waitForSelector("body[data-loaded]", { timeout: 30000 });
      loadedIn = Date.now() - started;
      times.push({ interactive_ms: interactive, all_data_ms: loadedIn });
    }
    await page.screenshot({ path: `${args.shots}/${view.name}.png`, fullPage: true });
    const shown = await page.evaluate(() => {
      const digits = (text) => (/\d/.test(text) ? Number(text.replace(/[^\d]/g, "")) : null);
      const rows = (table) =>
        table ? [...table.querySelectorAll("tbody tr")].map((tr) => [...tr.cells].map((c, i) => (i ? digits(c.textContent) : c.textContent))) : null;
      const breakdowns = {};
      for (const t of document.querySelectorAll("table.bars")) breakdowns[t.id.replace("breakdown-", "")] = rows(t);
      return {
        total: digits(document.getElementById("total").textContent),
        unique: digits(document.getElementById("unique").textContent),
        unique_text: document.getElementById("unique").textContent,
        total_change: document.getElementById("total-change").textContent,
        series: rows(document.getElementById("series")),
        bucket: document.getElementById("bucket").textContent,
        breakdowns,
        names: [...document.getElementById("event").options].map((o) => o.value),
        problem: document.getElementById("problem").hidden ? null : document.getElementById("problem").textContent,
        chart_drawn: !!document.querySelector("#series-chart canvas"),
      };
    });
    let csv = null;
    if (shown.breakdowns.channel?.length) {
      const [download] = await Promise.all([page.waitForEvent("download"), page.click('button[data-csv="breakdown-channel"]')]);
      csv = readFileSync(await download.path(), "utf8");
    }
    results[view.name] = { ...shown, csv, loaded_in_ms: loadedIn, runs: times };
    log(`${view.name}: loaded in ${loadedIn} ms, total ${shown.total}, problem ${shown.problem}`);
  }
  console.log(JSON.stringify(results));
} catch (error) {
  log(error.stack || String(error));
  process.exitCode = 1;
} finally {
  await browser.close();
}
