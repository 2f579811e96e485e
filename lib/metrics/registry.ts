// Vigil's metrics (docs/deployment.md "Metrics"): counters, gauges and histograms in one registry, served by
// /metrics in the Prometheus text exposition format 0.0.4. Server and benchmark code only; no dependency.
//
//   import { metrics } from "@/lib/metrics/registry";
//   const hits = metrics.counter({ name: "vigil_view_cache_hits_total", help: "...", labelNames: ["view"] });
//   hits.inc({ view: "overview" });
//   const lag = metrics.gauge({ name: "vigil_informer_lag_seconds", help: "...", labelNames: ["kind"],
//     collect: (g) => { for (const k of kinds) g.set({ kind: k.name }, k.lagSeconds()); } });
//   const took = metrics.histogram({ name: "vigil_engine_duration_seconds", help: "...", labelNames: ["view"] });
//   const stop = took.startTimer({ view: "network" }); ...; stop();
//
// Registering a name again returns the metric already registered (modules may be evaluated twice by Next.js's
// server layers, or again in development); the same name with another type or other labels is an error.
// Label values are free text but each metric keeps at most `maxSeries` label sets (default 200), so a label
// fed from a request can never grow memory without bound: further sets are dropped and counted in
// vigil_metrics_series_dropped_total.

export type Labels = Readonly<Record<string, string>>;

interface MetricOptions {
  /** [a-zA-Z_:][a-zA-Z0-9_:]*; counters end in `_total`, durations in `_seconds`. */
  name: string;
  help: string;
  labelNames?: readonly string[];
  maxSeries?: number;
}

interface CounterOptions extends MetricOptions {
  /** Called at each scrape before rendering: for counts kept elsewhere (`set` them here). */
  collect?: (counter: Counter) => void;
}

interface GaugeOptions extends MetricOptions {
  /** Called at each scrape before rendering: for values read then (a snapshot's age, an informer's lag). */
  collect?: (gauge: Gauge) => void;
}

interface HistogramOptions extends MetricOptions {
  /** Upper bounds, ascending; +Inf is added. Default: DURATION_BUCKETS. */
  buckets?: readonly number[];
}

/** Seconds, from 5 ms to 60 s: page renders, API reads, engine runs. */
export const DURATION_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const DEFAULT_MAX_SERIES = 200;

/** A sample value as the text format writes it (Go's ParseFloat reads all of these back). */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

/** HELP text: backslash and line feed escaped. */
export function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** A label value: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function renderLabels(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const pairs = names.map((n, i) => `${n}="${escapeLabelValue(values[i] ?? "")}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return pairs.length > 0 ? `{${pairs.join(",")}}` : "";
}

type Kind = "counter" | "gauge" | "histogram";

abstract class Metric<S> {
  readonly labelNames: readonly string[];
  protected readonly series = new Map<string, { values: string[]; state: S }>();
  private readonly maxSeries: number;

  constructor(
    readonly kind: Kind,
    readonly options: MetricOptions,
    private readonly onDrop: () => void,
  ) {
    if (!METRIC_NAME.test(options.name)) throw new Error(`metric name "${options.name}" is not valid`);
    this.labelNames = options.labelNames ?? [];
    for (const l of this.labelNames) {
      if (!LABEL_NAME.test(l) || l.startsWith("__") || l === "le") {
        throw new Error(`label name "${l}" of ${options.name} is not valid`);
      }
    }
    if (new Set(this.labelNames).size !== this.labelNames.length) {
      throw new Error(`${options.name} repeats a label name`);
    }
    this.maxSeries = options.maxSeries ?? DEFAULT_MAX_SERIES;
  }

  /** A metric without labels has its one series from the start (a zero is an answer; no line is none). */
  protected initUnlabelled(): void {
    if (this.labelNames.length === 0) this.at(undefined);
  }

  protected abstract initial(): S;

  /**
   * The state of one label set, created on first use unless `create` is false; undefined when it does not exist
   * and cannot be created (the metric already has maxSeries).
   */
  protected at(labels: Labels | undefined, create = true): S | undefined {
    const given = labels ?? {};
    const values = this.labelNames.map((n) => {
      const v = given[n];
      if (v === undefined) throw new Error(`${this.options.name} needs the label "${n}"`);
      return v;
    });
    for (const n of Object.keys(given)) {
      if (!this.labelNames.includes(n)) throw new Error(`${this.options.name} has no label "${n}"`);
    }
    const key = JSON.stringify(values);
    let entry = this.series.get(key);
    if (!entry) {
      if (!create) return undefined;
      if (this.series.size >= this.maxSeries) {
        this.onDrop();
        return undefined;
      }
      entry = { values, state: this.initial() };
      this.series.set(key, entry);
    }
    return entry.state;
  }

  /** Forgets every label set (a gauge's `collect` that rewrites all of them starts with this). */
  reset(): void {
    this.series.clear();
  }

  collect(): void {}

  protected abstract renderSeries(values: readonly string[], state: S): string[];

  render(): string {
    this.collect();
    const lines = [`# HELP ${this.options.name} ${escapeHelp(this.options.help)}`];
    lines.push(`# TYPE ${this.options.name} ${this.kind}`);
    // By the label values' code units: stable across scrapes and locales, and cheap.
    const keys = [...this.series.keys()].sort();
    for (const key of keys) {
      const s = this.series.get(key);
      if (s) lines.push(...this.renderSeries(s.values, s.state));
    }
    return lines.join("\n") + "\n";
  }
}

