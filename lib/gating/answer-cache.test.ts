import { describe, expect, it } from "vitest";
import { AnswerCache, type Ask } from "@/lib/gating/answer-cache";
import { accessQuestions, questionKey, type AccessQuestion } from "@/lib/gating/gate-snapshot";

// Serviceaccount mode asks each SubjectAccessReview once per identity and lifetime; the gate digest is shared
// only by identities whose answers are the same.

function asker(allow: (q: AccessQuestion) => boolean) {
  const asked: AccessQuestion[] = [];
  const ask: Ask = async (questions) => {
    asked.push(...questions);
    return new Map(questions.map((q) => [questionKey(q), allow(q) ? "allow" : "deny"] as const));
  };
  return { ask, asked };
}

describe("AnswerCache", () => {
  it("asks once per identity within the lifetime, however many requests share it", async () => {
    let now = 0;
    const cache = new AnswerCache({ ttlMs: 30_000, maxIdentities: 10, clock: () => now });
    const { ask, asked } = asker((q) => q.namespace === "g04");
    const qs = accessQuestions(["g04", "t75"]);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => cache.answers("alice", qs, "g04,t75", ask)),
    );
    expect(asked.length).toBe(qs.length);
    expect(new Set(results.map((r) => r.gateKey)).size).toBe(1);
    expect(results[0]?.decide({ verb: "list", group: "", resource: "pods", namespace: "g04" })).toBe("allow");
    expect(results[0]?.decide({ verb: "list", group: "", resource: "pods", namespace: "t75" })).toBe("deny");
    now = 30_001;
    await cache.answers("alice", qs, "g04,t75", ask);
    expect(asked.length).toBe(2 * qs.length);
  });

  it("asks only the new namespace's questions when one appears", async () => {
    const cache = new AnswerCache({ ttlMs: 30_000, maxIdentities: 10 });
    const { ask, asked } = asker(() => true);
    await cache.answers("bob", accessQuestions(["a"]), "a", ask);
    const before = asked.length;
    await cache.answers("bob", accessQuestions(["a", "b"]), "a,b", ask);
    expect(asked.slice(before).every((q) => q.namespace === "b")).toBe(true);
    expect(asked.length - before).toBe(accessQuestions(["a", "b"]).length - accessQuestions(["a"]).length);
  });

  it("gives two identities one gate exactly when every answer agrees", async () => {
    const cache = new AnswerCache({ ttlMs: 30_000, maxIdentities: 10 });
    const qs = accessQuestions(["g04", "t75"]);
    const g04 = asker((q) => q.namespace === "g04");
    const t75 = asker((q) => q.namespace === "t75");
    const alice = await cache.answers("alice", qs, "k", g04.ask);
    const carol = await cache.answers("carol", qs, "k", g04.ask);
    const dave = await cache.answers("dave", qs, "k", t75.ask);
    expect(carol.gateKey).toBe(alice.gateKey);
    expect(dave.gateKey).not.toBe(alice.gateKey);
  });
});
