import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type * as RegistryModule_ from "@/lib/metrics/registry";
import { escapeHelp, escapeLabelValue, formatValue, metrics, MetricsRegistry } from "@/lib/metrics/registry";

// The Prometheus text exposition format 0.0.4, checked against a small reader of that format written from its
// specification (a sample line is `name{label="value",...} value`; in label values `\\`, `\"` and `\n` stand
// for a backslash, a double quote and a line feed; in HELP text `\\` and `\n`).

type RegistryModule = typeof RegistryModule_;

/** What label values are made of here: the characters the format escapes, its delimiters, and other text. */
const LABEL_CHARS = fc.constantFrom(
  "\\",
  '"',
  "\n",
  "\r",
  "\t",
  "{",
  "}",
  ",",
  "=",
  " ",
  "a",
  "Z",
  "0",
  "é",
  "\u2028",
  "😀",
);

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function unescapeLabel(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
}

/** Reads the samples of an exposition, and checks every line is a comment, empty, or a well-formed sample. */
function readSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([\s\S]*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    let rest = m[3] ?? "";
    while (rest.length > 0) {
      const l = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/.exec(rest);
      if (!l) throw new Error(`bad labels in ${JSON.stringify(line)}`);
      labels[l[1] ?? ""] = unescapeLabel(l[2] ?? "");
      rest = rest.slice(l[0].length);
    }
    const raw = m[4] ?? "";
    const value = raw === "+Inf" ? Infinity : raw === "-Inf" ? -Infinity : Number(raw);
    samples.push({ name: m[1] ?? "", labels, value });
  }
  return samples;
}

describe("the metrics text format", () => {
  it("writes HELP and TYPE before the samples, and escapes backslash and line feed in HELP", () => {
    const r = new MetricsRegistry();
    r.counter({ name: "vigil_x_total", help: 'counts a\\b\nand "c"' }).inc();
    const text = r.render();
    expect(text).toContain(
      '# HELP vigil_x_total counts a\\\\b\\nand "c"\n# TYPE vigil_x_total counter\nvigil_x_total 1\n',
    );
    expect(escapeHelp("a\\b\nc")).toBe("a\\\\b\\nc");
  });

  it("escapes backslash, double quote and line feed in label values, and reads them back unchanged", () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    fc.assert(
      fc.property(fc.array(fc.string({ unit: LABEL_CHARS }), { minLength: 1, maxLength: 8 }), (values) => {
        const r = new MetricsRegistry();
        const g = r.gauge({ name: "vigil_g", help: "g", labelNames: ["v"] });
        values.forEach((v, i) => g.set({ v }, i));
        const read = readSamples(r.render()).filter((s) => s.name === "vigil_g");
        const expected = new Map(values.map((v, i) => [v, i]));
        expect(read.length).toBe(expected.size);
        for (const s of read) expect(s.value).toBe(expected.get(s.labels["v"] ?? ""));
      }),
    );
  });

  it("writes a histogram as cumulative buckets ending in +Inf, then _sum and _count", () => {
    const r = new MetricsRegistry();
    const h = r.histogram({
      name: "vigil_d_seconds",
      help: "d",
      labelNames: ["route"],
      buckets: [0.1, 1, 2.5],
    });
    for (const v of [0.05, 0.1, 0.5, 1, 3, 100]) h.observe({ route: "/a" }, v);
    const text = r.render();
    expect(text).toContain(
      [
        "# TYPE vigil_d_seconds histogram",
        'vigil_d_seconds_bucket{route="/a",le="0.1"} 2',
        'vigil_d_seconds_bucket{route="/a",le="1"} 4',
        'vigil_d_seconds_bucket{route="/a",le="2.5"} 4',
        'vigil_d_seconds_bucket{route="/a",le="+Inf"} 6',
        'vigil_d_seconds_sum{route="/a"} 104.65',
        'vigil_d_seconds_count{route="/a"} 6',
      ].join("\n"),
    );
  });

  it("agrees with a naive histogram on random observations: each bucket counts the values <= its bound", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.double({ min: -10, max: 200, noNaN: true }), { maxLength: 50 }),
        (bounds, values) => {
          const buckets = [...bounds].sort((a, b) => a - b);
          const r = new MetricsRegistry();
          const h = r.histogram({ name: "vigil_h", help: "h", buckets });
          for (const v of values) h.observe(undefined, v);
          const read = readSamples(r.render());
          const bucketSamples = read.filter((s) => s.name === "vigil_h_bucket");
          expect(
            bucketSamples.map((s) => Number(s.labels["le"] === "+Inf" ? Infinity : s.labels["le"])),
          ).toEqual([...buckets, Infinity]);
          for (const s of bucketSamples) {
            const le = s.labels["le"] === "+Inf" ? Infinity : Number(s.labels["le"]);
            expect(s.value).toBe(values.filter((v) => v <= le).length);
          }
          expect(read.find((s) => s.name === "vigil_h_count")?.value).toBe(values.length);
          const sum = read.find((s) => s.name === "vigil_h_sum")?.value ?? NaN;
          expect(sum).toBeCloseTo(
            values.reduce((a, b) => a + b, 0),
            6,
          );
        },
      ),
    );
  });

  it("writes NaN and the infinities as the format spells them", () => {
    expect([NaN, Infinity, -Infinity, 0.25, 1e21].map(formatValue)).toEqual([
      "NaN",
      "+Inf",
      "-Inf",
      "0.25",
      "1e+21",
    ]);
  });

  it("sorts metrics by name and label sets by value, so two scrapes of the same state are the same text", () => {
    const r = new MetricsRegistry();
    const b = r.counter({ name: "vigil_b_total", help: "b", labelNames: ["k"] });
    r.gauge({ name: "vigil_a", help: "a" }).set(undefined, 1);
    b.inc({ k: "z" });
    b.inc({ k: "a" }, 2);
    const names = readSamples(r.render()).map((s) => `${s.name}${s.labels["k"] ?? ""}`);
    expect(names.indexOf("vigil_a")).toBeLessThan(names.indexOf("vigil_b_totala"));
    expect(names.indexOf("vigil_b_totala")).toBeLessThan(names.indexOf("vigil_b_totalz"));
    expect(r.render()).toBe(r.render());
  });

  it("reads a gauge's value at scrape time through collect", () => {
    const r = new MetricsRegistry();
    let age = 3;
    r.gauge({ name: "vigil_age_seconds", help: "age", collect: (g) => g.set(undefined, age) });
    expect(readSamples(r.render()).find((s) => s.name === "vigil_age_seconds")?.value).toBe(3);
    age = 7.5;
    expect(readSamples(r.render()).find((s) => s.name === "vigil_age_seconds")?.value).toBe(7.5);
  });
});

