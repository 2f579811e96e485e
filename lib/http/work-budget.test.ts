import { describe, expect, it } from "vitest";
import { VigilError } from "@/lib/errors";
import { WorkBudget } from "@/lib/http/work-budget";

// A fake clock that the "work" advances: CPU time without spending any.
function setup(options: { cpuMsPerWindow?: number; maxQueued?: number } = {}) {
  let now = 0;
  const budget = new WorkBudget({
    cpuMsPerWindow: options.cpuMsPerWindow ?? 1000,
    windowMs: 60_000,
    maxQueued: options.maxQueued ?? 8,
    clock: () => now,
    yieldTurn: () => Promise.resolve(),
  });
  return {
    budget,
    spend: (ms: number) => () => {
      now += ms;
      return ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err instanceof VigilError ? err.code : "other";
  }
}

describe("the work budget", () => {
  it("refuses a viewer's second what-if while the first runs, and serves others", async () => {
    const { budget, spend } = setup();
    const first = budget.run("mallory", spend(10));
    const results = await Promise.all([
      codeOf(budget.run("mallory", spend(10))),
      codeOf(budget.run("alice", spend(10))),
      codeOf(first),
    ]);
    expect(results).toEqual(["rate-limited", undefined, undefined]);
  });

  it("refuses once a viewer's CPU budget is spent, and allows again after the refill", async () => {
    const { budget, spend, advance } = setup({ cpuMsPerWindow: 1000 });
    await budget.run("mallory", spend(1200));
    const err = await budget.run("mallory", spend(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VigilError);
    expect((err as VigilError).code).toBe("rate-limited");
    expect((err as VigilError).retryAfterSeconds).toBeGreaterThan(1);
    // Another viewer still has their whole budget.
    expect(await codeOf(budget.run("alice", spend(10)))).toBeUndefined();
    advance(60_000);
    expect(await codeOf(budget.run("mallory", spend(10)))).toBeUndefined();
  });

  it("queues at most maxQueued pieces of work, refusing the rest at once", async () => {
    const { budget, spend } = setup({ maxQueued: 3 });
    const runs = ["a", "b", "c", "d", "e"].map((u) => codeOf(budget.run(u, spend(5))));
    expect(await Promise.all(runs)).toEqual([
      undefined,
      undefined,
      undefined,
      "rate-limited",
      "rate-limited",
    ]);
  });

  it("runs one piece of work at a time, in arrival order", async () => {
    const { budget } = setup();
    const order: string[] = [];
    await Promise.all(
      ["a", "b", "c"].map((u) =>
        budget.run(u, () => {
          order.push(`start ${u}`);
          order.push(`end ${u}`);
        }),
      ),
    );
    expect(order).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("lets a failed piece of work free its viewer and the queue", async () => {
    const { budget, spend } = setup();
    const failing = budget.run("mallory", () => {
      throw new VigilError("bad-input", "no");
    });
    expect(await codeOf(failing)).toBe("bad-input");
    expect(await codeOf(budget.run("mallory", spend(1)))).toBeUndefined();
  });
});