class Counter extends Metric<{ value: number }> {
  constructor(kind: Kind, options: CounterOptions, onDrop: () => void) {
    super(kind, options, onDrop);
    this.initUnlabelled();
  }
  protected initial() {
    return { value: 0 };
  }
  /** Adds `by` (>= 0; a counter only goes up). */
  inc(labels?: Labels, by = 1): void {
    if (!(by >= 0)) throw new Error(`${this.options.name}: a counter cannot go down (${by})`);
    const s = this.at(labels);
    if (s) s.value += by;
  }
  /** For a count kept elsewhere and copied in at scrape time (`collect`). */
  set(labels: Labels | undefined, value: number): void {
    const s = this.at(labels);
    if (s) s.value = value;
  }
  get(labels?: Labels): number {
    return this.at(labels, false)?.value ?? 0;
  }
  override collect(): void {
    (this.options as CounterOptions).collect?.(this);
  }
  protected renderSeries(values: readonly string[], s: { value: number }): string[] {
    return [`${this.options.name}${renderLabels(this.labelNames, values)} ${formatValue(s.value)}`];
  }
}

class Gauge extends Metric<{ value: number }> {
  constructor(kind: Kind, options: GaugeOptions, onDrop: () => void) {
    super(kind, options, onDrop);
    this.initUnlabelled();
  }
  protected initial() {
    return { value: 0 };
  }
  set(labels: Labels | undefined, value: number): void {
    const s = this.at(labels);
    if (s) s.value = value;
  }
  inc(labels?: Labels, by = 1): void {
    const s = this.at(labels);
    if (s) s.value += by;
  }
  dec(labels?: Labels, by = 1): void {
    this.inc(labels, -by);
  }
  get(labels?: Labels): number {
    return this.at(labels, false)?.value ?? 0;
  }
  override collect(): void {
    (this.options as GaugeOptions).collect?.(this);
  }
  protected renderSeries(values: readonly string[], s: { value: number }): string[] {
    return [`${this.options.name}${renderLabels(this.labelNames, values)} ${formatValue(s.value)}`];
  }
}

