import { createHash, timingSafeEqual } from "node:crypto";

// Who may read /metrics (docs/deployment.md "Metrics"): whoever presents the bearer token of
// VIGIL_METRICS_TOKEN, the way Prometheus's `authorization` scrape setting sends it. No session is involved;
// without a token configured the route does not exist (404), so metrics are never open by default.

export const MIN_METRICS_TOKEN_LENGTH = 32;

type ScrapeDecision = "allowed" | "disabled" | "misconfigured" | "unauthorized";

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

export function authorizeScrape(
  env: Readonly<Record<string, string | undefined>>,
  authorization: string | null,
): ScrapeDecision {
  const token = env.VIGIL_METRICS_TOKEN ?? "";
  if (token === "") return "disabled";
  if (token.length < MIN_METRICS_TOKEN_LENGTH) return "misconfigured";
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m) return "unauthorized";
  // Compared as digests of equal length, in constant time: the answer's timing says nothing of the token.
  return timingSafeEqual(digest(m[1] ?? ""), digest(token)) ? "allowed" : "unauthorized";
}
