import { readFileSync } from "node:fs";
import https from "node:https";
import { APISERVER_URL, paths } from "@/dev/cluster/config";
import { join } from "node:path";

// The harness's own client for the local control plane, with the admin client certificate (system:masters).
// It writes (seeding, SubjectAccessReviews for the tests), so it lives in dev/, never in lib/: Vigil itself
// reads only through lib/sources/live/read-objects.ts. No kubectl needed.

export interface ApiAnswer {
  status: number;
  body: unknown;
  text: string;
  /** The `Warning` headers (admission warnings), as sent. */
  warnings: string[];
}

export interface AdminClient {
  request(
    method: string,
    path: string,
    body?: unknown,
    extraHeaders?: Readonly<Record<string, string | string[]>>,
  ): Promise<ApiAnswer>;
  close(): void;
}

export function adminClient(server = APISERVER_URL): AdminClient {
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 8,
    ca: readFileSync(join(paths.pki, "ca.crt")),
    cert: readFileSync(join(paths.pki, "admin.crt")),
    key: readFileSync(join(paths.pki, "admin.key")),
  });
  return {
    request(method, path, body, extraHeaders = {}) {
      return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = https.request(
          new URL(path, server),
          {
            method,
            agent,
            headers: {
              Accept: "application/json",
              ...extraHeaders,
              ...(payload === undefined
                ? {}
                : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) }),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              let parsed: unknown = undefined;
              try {
                parsed = JSON.parse(text);
              } catch {
                parsed = undefined;
              }
              // rawHeaders: Node joins repeated headers with ", ", and a warning's text has commas of its own.
              const warnings = res.rawHeaders.filter(
                (v, i) => i % 2 === 1 && res.rawHeaders[i - 1]?.toLowerCase() === "warning",
              );
              resolve({ status: res.statusCode ?? 0, body: parsed, text, warnings });
            });
            res.on("error", reject);
          },
        );
        req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${path}: no answer within 30 s`)));
        req.on("error", reject);
        if (payload !== undefined) req.write(payload);
        req.end();
      });
    },
    close: () => agent.destroy(),
  };
}
