import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { GET } from "@/app/metrics/route";
import { metrics } from "@/lib/metrics/registry";

// /metrics answers without a session, to the bearer token of VIGIL_METRICS_TOKEN only.

const TOKEN = "Zq8Wn3Lr5Tx1Vb7Ym2Kc9Hd4Jf6Gs0Pe";
afterEach(() => vi.unstubAllEnvs());

function scrape(authorization?: string, method = "GET"): Response {
  return GET(
    new Request("http://localhost/metrics", {
      method,
      headers: authorization ? { authorization } : {},
    }),
  );
}

describe("GET /metrics", () => {
  it("serves the registry in the Prometheus text format to the token's bearer", async () => {
    vi.stubEnv("VIGIL_METRICS_TOKEN", TOKEN);
    metrics.counter({ name: "vigil_route_test_total", help: "a counter of this test" }).inc();
    const res = scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.text()).toContain("# TYPE vigil_route_test_total counter\nvigil_route_test_total 1\n");
    expect(await scrape(`Bearer ${TOKEN}`, "HEAD").text()).toBe("");
  });

  it("answers 401 with a Bearer challenge to anyone else", async () => {
    vi.stubEnv("VIGIL_METRICS_TOKEN", TOKEN);
    for (const header of [undefined, "Bearer wrong-token-wrong-token-wrong-token"]) {
      const res = scrape(header);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe('Bearer realm="vigil-metrics"');
      expect(await res.text()).toBe("unauthorized\n");
    }
  });

  it("reads the token from VIGIL_METRICS_TOKEN_FILE, and refuses it set both ways", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-metrics-token-"));
    try {
      const file = join(dir, "token");
      writeFileSync(file, `${TOKEN}\n`);
      vi.stubEnv("VIGIL_METRICS_TOKEN", "");
      vi.stubEnv("VIGIL_METRICS_TOKEN_FILE", file);
      expect(scrape(`Bearer ${TOKEN}`).status).toBe(200);
      expect(scrape("Bearer wrong-token-wrong-token-wrong-token").status).toBe(401);
      vi.stubEnv("VIGIL_METRICS_TOKEN", TOKEN);
      const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
      const res = scrape(`Bearer ${TOKEN}`);
      expect(res.status).toBe(500);
      expect(await res.text()).toBe("set VIGIL_METRICS_TOKEN or VIGIL_METRICS_TOKEN_FILE, not both\n");
      spy.mockRestore();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("does not exist (404) when no token is configured", async () => {
    vi.stubEnv("VIGIL_METRICS_TOKEN", "");
    const res = scrape(`Bearer ${TOKEN}`);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("not found\n");
  });

  it("names the variable, never its value, when the token is too short", async () => {
    vi.stubEnv("VIGIL_METRICS_TOKEN", "tooshort");
    const spy = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = scrape("Bearer tooshort");
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).toContain("VIGIL_METRICS_TOKEN must be at least 32 characters");
    expect(text).not.toContain("tooshort");
    spy.mockRestore();
  });
});
