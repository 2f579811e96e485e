import { VigilError } from "@/lib/errors";

// A budget for expensive requests (the what-if analysis), per viewer and for the whole server. The analysis is
// synchronous CPU work, so running two at once only makes both slower and stalls every other request: they
// run one at a time, in arrival order, with a turn of the event loop before each so that other viewers'
// requests are served in between. Each viewer may have one in flight and spend `cpuMsPerWindow` of CPU per
// `windowMs` (a token bucket refilled continuously); the queue holds at most `maxQueued`. Anything beyond is
// refused at once with "rate-limited" (HTTP 429 with Retry-After), never queued without bound.

interface WorkBudgetOptions {
  cpuMsPerWindow: number;
  windowMs: number;
  maxQueued: number;
  /** Milliseconds; the work is synchronous, so its wall time on this thread is its CPU time. */
  clock?: () => number;
  /** Lets the event loop turn before each piece of work (tests pass an immediate one). */
  yieldTurn?: () => Promise<void>;
}

interface Bucket {
  level: number;
  at: number;
  running: boolean;
}

export class WorkBudget {
  private readonly buckets = new Map<string, Bucket>();
  private queue: Promise<unknown> = Promise.resolve();
  private queued = 0;
  private readonly clock: () => number;
  private readonly yieldTurn: () => Promise<void>;

  constructor(private readonly options: WorkBudgetOptions) {
    this.clock = options.clock ?? (() => performance.now());
    this.yieldTurn = options.yieldTurn ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  }

  private bucketOf(user: string): Bucket {
    const now = this.clock();
    const rate = this.options.cpuMsPerWindow / this.options.windowMs;
    let b = this.buckets.get(user);
    if (!b) {
      b = { level: this.options.cpuMsPerWindow, at: now, running: false };
      this.buckets.set(user, b);
    } else {
      b.level = Math.min(this.options.cpuMsPerWindow, b.level + (now - b.at) * rate);
      b.at = now;
    }
    // Forget full, idle buckets so that the map stays as small as the set of recent users.
    if (this.buckets.size > 1000) {
      for (const [k, other] of this.buckets) {
        if (!other.running && other.level + (now - other.at) * rate >= this.options.cpuMsPerWindow) {
          this.buckets.delete(k);
        }
      }
    }
    return b;
  }

  /** Runs `work` for `user` within the budget, or throws VigilError("rate-limited"). */
  async run<T>(user: string, work: () => T): Promise<T> {
    const bucket = this.bucketOf(user);
    if (bucket.running) {
      throw new VigilError("rate-limited", "another what-if of yours is still running: wait for its answer", {
        retryAfterSeconds: 1,
      });
    }
    if (bucket.level <= 0) {
      const rate = this.options.cpuMsPerWindow / this.options.windowMs;
      throw new VigilError("rate-limited", "you have used this minute's what-if budget: try again shortly", {
        retryAfterSeconds: -bucket.level / rate / 1000 + 1,
      });
    }
    if (this.queued >= this.options.maxQueued) {
      throw new VigilError("rate-limited", "the server is busy with other what-ifs: try again shortly", {
        retryAfterSeconds: 2,
      });
    }
    bucket.running = true;
    this.queued++;
    const turn = this.queue.then(async () => {
      await this.yieldTurn();
      const started = this.clock();
      try {
        return work();
      } finally {
        const b = this.bucketOf(user);
        b.level -= this.clock() - started;
      }
    });
    this.queue = turn.catch(() => undefined);
    try {
      return await turn;
    } finally {
      bucket.running = false;
      this.queued--;
    }
  }
}
