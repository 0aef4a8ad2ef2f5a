// The browser SDK in real Chromium against a real stack: a page on its own origin loads
// dist/event-stream.min.js and sends events through the API (a public write key limited to that
// origin, in the query string); the page goes offline and back, keeps its queue across a reload
// while the API is unreachable, and is closed with events still queued. It prints one JSON line:
// the event name it used and every id it tracked, for the caller (e2e-tests' SdkEndToEndIT) to find
// each exactly once in /events/metrics. It asserts what the page itself can see, and exits 1 on a
// failure.
//
//   node test/browser.test.mjs --endpoint=http://127.0.0.1:8080 --write-key=KEY --page-port=PORT \
//     --event-name=NAME [--chromium=/usr/bin/chromium]
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split(/=(.*)/s).slice(0, 2)));
const { endpoint, "write-key": writeKey, "page-port": pagePort, "event-name": eventName } = args;
const sdk = readFileSync(new URL("../dist/event-stream.min.js", import.meta.url));
const log = (...m) => console.error("[browser-test]", ...m);

function check(condition, message) {
  if (!condition) {
    throw new Error("failed: " + message);
  }
}

const page = `<!doctype html><title>SDK test</title><script src="/event-stream.min.js"></script>
<script>
  const options = JSON.parse(new URLSearchParams(location.search).get("options"));
  window.client = EventStream.init(options);
</script>`;
const server = createServer((req, res) => {
  if (req.url.startsWith("/event-stream.min.js")) {
    res.writeHead(200, { "Content-Type": "text/javascript" }).end(sdk);
  } else {
    res.writeHead(200, { "Content-Type": "text/html" }).end(page);
  }
});
await new Promise((resolve) => server.listen(Number(pagePort), "127.0.0.1", resolve));

const browser = await chromium.launch({
  executablePath: args.chromium || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const ids = [];
const pageUrl = (options) =>
  `http://127.0.0.1:${pagePort}/?options=${encodeURIComponent(JSON.stringify({ endpoint, writeKey, ...options }))}`;
const track = (tab, n, tag) =>
  tab.evaluate(([name, n, tag]) => Array.from({ length: n }, (_, i) => client.track(name, { step: tag, n: i })),
    [eventName, n, tag]);
const pending = (tab) => tab.evaluate(() => client.pending);
async function until(what, predicate, ms = 30000) {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    check(Date.now() < deadline, what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

try {
  const context = await browser.newContext();
  let tab = await context.newPage();
  tab.on("console", (m) => log("page:", m.text()));

  // 1. online: batches by count and by time
  await tab.goto(pageUrl({ flushAt: 5, flushInterval: 300 }));
  ids.push(...(await track(tab, 12, "online")));
  await until("the online events were sent", async () => (await pending(tab)) === 0);
  log("online: 12 sent");

  // 2. offline and back: nothing is lost while the network is down
  await context.setOffline(true);
  ids.push(...(await track(tab, 9, "offline")));
  await new Promise((r) => setTimeout(r, 1500));
  check((await pending(tab)) === 9, "offline, the 9 events wait in the queue");
  await context.setOffline(false);
  await until("the offline events were sent once back online", async () => (await pending(tab)) === 0);
  log("offline and back: 9 sent");

  // 3. the API unreachable, the page reloaded: the queue survives in localStorage and leaves
  //    from the next page (beacons of the closing page are refused too)
  await context.route("**/events/batch**", (route) => route.abort());
  ids.push(...(await track(tab, 6, "reload")));
  await new Promise((r) => setTimeout(r, 800));
  check((await pending(tab)) === 6, "with the API unreachable, the 6 events wait");
  await tab.goto("about:blank");
  await context.unroute("**/events/batch**");
  await tab.goto(pageUrl({ flushAt: 5, flushInterval: 300 }));
  await until("the reloaded page sent what the last one left", async () => (await pending(tab)) === 0);
  log("reload: 6 sent by the next page");

  // 4. closed with events queued (no batch due for an hour): they leave by sendBeacon
  await tab.goto(pageUrl({ flushAt: 500, flushInterval: 3600000 }));
  ids.push(...(await track(tab, 7, "closed")));
  check((await pending(tab)) === 7, "7 events wait when the page closes");
  await tab.close({ runBeforeUnload: true });
  log("closed with 7 queued");
  // give the beacon time to leave before the browser goes
  await new Promise((r) => setTimeout(r, 2000));
  await context.close();
  check(new Set(ids).size === ids.length, "every tracked event has its own id");
  // version 7: the first 48 bits are the millisecond it was made, so ids sort by time
  const since = Date.now() - 600000;
  check(
    ids.every((id) => id[14] === "7" && parseInt(id.slice(0, 8) + id.slice(9, 13), 16) >= since),
    "every id is a version 7 UUID of the last ten minutes",
  );
  console.log(JSON.stringify({ event_name: eventName, ids }));
} catch (error) {
  log(error.stack || String(error));
  process.exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
