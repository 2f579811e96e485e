import { describe, expect, it } from "vitest";
import { authorizeScrape } from "@/lib/metrics/authorize-scrape";

const TOKEN = "k3Jx9vQ2mT8pL5wR1nZ6yB4cF7hD0sGa";

describe("who may read /metrics", () => {
  it("nobody when no token is configured: the route is off", () => {
    expect(authorizeScrape({}, `Bearer ${TOKEN}`)).toBe("disabled");
    expect(authorizeScrape({ VIGIL_METRICS_TOKEN: "" }, null)).toBe("disabled");
  });

  it("nobody when the configured token is shorter than 32 characters", () => {
    expect(authorizeScrape({ VIGIL_METRICS_TOKEN: "short" }, "Bearer short")).toBe("misconfigured");
  });

  it("the scraper presenting exactly the token as a bearer token", () => {
    const env = { VIGIL_METRICS_TOKEN: TOKEN };
    expect(authorizeScrape(env, `Bearer ${TOKEN}`)).toBe("allowed");
    expect(authorizeScrape(env, `bearer ${TOKEN}`)).toBe("allowed");
  });

  it("no one else: no header, another scheme, another token, a prefix or an extension of it", () => {
    const env = { VIGIL_METRICS_TOKEN: TOKEN };
    for (const header of [
      null,
      "",
      TOKEN,
      `Basic ${Buffer.from(`x:${TOKEN}`).toString("base64")}`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN} ${TOKEN}`,
      "Bearer ",
    ]) {
      expect(authorizeScrape(env, header), String(header)).toBe("unauthorized");
    }
  });
});
