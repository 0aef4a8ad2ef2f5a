/**
 * Event Stream's browser SDK. GA4-style events go to POST /events/batch: batched by count and time,
 * each with a client id made once, so that a retry, a resend after a reload or a beacon that did
 * arrive after all is counted once by the server. No runtime dependencies.
 */

export type ParamValue = string | number | boolean;

export interface Options {
  /** Where the API is, e.g. "https://events.example.com" (the front door). */
  endpoint: string;
  /** A public write key (one limited to your site's origins); omit where anonymous access is on. */
  writeKey?: string;
  /** Send when this many events wait (default 20; at most 500). */
  flushAt?: number;
  /** Send what waits at least this often, in ms (default 5,000). */
  flushInterval?: number;
  /** Events kept while the API cannot be reached; the oldest go first (default 1,000). */
  maxQueue?: number;
  /** "local" keeps the queue and the pseudo id in localStorage; "none" keeps nothing (default "local"). */
  storage?: "local" | "none";
  /** Send a page_view at init and on each history navigation (default false). */
  autoPageView?: boolean;
  /** The longest wait between retries, in ms (default 60,000). */
  maxRetryDelay?: number;
  /** Called with what the API refused for good (invalid events are dropped, never retried). */
  onError?: (problem: unknown) => void;
}

interface Param {
  key: string;
  string_value?: string;
  number_value?: number;
  boolean_value?: boolean;
}

/** An event as the API takes it (a subset of its fields: what a browser knows). */
export interface WireEvent {
  id: string;
  name: string;
  channel_type: "web";
  timestamp: number;
  user_id?: string;
  user_pseudo_id?: string;
  event_params?: Param[];
  device?: Record<string, string>;
  sent_at?: string;
}

const PREFIX = "event_stream:";
const BEACON_BYTES = 60000;

// A random UUID, version 4; or, with `time`, version 7: the first 48 bits are that Unix millisecond, so event ids
// sort by the time they were made and the server's "is this id stored?" lookup reads only its newest data.
// Pseudo ids stay version 4: they must not tell when a device was first seen.
function uuid(time?: number): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  let version = 64;
  if (time !== undefined) {
    for (let i = 5; i >= 0; i--, time = Math.floor(time / 256)) b[i] = time % 256;
    version = 112;
  }
  b[6] = (b[6] & 15) | version;
  b[8] = (b[8] & 63) | 128;
  const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function params(values?: Record<string, ParamValue | null | undefined>): Param[] | undefined {
  const list: Param[] = [];
  for (const key in values) {
    const v = values[key];
    if (typeof v === "string") list.push({ key, string_value: v });
    else if (typeof v === "number" && isFinite(v)) list.push({ key, number_value: v });
    else if (typeof v === "boolean") list.push({ key, boolean_value: v });
  }
  return list.length ? list : undefined;
}

/** What the browser says of itself, in the schema's device fields. */
function device(): Record<string, string> {
  const ua = navigator.userAgent;
  const browser = /(Edg|OPR|Firefox|Chrome|Safari)\/([\d.]+)/.exec(ua);
  const os = /(Windows|Android|iPhone OS|Mac OS X|CrOS|Linux)/.exec(ua);
  const d: Record<string, string> = {
    category: /Mobi|Android|iPhone/.test(ua) ? "mobile" : /iPad|Tablet/.test(ua) ? "tablet" : "desktop",
    language: navigator.language,
    hostname: location.hostname,
  };
  if (browser) {
    d.browser_name = ({ Edg: "Edge", OPR: "Opera" } as Record<string, string>)[browser[1]] || browser[1];
    d.browser_version = browser[2];
  }
  if (os) d.operating_system = ({ "iPhone OS": "iOS", "Mac OS X": "macOS", CrOS: "ChromeOS" } as Record<string, string>)[os[1]] || os[1];
  for (const k in d) if (!d[k]) delete d[k];
  return d;
}