describe("the metrics registry", () => {
  it("returns the metric already registered under a name, and refuses the name for another type or labels", () => {
    const r = new MetricsRegistry();
    const a = r.counter({ name: "vigil_c_total", help: "c", labelNames: ["x"] });
    expect(r.counter({ name: "vigil_c_total", help: "c", labelNames: ["x"] })).toBe(a);
    expect(() => r.gauge({ name: "vigil_c_total", help: "c", labelNames: ["x"] })).toThrow(
      /already registered/,
    );
    expect(() => r.counter({ name: "vigil_c_total", help: "c", labelNames: ["y"] })).toThrow(
      /already registered/,
    );
  });

  it("refuses invalid metric and label names, and observations with missing or unknown labels", () => {
    const r = new MetricsRegistry();
    expect(() => r.counter({ name: "1bad", help: "" })).toThrow(/not valid/);
    expect(() => r.counter({ name: "vigil_ok_total", help: "", labelNames: ["__reserved"] })).toThrow(
      /not valid/,
    );
    expect(() => r.histogram({ name: "vigil_h2", help: "", labelNames: ["le"] })).toThrow(/not valid/);
    expect(() => r.histogram({ name: "vigil_h3", help: "", buckets: [1, 1] })).toThrow(/ascending/);
    const c = r.counter({ name: "vigil_l_total", help: "", labelNames: ["route"] });
    expect(() => c.inc({})).toThrow(/needs the label "route"/);
    expect(() => c.inc({ route: "/", other: "x" })).toThrow(/no label "other"/);
    expect(() => c.inc({ route: "/" }, -1)).toThrow(/cannot go down/);
  });

  it("keeps at most maxSeries label sets per metric and counts what it dropped", () => {
    const r = new MetricsRegistry();
    const c = r.counter({ name: "vigil_many_total", help: "", labelNames: ["id"], maxSeries: 3 });
    for (let i = 0; i < 5; i++) c.inc({ id: String(i) });
    const read = readSamples(r.render());
    expect(read.filter((s) => s.name === "vigil_many_total")).toHaveLength(3);
    expect(
      read.find(
        (s) => s.name === "vigil_metrics_series_dropped_total" && s.labels["metric"] === "vigil_many_total",
      )?.value,
    ).toBe(2);
  });

  it("reading a value creates no series", () => {
    const r = new MetricsRegistry();
    const c = r.counter({ name: "vigil_read_total", help: "", labelNames: ["k"] });
    expect(c.get({ k: "never" })).toBe(0);
    expect(readSamples(r.render()).filter((s) => s.name === "vigil_read_total")).toEqual([]);
  });

  it("is one registry per process, whichever copy of the module registers into it", async () => {
    const path = "@/lib/metrics/registry?second-evaluation";
    const copy = (await import(/* @vite-ignore */ path)) as RegistryModule;
    expect(copy.MetricsRegistry).not.toBe(MetricsRegistry);
    expect(copy.metrics).toBe(metrics);
  });
});
