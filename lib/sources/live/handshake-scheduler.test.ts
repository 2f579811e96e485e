import { describe, expect, it } from "vitest";
import { emptySnapshot, type ServedCertificate } from "@/lib/model/types";
import {
  DEFAULT_BUDGET,
  HandshakeScheduler,
  observeServedCertificates,
} from "@/lib/sources/live/handshake-scheduler";

// The background queue, with reads that the test settles by hand: no network, no timers, no sleeps.

const pending = (host: string, address = "203.0.113.7"): ServedCertificate => ({
  source: { kind: "Ingress", namespace: "shop", name: "web" },
  host,
  port: 443,
  address,
  notRead: "pending",
  error: "handshake pending: shown on a later page load",
});

/** A read that records each call and settles only when told to. */
function manualReads() {
  const calls: { planned: ServedCertificate; settle: (r: ServedCertificate) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const read = (planned: ServedCertificate) =>
    new Promise<ServedCertificate>((resolve) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      calls.push({
        planned,
        settle: (r) => {
          inFlight--;
          resolve(r);
        },
      });
    });
  return { read, calls, maxInFlight: () => maxInFlight };
}

const served = (p: ServedCertificate): ServedCertificate => ({
  source: p.source,
  host: p.host,
  port: p.port,
  ...(p.address ? { address: p.address } : {}),
  chain: `chain of ${p.host}`,
});

describe("the background handshake queue", () => {
  it("answers at once with what is known, and a later look finds the result", async () => {
    const scheduler = new HandshakeScheduler(DEFAULT_BUDGET, () => 0);
    const reads = manualReads();
    const first = scheduler.observe([pending("a.example.com")], reads.read);
    expect(first.map((e) => e.notRead)).toEqual(["pending"]);
    expect(reads.calls).toHaveLength(1);
    reads.calls[0]?.settle(served(pending("a.example.com")));
    await scheduler.idle();
    const later = scheduler.observe([pending("a.example.com")], reads.read);
    expect(later.map((e) => [e.notRead, e.chain])).toEqual([[undefined, "chain of a.example.com"]]);
    expect(reads.calls).toHaveLength(1);
  });

  it("keeps at most `concurrency` handshakes in flight and reads each endpoint once", async () => {
    const scheduler = new HandshakeScheduler({ ...DEFAULT_BUDGET, concurrency: 2 }, () => 0);
    const reads = manualReads();
    const entries = Array.from({ length: 6 }, (_, i) => pending(`h${i}.example.com`));
    scheduler.observe([...entries, ...entries], reads.read);
    scheduler.observe(entries, reads.read);
    expect(reads.calls).toHaveLength(2);
    for (let i = 0; i < reads.calls.length; i++) {
      const call = reads.calls[i];
      call?.settle(served(call.planned));
      // Lets the queue take its next endpoint (a turn of the event loop, not a wait for time).
      await new Promise((resolve) => setImmediate(resolve));
    }
    await scheduler.idle();
    expect(reads.calls.map((c) => c.planned.host)).toEqual(entries.map((e) => e.host));
    expect(reads.maxInFlight()).toBe(2);
  });

  it("never reads an entry that is already refused or read", () => {
    const scheduler = new HandshakeScheduler(DEFAULT_BUDGET, () => 0);
    const reads = manualReads();
    const refused: ServedCertificate = {
      ...pending("x"),
      notRead: "refused",
      error: "refused: 127.0.0.1 is loopback",
    };
    const out = scheduler.observe([refused, served(pending("y"))], reads.read);
    expect(reads.calls).toHaveLength(0);
    expect(out[0]).toBe(refused);
  });

  it("reads a failure again after the retry interval, and shows a stale chain while reading it again", async () => {
    let now = 0;
    const scheduler = new HandshakeScheduler({ ...DEFAULT_BUDGET, retryMs: 100, keepMs: 1000 }, () => now);
    const reads = manualReads();
    scheduler.observe([pending("down"), pending("up")], reads.read);
    reads.calls[0]?.settle({
      ...pending("down"),
      notRead: "unreachable",
      error: "unreachable: connection refused",
    });
    reads.calls[1]?.settle(served(pending("up")));
    await scheduler.idle();
    now = 99;
    scheduler.observe([pending("down"), pending("up")], reads.read);
    expect(reads.calls).toHaveLength(2);
    now = 100;
    const look = scheduler.observe([pending("down"), pending("up")], reads.read);
    expect(reads.calls.map((c) => c.planned.host)).toEqual(["down", "up", "down"]);
    expect(look[0]?.error).toBe("unreachable: connection refused");
    now = 1000;
    const stale = scheduler.observe([pending("up")], reads.read);
    expect(stale[0]?.chain).toBe("chain of up");
    expect(reads.calls.map((c) => c.planned.host)).toEqual(["down", "up", "down", "up"]);
  });

  it("queues no more than its bound of waiting endpoints", async () => {
    const scheduler = new HandshakeScheduler({ ...DEFAULT_BUDGET, concurrency: 1, maxEntries: 3 }, () => 0);
    const reads = manualReads();
    const out = scheduler.observe(
      Array.from({ length: 10 }, (_, i) => pending(`h${i}`)),
      reads.read,
    );
    expect(out.every((e) => e.notRead === "pending")).toBe(true);
    for (let i = 0; i < reads.calls.length; i++) {
      const call = reads.calls[i];
      call?.settle(served(call.planned));
      // Lets the queue take its next endpoint (a turn of the event loop, not a wait for time).
      await new Promise((resolve) => setImmediate(resolve));
    }
    await scheduler.idle();
    // The first was dialled at once and three waited; the other six are looked at again on a later page.
    expect(reads.calls.map((c) => c.planned.host)).toEqual(["h0", "h1", "h2", "h3"]);
  });
});

describe("what a viewer is shown of served certificates", () => {
  const apiServer: ServedCertificate = {
    source: { kind: "APIServer", name: "kube-apiserver" },
    host: "10.0.0.1",
    port: 6443,
    address: "10.0.0.1",
    notRead: "refused",
    error: "refused: over the budget of 0 handshakes per snapshot",
  };
  const ingress: ServedCertificate = { ...pending("a.example.com"), notRead: "refused", error: "refused: x" };

  it("shows the API server's certificate only to a viewer who may list nodes", () => {
    const base = { ...emptySnapshot(), servedCertificates: [apiServer, ingress] };
    expect(observeServedCertificates(base, {}).servedCertificates).toEqual([apiServer, ingress]);
    const noNodes = {
      ...base,
      gaps: [{ resource: "nodes", status: "forbidden" as const, message: "you may not list nodes" }],
    };
    expect(observeServedCertificates(noNodes, {}).servedCertificates).toEqual([ingress]);
  });
});
