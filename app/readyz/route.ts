// GET /readyz: the snapshot this instance serves is loaded and current (the readiness probe). No session;
// the answer says "ready" or "not ready" and nothing else (the reason goes to the server log).
import { checkReadiness } from "@/lib/sources/load-viewer-snapshot";
import { readAccessMode } from "@/lib/sources/access-modes";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  let ready = false;
  try {
    ready = await checkReadiness(readAccessMode(process.env));
  } catch (err) {
    console.error(`readyz: ${err instanceof Error ? err.message : String(err)}`);
  }
  return new Response(ready ? "ready\n" : "not ready\n", {
    status: ready ? 200 : 503,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export const HEAD = GET;
