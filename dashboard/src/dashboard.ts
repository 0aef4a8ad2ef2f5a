// The analyst's page: GET /events/metrics as headline numbers, a time series and breakdowns. Everything on it
// is what the API answers; the page keeps its state in the URL (a view can be linked) and a read key, when the
// API wants one, in this tab's session storage only.
import uPlot from "uplot";

interface Group {
  group_key: string;
  total_count: number;
  unique_user_count: number;
}

interface Metrics {
  from: string;
  to: string;
  total_count: number;
  unique_user_count: number;
  unique_users: string;
  grouped_metrics?: Group[];
  truncated?: boolean;
}

interface State {
  event: string;
  range: string;
  from: string;
  to: string;
  tz: string;
  channel: string;
  users: string;
}

class ApiProblem extends Error {
  constructor(readonly status: number, readonly title: string, readonly detail: string) {
    super(`${status} ${title}${detail ? ": " + detail : ""}`);
  }
}

const DIMENSIONS: [string, string][] = [
  ["channel", "Channel"],
  ["device_category", "Device category"],
  ["operating_system", "Operating system"],
  ["browser", "Browser"],
  ["app_version", "App version"],
  ["country", "Country"],
  ["region", "Region"],
];
const KEY = "event-stream-read-key";
const HOUR = 3600000;
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const number = new Intl.NumberFormat();
let key = sessionStorage.getItem(KEY) || "";
let running: AbortController | undefined;
let chart: uPlot | undefined;
const tables: Record<string, { file: string; head: string[]; rows: (string | number)[][] }> = {};

// ---- time in a zone, without a library: the zone's offset at an instant, from Intl

function offset(tz: string, at: number): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
      .formatToParts(new Date(at))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - Math.floor(at / 1000) * 1000;
}

/** "2024-03-31T02:30:00" on the wall clocks of `tz`, as an instant. */
function fromWall(wall: string, tz: string): number {
  const [d, t = "00:00:00"] = wall.split("T");
  const [y, m, day] = d.split("-").map(Number);
  const [h, min, s = 0] = t.split(":").map(Number);
  const guess = Date.UTC(y, m - 1, day, h, min, s);
  const first = guess - offset(tz, guess);
  return guess - offset(tz, first);
}

/** An instant as "2024-03-31T02:30:00" on the wall clocks of `tz`. */
function toWall(at: number, tz: string): string {
  return new Date(at + offset(tz, at)).toISOString().slice(0, 19);
}

function period(state: State): [number, number] {
  const now = Date.now();
  if (state.range === "custom" && state.from && state.to) return [Date.parse(state.from), Date.parse(state.to)];
  if (state.range === "today") return [fromWall(toWall(now, state.tz).slice(0, 10), state.tz), now];
  return [now - (state.range === "30d" ? 30 : 7) * 24 * HOUR, now];
}

// ---- state: the URL is the truth, the controls show it

function read(): State {
  const q = new URLSearchParams(location.search);
  return {
    event: q.get("event") || "",
    range: q.get("range") || "7d",
    from: q.get("from") || "",
    to: q.get("to") || "",
    tz: q.get("tz") || Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
    channel: q.get("channel") || "",
    users: q.get("users") || "exact",
  };
}

function show(state: State): void {
  const tz = $<HTMLSelectElement>("tz");
  if (!tz.options.length) {
    const zones = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") || [];
    for (const zone of new Set(["UTC", state.tz, ...zones])) tz.add(new Option(zone, zone));
  }
  for (const id of ["range", "tz", "channel", "users"] as const) $<HTMLSelectElement>(id).value = state[id];
  $("custom").hidden = state.range !== "custom";
  const [from, to] = period(state);
  $<HTMLInputElement>("from").value = toWall(from, state.tz);
  $<HTMLInputElement>("to").value = toWall(to, state.tz);
}

function change(): void {
  const state = read();
  const next: State = {
    event: $<HTMLSelectElement>("event").value,
    range: $<HTMLSelectElement>("range").value,
    tz: $<HTMLSelectElement>("tz").value,
    channel: $<HTMLSelectElement>("channel").value,
    users: $<HTMLSelectElement>("users").value,
    from: "",
    to: "",
  };
  if (next.range === "custom") {
    const [from, to] = period(state);
    const tz = next.tz;
    // the inputs are wall times in the zone shown
    next.from = new Date($<HTMLInputElement>("from").value ? fromWall($<HTMLInputElement>("from").value, tz) : from).toISOString();
    next.to = new Date($<HTMLInputElement>("to").value ? fromWall($<HTMLInputElement>("to").value, tz) : to).toISOString();
  }
  const q = new URLSearchParams(Object.entries(next).filter(([, v]) => v));
  history.replaceState(null, "", "?" + q);
  load();
}

