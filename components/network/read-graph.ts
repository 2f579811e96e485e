import type { PackedView } from "@/lib/views/pack-network-view";

// The graph read by the Network page's client, from the page itself or from /api/network/graph: the packed view,
// or an Error whose message a person can act on. A failed answer may not be JSON at all (a proxy's HTML page, an
// empty body): its status is said then, never a parser's message.

/** The graph's JSON text as the packed view; an Error when it is not JSON or has no nodes. */
export function parseGraph(text: string): PackedView {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error("the server's answer is not a graph (not JSON)");
  }
  if (typeof body !== "object" || body === null || !Array.isArray((body as { nodes?: unknown }).nodes)) {
    throw new Error("the server's answer is not a graph (no nodes)");
  }
  return body as PackedView;
}

export async function readGraph(res: Response): Promise<PackedView> {
  const text = await res.text();
  if (res.ok) return parseGraph(text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`the server answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`);
  }
  const said = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const message = typeof said.message === "string" ? said.message : undefined;
  const error = typeof said.error === "string" ? said.error : undefined;
  throw new Error(message ?? error ?? `the server answered ${res.status}`);
}
