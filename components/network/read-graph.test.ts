import { describe, expect, it } from "vitest";
import { parseGraph, readGraph } from "@/components/network/read-graph";

// What the Network page's client says when the graph's answer is not a graph: the status or the server's own
// message, never a JSON parser's error.

const graph = {
  nodes: [],
  namespaces: [],
  connectionCount: 0,
  fromMetadata: 0,
  ends: [],
  ports: [],
  edges: [],
};

describe("reading the graph's answer", () => {
  it("returns the packed view of a 200 answer", async () => {
    await expect(readGraph(new Response(JSON.stringify(graph), { status: 200 }))).resolves.toEqual(graph);
  });

  it("says the server's message for a JSON error, and the status for an HTML one", async () => {
    const denied = new Response(JSON.stringify({ error: "unauthenticated", message: "sign in again" }), {
      status: 401,
    });
    await expect(readGraph(denied)).rejects.toThrow(/^sign in again$/);
    const proxy = new Response("<html><body>Bad gateway</body></html>", {
      status: 502,
      statusText: "Bad Gateway",
    });
    await expect(readGraph(proxy)).rejects.toThrow(/^the server answered 502 Bad Gateway$/);
    await expect(readGraph(new Response("", { status: 500 }))).rejects.toThrow(/^the server answered 500$/);
  });

  it("refuses a 200 answer that is not a graph", async () => {
    await expect(readGraph(new Response("<html></html>", { status: 200 }))).rejects.toThrow(/not JSON/);
    await expect(readGraph(new Response("{}", { status: 200 }))).rejects.toThrow(/no nodes/);
  });
});

describe("reading the graph the page carries", () => {
  it("returns the packed view of its JSON", () => {
    expect(parseGraph(JSON.stringify(graph))).toEqual(graph);
  });

  it("refuses a text that is not a graph, in the same words as an answer", () => {
    expect(() => parseGraph("{")).toThrow(/^the server's answer is not a graph \(not JSON\)$/);
    expect(() => parseGraph('{"edges":[]}')).toThrow(/^the server's answer is not a graph \(no nodes\)$/);
  });
});