// ---- the API

async function metrics(params: Record<string, string>, signal: AbortSignal): Promise<Metrics> {
  const response = await fetch("/events/metrics?" + new URLSearchParams(params), {
    headers: key ? { "X-API-Key": key } : {},
    signal,
  });
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (response.status === 401) $("key").hidden = false;
    // the API names each invalid parameter in `errors`: more useful than its summary
    const errors = (body?.errors || []).map((e: { parameter: string; message: string }) => `${e.parameter} ${e.message}`);
    throw new ApiProblem(response.status, body?.title || response.statusText, errors.length ? errors.join("; ") : body?.detail || "");
  }
  return body as Metrics;
}

// ---- rendering

function versus(current: number, previous: number): string {
  if (!previous) return current ? "new in this period" : "";
  const pct = ((current - previous) / previous) * 100;
  return `${pct >= 0 ? "+" : ""}${pct.toFixed(1)} % against the previous period (${number.format(previous)})`;
}

function table(id: string, file: string, head: string[], rows: (string | number)[][]): void {
  tables[id] = { file, head, rows };
  const el = $<HTMLTableElement>(id);
  el.replaceChildren();
  el.createTHead().insertRow().append(...head.map((h) => Object.assign(document.createElement("th"), { textContent: h })));
  const body = el.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.key = String(row[0]);
    for (const cell of row) tr.insertCell().textContent = typeof cell === "number" ? number.format(cell) : cell;
  }
}

function csv(id: string): void {
  const t = tables[id];
  if (!t) return;
  const quote = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const text = [t.head, ...t.rows].map((r) => r.map(quote).join(",")).join("\n") + "\n";
  const a = Object.assign(document.createElement("a"), { href: URL.createObjectURL(new Blob([text], { type: "text/csv" })), download: t.file });
  a.click();
  URL.revokeObjectURL(a.href);
}

function series(groups: Group[], hourly: boolean, tz: string): void {
  $("bucket").textContent = hourly ? `hourly, ${tz}` : `daily, ${tz}`;
  table("series", hourly ? "hourly.csv" : "daily.csv", ["time", "events", "unique users"], groups.map((g) => [g.group_key, g.total_count, g.unique_user_count]));
  const xs = groups.map((g) => (hourly ? Date.parse(g.group_key) : fromWall(g.group_key, tz)) / 1000);
  const data: uPlot.AlignedData = [xs, groups.map((g) => g.total_count), groups.map((g) => g.unique_user_count)];
  const el = $("series-chart");
  const width = Math.max(300, el.clientWidth || 800);
  if (chart) chart.destroy();
  chart = new uPlot(
    {
      width,
      height: 260,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), tz),
      scales: { x: { time: true }, users: { auto: true } },
      series: [
        {},
        { label: "Events", stroke: "#2563eb", fill: "rgba(37,99,235,0.08)", width: 2 },
        { label: "Unique users", stroke: "#db2777", width: 2, scale: "users" },
      ],
      axes: [{}, { label: "events" }, { side: 1, scale: "users", label: "users", grid: { show: false } }],
    },
    data,
    el,
  );
}

/** The breakdowns' cards, in a fixed order whichever answer comes first. */
function cards(): void {
  for (const [dimension, label] of DIMENSIONS) {
    if (document.getElementById(`card-${dimension}`)) continue;
    const card = Object.assign(document.createElement("section"), { className: "card", id: `card-${dimension}` });
    card.innerHTML = `<h2>${label}</h2><div class="tools"><button type="button" data-csv="breakdown-${dimension}">CSV</button></div>
      <table id="breakdown-${dimension}" data-testid="breakdown-${dimension}" class="bars"></table><p class="note"></p>`;
    $("breakdowns").append(card);
  }
}

function breakdown(dimension: string, label: string, answer: Metrics): void {
  const card = $(`card-${dimension}`);
  const groups = answer.grouped_metrics || [];
  table(`breakdown-${dimension}`, `${dimension}.csv`, [label, "events", "unique users"], groups.map((g) => [g.group_key, g.total_count, g.unique_user_count]));
  const max = Math.max(1, ...groups.map((g) => g.total_count));
  card.querySelectorAll<HTMLTableRowElement>("tbody tr").forEach((tr, i) => {
    (tr.cells[1] as HTMLElement).style.setProperty("--share", `${(groups[i].total_count / max) * 100}%`);
  });
  card.querySelector(".note")!.textContent = answer.truncated ? "Only the 20 largest are shown." : "";
}

