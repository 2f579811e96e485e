// Fetches a module's go.mod from the Go module proxy the machine is configured for (GOPROXY, as `go env`
// reports it), so that one dropped connection does not fail a 15-minute kube-apiserver build: each proxy is
// tried a bounded number of times with exponential backoff. The proxy list follows Go's own rules: after a
// comma, the next proxy is tried only when this one answers 404 or 410 (it does not have the module); after a
// pipe, on any failure. `direct` and `off` are not HTTP proxies and end the list.

export interface FetchGoModOptions {
  /** The GOPROXY value, e.g. "https://proxy.golang.org,direct". */
  goproxy: string;
  /** Attempts per proxy (at least 1); by default 7, which with the default delays waits out about a minute. */
  attempts?: number;
  /** Delay before the second attempt; doubled for each further one. */
  baseDelayMs?: number;
  fetch?: (url: string) => Promise<Response>;
  sleep?: (ms: number) => Promise<void>;
  /** Told about each failed attempt that will be retried. */
  onRetry?: (message: string) => void;
}

interface ProxyEntry {
  url: string;
  /** Whether the next entry may be tried after any failure (a pipe follows), or only after 404/410. */
  fallThroughOnError: boolean;
}

/** The HTTP proxies of a GOPROXY value, in order, up to the first `direct` or `off`. */
export function parseGoProxy(goproxy: string): ProxyEntry[] {
  const entries: ProxyEntry[] = [];
  const re = /([^,|]+)([,|]?)/g;
  for (const m of goproxy.matchAll(re)) {
    const url = (m[1] ?? "").trim();
    if (url === "direct" || url === "off") break;
    if (url === "") continue;
    entries.push({ url: url.replace(/\/+$/, ""), fallThroughOnError: m[2] === "|" });
  }
  return entries;
}

/** Go's proxy protocol escapes upper-case letters in module paths as "!" + lower case. */
export function escapeModulePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

class NotFound extends Error {}

function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * A failed request's message with its cause: fetch says only "fetch failed", and the code of the cause
 * (ECONNRESET, ENOTFOUND, ETIMEDOUT, …) is what tells a dropped connection from a missing route or name.
 */
function networkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  const detail =
    cause instanceof Error
      ? ((cause as Error & { code?: unknown }).code ?? cause.message)
      : typeof cause === "object" && cause !== null && "code" in cause
        ? (cause as { code: unknown }).code
        : undefined;
  return detail === undefined || detail === "" ? error.message : `${error.message} (${String(detail)})`;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The text of `module@version`'s go.mod, or an error that says which proxies were tried and what failed. */
export async function fetchGoMod(
  modulePath: string,
  version: string,
  options: FetchGoModOptions,
): Promise<string> {
  const attempts = Math.max(1, options.attempts ?? 7);
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const doFetch = options.fetch ?? ((url: string) => fetch(url));
  const sleep = options.sleep ?? defaultSleep;
  const proxies = parseGoProxy(options.goproxy);
  if (proxies.length === 0) {
    throw new Error(
      `cannot fetch ${modulePath}@${version}: GOPROXY="${options.goproxy}" names no module proxy ` +
        `(set GOPROXY=https://proxy.golang.org or your organisation's proxy)`,
    );
  }
  const problems: string[] = [];
  for (const proxy of proxies) {
    const url = `${proxy.url}/${escapeModulePath(modulePath)}/@v/${escapeModulePath(version)}.mod`;
    let last = "";
    let notFound = false;
    let tried = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      tried = attempt;
      try {
        const res = await doFetch(url);
        if (res.ok) return await res.text();
        last = `HTTP ${res.status}`;
        if (res.status === 404 || res.status === 410) throw new NotFound(last);
        if (!retryable(res.status)) break;
      } catch (error) {
        if (error instanceof NotFound) {
          notFound = true;
          break;
        }
        last = networkError(error);
      }
      if (attempt < attempts) {
        const delay = baseDelayMs * 2 ** (attempt - 1);
        options.onRetry?.(`${url}: ${last}; attempt ${attempt + 1} of ${attempts} in ${delay} ms`);
        await sleep(delay);
      }
    }
    problems.push(`${proxy.url}: ${last}${tried > 1 ? ` after ${tried} attempts` : ""}`);
    if (!notFound && !proxy.fallThroughOnError) break;
  }
  throw new Error(
    `cannot fetch the go.mod of ${modulePath}@${version} from the Go module proxy (${problems.join("; ")}); ` +
      `check the network or GOPROXY, then run the build again`,
  );
}
