// Next.js calls register() once when the server starts: Vigil starts measuring itself for /metrics
// (docs/deployment.md "Metrics"). Node.js runtime only; nothing runs on the edge.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startMetrics } = await import("@/lib/metrics/start-metrics");
    startMetrics();
  }
}