// ---- one refresh: every request of the view at once, the last one wins

async function load(): Promise<void> {
  running?.abort();
  const controller = (running = new AbortController());
  const state = read();
  show(state);
  const [from, to] = period(state);
  const hourly = to - from <= 2 * 24 * HOUR;
  const base: Record<string, string> = { from: new Date(from).toISOString(), to: new Date(to).toISOString(), unique_users: state.users, tz: state.tz };
  if (state.event) base.event_name = state.event;
  if (state.channel) base.channel = state.channel;
  const length = to - from;
  const previous = { ...base, from: new Date(from - length - 1).toISOString(), to: new Date(from - 1).toISOString() };
  const requests: [string, Record<string, string>][] = [
    ["series", { ...base, group_by: hourly ? "hourly" : "daily" }],
    ["previous", previous],
    // the picker needs names, not exact users: the sketches answer it in milliseconds
    ["names", { from: base.from, to: base.to, group_by: "event_name", limit: "1000", unique_users: "approximate" }],
    ...DIMENSIONS.map(([d]) => [d, { ...base, group_by: d, limit: "20" }] as [string, Record<string, string>]),
  ];
  let done = 0;
  const progress = $("progress");
  progress.hidden = false;
  progress.textContent = `Loading 0 of ${requests.length} …`;
  document.body.classList.add("loading");
  $("problem").hidden = true;
  $("period").textContent = `${toWall(from, state.tz).replace("T", " ")} to ${toWall(to, state.tz).replace("T", " ")} (${state.tz})`;
  const answers: Record<string, Metrics> = {};
  const problems: string[] = [];
  cards();
  await Promise.all(
    requests.map(async ([name, params]) => {
      try {
        answers[name] = await metrics(params, controller.signal);
        if (controller !== running) return;
        render(name, answers[name], answers, state, hourly);
      } catch (error) {
        if ((error as Error).name !== "AbortError") problems.push((error as Error).message);
      } finally {
        progress.textContent = `Loading ${++done} of ${requests.length} …`;
      }
    }),
  );
  if (controller !== running) return;
  progress.hidden = true;
  document.body.classList.remove("loading");
  document.body.dataset.loaded = String(Date.now());
  if (problems.length) {
    const p = $("problem");
    const all = problems.length === requests.length;
    p.textContent = `The API refused ${all ? "this view" : `${problems.length} of its ${requests.length} requests`}: ` + [...new Set(problems)].join(" · ");
    p.hidden = false;
  }
}

function render(name: string, answer: Metrics, answers: Record<string, Metrics>, state: State, hourly: boolean): void {
  if (name === "series") {
    $("total").textContent = number.format(answer.total_count);
    $("unique").textContent = number.format(answer.unique_user_count) + (answer.unique_users === "approximate" ? " ≈" : "");
    series(answer.grouped_metrics || [], hourly, state.tz);
  }
  if (name === "names") {
    const select = $<HTMLSelectElement>("event");
    select.replaceChildren(new Option("All events", ""));
    const names = (answer.grouped_metrics || []).map((g) => g.group_key);
    if (state.event && !names.includes(state.event)) names.unshift(state.event);
    for (const n of names) select.add(new Option(n, n));
    select.value = state.event;
  }
  const current = answers.series;
  const previous = answers.previous;
  if (current && previous) {
    $("total-change").textContent = versus(current.total_count, previous.total_count);
    $("unique-change").textContent = versus(current.unique_user_count, previous.unique_user_count);
  }
  const dimension = DIMENSIONS.find(([d]) => d === name);
  if (dimension) breakdown(dimension[0], dimension[1], answer);
}

// ---- wiring

$("controls").addEventListener("change", change);
$("key").addEventListener("submit", (e) => {
  e.preventDefault();
  key = $<HTMLInputElement>("key-value").value.trim();
  sessionStorage.setItem(KEY, key);
  $("key").hidden = true;
  load();
});
document.addEventListener("click", (e) => {
  const target = e.target as HTMLElement;
  if (target.dataset.csv) csv(target.dataset.csv);
  if (target.dataset.table) {
    const t = $(target.dataset.table);
    t.hidden = !t.hidden;
  }
});
load();
