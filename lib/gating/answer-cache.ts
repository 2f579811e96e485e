import { createHash } from "node:crypto";
import { questionKey, type AccessAnswer, type AccessQuestion } from "@/lib/gating/gate-snapshot";

// Serviceaccount mode's access answers, per identity (docs/architecture.md "Running for an organisation"): each
// SubjectAccessReview is asked once per identity and lifetime (VIGIL_CACHE_SECONDS), however many sessions
// that identity has open and however often the snapshot moves; a namespace that appears adds only its own
// questions. The answers also give the identity's gate: a digest of every answer, equal for two viewers who
// may see exactly the same, so that they share one gated snapshot and one set of page computations.
// An identity's answers are never served to another identity: only the digest is shared, and it is computed
// from that identity's own answers.

export type Ask = (questions: readonly AccessQuestion[]) => Promise<Map<string, AccessAnswer>>;

interface Entry {
  answers: Map<string, AccessAnswer>;
  until: number;
  pending?: Promise<void>;
  gate?: { questions: string; key: string };
}

interface AnswerCacheOptions {
  ttlMs: number;
  /** Identities kept; the least recently used go first (each holds a few hundred short strings). */
  maxIdentities: number;
  clock?: () => number;
}

export interface Answers {
  decide: (q: AccessQuestion) => AccessAnswer;
  /** The same for every identity whose answers to `questions` are the same. */
  gateKey: string;
}

export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly clock: () => number;
  /** SubjectAccessReviews asked, for /metrics and the tests. */
  asked = 0;

  constructor(private readonly options: AnswerCacheOptions) {
    this.clock = options.clock ?? Date.now;
  }

  /**
   * The answers to `questions` for `identity` (a key from identityKey); `questionsKey` names the question set
   * (it moves when the namespaces do).
   */
  async answers(
    identity: string,
    questions: readonly AccessQuestion[],
    questionsKey: string,
    ask: Ask,
  ): Promise<Answers> {
    let entry = this.entries.get(identity);
    if (!entry || entry.until <= this.clock()) {
      entry = { answers: new Map(), until: this.clock() + this.options.ttlMs };
    }
    // Most recently used goes last: eviction takes from the front.
    this.entries.delete(identity);
    this.entries.set(identity, entry);
    while (this.entries.size > this.options.maxIdentities) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    for (;;) {
      if (entry.pending) {
        await entry.pending;
        continue;
      }
      const known = entry.answers;
      const missing = questions.filter((q) => !known.has(questionKey(q)));
      if (missing.length === 0) break;
      const target = entry;
      target.pending = ask(missing)
        .then((got) => {
          this.asked += missing.length;
          for (const q of missing) {
            const k = questionKey(q);
            target.answers.set(k, got.get(k) ?? "indeterminate");
          }
        })
        .finally(() => delete target.pending);
      await target.pending;
    }
    const answers = entry.answers;
    if (entry.gate?.questions !== questionsKey) {
      const digest = createHash("sha256");
      for (const q of questions) digest.update(`${questionKey(q)}=${answers.get(questionKey(q))}\n`);
      entry.gate = { questions: questionsKey, key: digest.digest("hex").slice(0, 32) };
    }
    return { decide: (q) => answers.get(questionKey(q)) ?? "indeterminate", gateKey: entry.gate.key };
  }

  clear(): void {
    this.entries.clear();
  }
}
