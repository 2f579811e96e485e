import { describe, expect, it } from "vitest";
import { escapeModulePath, fetchGoMod, parseGoProxy } from "@/dev/cluster/fetch-go-mod";

// A scripted proxy: each call takes the next answer (a status with a body, or a thrown network error).
function scripted(answers: (number | Error)[]) {
  const urls: string[] = [];
  const sleeps: number[] = [];
  let i = 0;
  return {
    urls,
    sleeps,
    fetch: (url: string) => {
      urls.push(url);
      const a = answers[i++];
      if (a === undefined) throw new Error("unexpected extra request");
      if (a instanceof Error) return Promise.reject(a);
      return Promise.resolve(new Response(a === 200 ? "module k8s.io/kubernetes\n" : "nope", { status: a }));
    },
    sleep: (ms: number) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
}

const ONE = "https://proxy.example";

describe("fetchGoMod", () => {
  it("survives dropped connections and server errors, backing off exponentially", async () => {
    const p = scripted([new TypeError("fetch failed"), 502, 200]);
    const text = await fetchGoMod("k8s.io/kubernetes", "v1.37.2", { goproxy: ONE, ...p, baseDelayMs: 100 });
    expect(text).toBe("module k8s.io/kubernetes\n");
    expect(p.urls).toEqual(Array(3).fill(`${ONE}/k8s.io/kubernetes/@v/v1.37.2.mod`));
    expect(p.sleeps).toEqual([100, 200]);
  });

  it("gives up after the bounded number of attempts with a message naming the proxy and the last error", async () => {
    const p = scripted([new TypeError("fetch failed"), new TypeError("fetch failed"), 503]);
    await expect(
      fetchGoMod("k8s.io/kubernetes", "v1.37.2", { goproxy: ONE, ...p, attempts: 3, baseDelayMs: 1 }),
    ).rejects.toThrow(/go\.mod of k8s\.io\/kubernetes@v1\.37\.2.*proxy\.example: HTTP 503 after 3 attempts/);
    expect(p.urls).toHaveLength(3);
    expect(p.sleeps).toEqual([1, 2]);
  });

  it("tries seven times by default, and names the network error's cause", async () => {
    const cause = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    const p = scripted(Array.from({ length: 7 }, () => new TypeError("fetch failed", { cause })));
    await expect(fetchGoMod("k8s.io/kubernetes", "v1.37.2", { goproxy: ONE, ...p })).rejects.toThrow(
      /proxy\.example: fetch failed \(ECONNRESET\) after 7 attempts/,
    );
    // 1 + 2 + 4 + 8 + 16 + 32 s: a minute-long outage of the proxy is waited out.
    expect(p.sleeps).toEqual([1000, 2000, 4000, 8000, 16000, 32000]);
  });

  it("does not retry an answer that will not change (403), and does not fall through after a comma", async () => {
    const p = scripted([403]);
    await expect(
      fetchGoMod("k8s.io/kubernetes", "v1.37.2", { goproxy: `${ONE},https://second.example`, ...p }),
    ).rejects.toThrow(/HTTP 403/);
    expect(p.urls).toHaveLength(1);
  });

  it("tries the next proxy after a comma only when the module is not found there", async () => {
    const p = scripted([404, 200]);
    await fetchGoMod("k8s.io/kubernetes", "v1.37.2", { goproxy: `${ONE},https://second.example/`, ...p });
    expect(p.urls).toEqual([
      `${ONE}/k8s.io/kubernetes/@v/v1.37.2.mod`,
      "https://second.example/k8s.io/kubernetes/@v/v1.37.2.mod",
    ]);
    expect(p.sleeps).toEqual([]);
  });

  it("tries the next proxy after a pipe on any failure", async () => {
    const p = scripted([500, 500, 200]);
    await fetchGoMod("m", "v1.0.0", { goproxy: `${ONE}|https://second.example`, ...p, attempts: 2 });
    expect(p.urls.map((u) => new URL(u).host)).toEqual(["proxy.example", "proxy.example", "second.example"]);
  });

  it("says so clearly when GOPROXY names no HTTP proxy", async () => {
    const p = scripted([]);
    await expect(fetchGoMod("m", "v1.0.0", { goproxy: "direct", ...p })).rejects.toThrow(
      /names no module proxy/,
    );
    expect(p.urls).toEqual([]);
  });
});

describe("parseGoProxy and escapeModulePath", () => {
  it("reads the list up to direct or off, with the separator after each entry", () => {
    expect(
      parseGoProxy("https://a.example/,https://b.example|https://c.example,direct,https://d.example"),
    ).toEqual([
      { url: "https://a.example", fallThroughOnError: false },
      { url: "https://b.example", fallThroughOnError: true },
      { url: "https://c.example", fallThroughOnError: false },
    ]);
    expect(parseGoProxy("off")).toEqual([]);
  });

  it("escapes upper-case letters as the proxy protocol requires", () => {
    expect(escapeModulePath("github.com/BurntSushi/toml")).toBe("github.com/!burnt!sushi/toml");
  });
});