/** localStorage when allowed and present; a no-op otherwise (private modes may throw). */
class Store {
  constructor(private readonly on: boolean) {}
  get<T>(key: string): T | undefined {
    try {
      const v = this.on ? localStorage.getItem(PREFIX + key) : null;
      return v ? (JSON.parse(v) as T) : undefined;
    } catch {
      return undefined;
    }
  }
  set(key: string, value: unknown): void {
    try {
      if (this.on) localStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch {
      // full or forbidden: the queue still lives in memory
    }
  }
  remove(key: string): void {
    try {
      if (this.on) localStorage.removeItem(PREFIX + key);
    } catch {
      // as above
    }
  }
}

export class Client {
  private readonly o: Required<Omit<Options, "writeKey" | "onError">> & Pick<Options, "writeKey" | "onError">;
  private readonly store: Store;
  /** What the browser says of itself does not change while the page lives. */
  private readonly device = device();
  private queue: WireEvent[];
  private userId?: string;
  private pseudoId: string;
  private timer?: ReturnType<typeof setTimeout>;
  private draining?: Promise<void>;
  private failures = 0;
  private notBefore = 0;
  /** Events dropped because the queue was full. */
  dropped = 0;

  constructor(options: Options) {
    this.o = {
      flushAt: 20,
      flushInterval: 5000,
      maxQueue: 1000,
      storage: "local",
      autoPageView: false,
      maxRetryDelay: 60000,
      ...options,
      endpoint: options.endpoint.replace(/\/+$/, ""),
    };
    this.o.flushAt = Math.min(Math.max(1, this.o.flushAt), 500);
    this.store = new Store(this.o.storage === "local");
    // what a closed page left (sent by beacon or not: the ids make a second arrival harmless)
    this.queue = (this.store.get<WireEvent[]>("queue") || []).concat(this.store.get<WireEvent[]>("beaconed") || []);
    this.store.remove("beaconed");
    this.pseudoId = this.store.get<string>("pseudo_id") || uuid();
    this.store.set("pseudo_id", this.pseudoId);
    this.userId = this.store.get<string>("user_id");
    addEventListener("visibilitychange", () => document.visibilityState === "hidden" && this.beacon());
    addEventListener("pagehide", () => this.beacon());
    addEventListener("online", () => {
      this.notBefore = 0;
      this.schedule(0);
    });
    if (this.o.autoPageView) {
      this.page();
      const push = history.pushState;
      history.pushState = (...args: Parameters<History["pushState"]>) => {
        push.apply(history, args);
        this.page();
      };
      addEventListener("popstate", () => this.page());
    }
    this.schedule(this.queue.length ? 0 : this.o.flushInterval);
  }

  /** Queues an event; it leaves with the next batch. Returns its id. */
  track(name: string, values?: Record<string, ParamValue | null | undefined>): string {
    const event: WireEvent = {
      id: uuid(Date.now()),
      name,
      channel_type: "web",
      timestamp: Date.now() * 1000,
      user_pseudo_id: this.pseudoId,
      device: this.device,
    };
    if (this.userId) event.user_id = this.userId;
    const p = params(values);
    if (p) event.event_params = p;
    this.queue.push(event);
    if (this.queue.length > this.o.maxQueue) this.dropped += this.queue.splice(0, this.queue.length - this.o.maxQueue).length;
    this.save();
    if (this.queue.length >= this.o.flushAt) this.schedule(0);
    return event.id;
  }

  /** A page_view with the page's title, location and referrer. */
  page(values?: Record<string, ParamValue>): string {
    return this.track("page_view", { page_title: document.title, page_location: location.href, page_referrer: document.referrer, ...values });
  }

  /** Events from now on carry this user id. */
  identify(userId: string): void {
    this.userId = userId;
    this.store.set("user_id", userId);
  }

  /** Forgets the user: no user id, a new pseudo id (at logout). */
  reset(): void {
    this.userId = undefined;
    this.store.remove("user_id");
    this.pseudoId = uuid();
    this.store.set("pseudo_id", this.pseudoId);
  }

  /** Sends what waits now (retries keep their pace). Resolves when the queue is empty or sending must wait. */
  flush(): Promise<void> {
    return (this.draining ||= this.drain().finally(() => (this.draining = undefined)));
  }

  private async drain(): Promise<void> {
    while (this.queue.length && Date.now() >= this.notBefore && (await this.send()));
  }