interface HistogramState {
  /** Per bucket, not cumulative; the last one is +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

class Histogram extends Metric<HistogramState> {
  readonly buckets: readonly number[];

  constructor(options: HistogramOptions, onDrop: () => void) {
    super("histogram", options, onDrop);
    const buckets = [...(options.buckets ?? DURATION_BUCKETS)];
    if (buckets.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= (buckets[i - 1] ?? b)))) {
      throw new Error(`${options.name}: buckets must be finite and strictly ascending`);
    }
    this.buckets = buckets;
    this.initUnlabelled();
  }
  protected initial(): HistogramState {
    return { counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 };
  }
  observe(labels: Labels | undefined, value: number): void {
    const s = this.at(labels);
    if (!s || Number.isNaN(value)) return;
    // A bucket counts the observations less than or equal to its bound.
    let i = this.buckets.findIndex((b) => value <= b);
    if (i < 0) i = this.buckets.length;
    s.counts[i] = (s.counts[i] ?? 0) + 1;
    s.sum += value;
    s.count++;
  }
  /** Starts a stopwatch; calling the result observes the seconds since, and returns them. */
  startTimer(labels?: Labels): (more?: Labels) => number {
    const start = performance.now();
    return (more) => {
      const seconds = (performance.now() - start) / 1000;
      this.observe({ ...labels, ...more }, seconds);
      return seconds;
    };
  }
  protected renderSeries(values: readonly string[], s: HistogramState): string[] {
    const name = this.options.name;
    const lines: string[] = [];
    let cumulative = 0;
    this.buckets.forEach((b, i) => {
      cumulative += s.counts[i] ?? 0;
      lines.push(
        `${name}_bucket${renderLabels(this.labelNames, values, ["le", formatValue(b)])} ${cumulative}`,
      );
    });
    lines.push(`${name}_bucket${renderLabels(this.labelNames, values, ["le", "+Inf"])} ${s.count}`);
    lines.push(`${name}_sum${renderLabels(this.labelNames, values)} ${formatValue(s.sum)}`);
    lines.push(`${name}_count${renderLabels(this.labelNames, values)} ${s.count}`);
    return lines;
  }
}

type AnyMetric = Counter | Gauge | Histogram;

export class MetricsRegistry {
  private readonly metrics = new Map<string, AnyMetric>();
  private readonly dropped: Counter;

  constructor() {
    this.dropped = this.counter({
      name: "vigil_metrics_series_dropped_total",
      help: "Observations not recorded because their metric already had its maximum number of label sets.",
      labelNames: ["metric"],
    });
  }

  private register<M extends AnyMetric>(kind: Kind, options: MetricOptions, make: () => M): M {
    const existing = this.metrics.get(options.name);
    if (existing) {
      const same =
        existing.kind === kind && existing.labelNames.join(",") === (options.labelNames ?? []).join(",");
      if (!same) throw new Error(`metric ${options.name} is already registered as another ${existing.kind}`);
      return existing as M;
    }
    const metric = make();
    this.metrics.set(options.name, metric);
    return metric;
  }

  private dropFor(name: string): () => void {
    return () => {
      if (name !== "vigil_metrics_series_dropped_total") this.dropped.inc({ metric: name });
    };
  }

  counter(options: CounterOptions): Counter {
    return this.register(
      "counter",
      options,
      () => new Counter("counter", options, this.dropFor(options.name)),
    );
  }

  gauge(options: GaugeOptions): Gauge {
    return this.register("gauge", options, () => new Gauge("gauge", options, this.dropFor(options.name)));
  }

  histogram(options: HistogramOptions): Histogram {
    return this.register("histogram", options, () => new Histogram(options, this.dropFor(options.name)));
  }

  /** The whole registry in the text format, metrics sorted by name. A failing `collect` skips its metric. */
  render(): string {
    const out: string[] = [];
    for (const name of [...this.metrics.keys()].sort()) {
      try {
        out.push((this.metrics.get(name) as AnyMetric).render());
      } catch (err) {
        console.error(`metrics: ${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return out.join("");
  }
}

/** The content type of render()'s text. */
export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const GLOBAL_KEY = Symbol.for("vigil.metrics.registry");

/**
 * The process's one registry. Kept on globalThis: Next.js may evaluate a module once per server layer
 * (route handlers, pages, instrumentation), and every one of them must record into the registry /metrics serves.
 */
export const metrics: MetricsRegistry = ((globalThis as Record<symbol, unknown>)[GLOBAL_KEY] ??=
  new MetricsRegistry()) as MetricsRegistry;