  /** Events waiting to be sent. */
  get pending(): number {
    return this.queue.length;
  }

  private save(): void {
    this.store.set("queue", this.queue);
  }

  private url(): string {
    return this.o.endpoint + "/events/batch" + (this.o.writeKey ? "?write_key=" + encodeURIComponent(this.o.writeKey) : "");
  }

  private body(events: WireEvent[]): string {
    const sentAt = new Date().toISOString();
    return JSON.stringify({ events: events.map((e) => ({ ...e, sent_at: sentAt })) });
  }

  /** The next drain: after `delay`, and never before a retry is due. */
  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(async () => {
      await this.flush();
      this.schedule(this.queue.length ? 0 : this.o.flushInterval);
    }, Math.max(delay, this.notBefore - Date.now()));
  }

  /** One batch. True when it left the queue (sent, or refused for good); false to wait and retry. */
  private async send(count = this.o.flushAt): Promise<boolean> {
    if (navigator.onLine === false) {
      this.notBefore = Date.now() + this.o.maxRetryDelay; // until the "online" event
      return false;
    }
    const batch = this.queue.slice(0, count);
    let status = 0;
    let retryAfter = 0;
    let answer: unknown;
    try {
      // text/plain: a "simple" request, no CORS preflight; the API reads it as JSON
      const response = await fetch(this.url(), { method: "POST", body: this.body(batch), headers: { "Content-Type": "text/plain" }, keepalive: true });
      status = response.status;
      retryAfter = Number(response.headers.get("Retry-After")) || 0;
      answer = await response.json().catch(() => undefined);
    } catch {
      status = 0; // offline, refused, or CORS: try again later
    }
    if (status === 413 && batch.length > 1) return this.send(Math.ceil(batch.length / 2));
    if (status && status < 500 && status !== 408 && status !== 429) {
      // accepted, or refused for good (invalid events, a wrong key): either way, not again
      if (status >= 400 || (answer as { rejected?: unknown[] })?.rejected) this.o.onError?.(answer);
      const sent = new Set(batch.map((e) => e.id));
      this.queue = this.queue.filter((e) => !sent.has(e.id));
      this.save();
      this.failures = 0;
      return true;
    }
    this.failures++;
    const backOff = Math.min(this.o.maxRetryDelay, 1000 * 2 ** Math.min(this.failures - 1, 16)) * (0.5 + Math.random() / 2);
    this.notBefore = Date.now() + Math.max(backOff, retryAfter * 1000);
    return false;
  }

  /**
   * The page is hidden or going away: the queue leaves by sendBeacon, which outlives the page, in
   * pieces under the browser's 64 KB allowance. What it took is kept aside and sent again at the
   * next load, should the beacon have been lost (the ids make a second arrival harmless).
   */
  private beacon(): void {
    if (!this.queue.length || !navigator.sendBeacon) return;
    const left: WireEvent[] = [];
    const sent: WireEvent[] = [];
    let piece: WireEvent[] = [];
    let size = 0;
    const go = () => {
      if (!piece.length) return;
      (navigator.sendBeacon(this.url(), new Blob([this.body(piece)], { type: "text/plain" })) ? sent : left).push(...piece);
      piece = [];
      size = 0;
    };
    for (const e of this.queue) {
      const length = JSON.stringify(e).length + 40; // and its sent_at
      if (size + length > BEACON_BYTES) go();
      piece.push(e);
      size += length;
    }
    go();
    this.queue = left;
    this.save();
    this.store.set("beaconed", (this.store.get<WireEvent[]>("beaconed") || []).concat(sent).slice(-this.o.maxQueue));
  }
}

let instance: Client | undefined;

/** Starts the SDK (once; a second call returns the same client). */
export function init(options: Options): Client {
  return (instance ||= new Client(options));
}

function client(): Client {
  if (!instance) throw new Error("EventStream.init({endpoint, writeKey}) first");
  return instance;
}

export const track = (name: string, values?: Record<string, ParamValue | null | undefined>) => client().track(name, values);
export const page = (values?: Record<string, ParamValue>) => client().page(values);
export const identify = (userId: string) => client().identify(userId);
export const reset = () => client().reset();
export const flush = () => client().flush();
