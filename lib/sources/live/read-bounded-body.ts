import type { IncomingMessage } from "node:http";
import { VigilError } from "@/lib/errors";

// A Kubernetes answer is read up to a byte bound, never buffered without limit (docs/security.md "What is
// bounded"): a list of a kind whose objects are large (ConfigMaps up to 1 MiB each) or a misbehaving server
// could otherwise fill the heap before a single object is parsed. The response is abandoned (the socket
// closed) the moment it passes the bound, or at once when its Content-Length already says it will.

export const MiB = 1024 * 1024;

/** The body as text; throws VigilError "too-large" past `maxBytes`. */
export function readBoundedBody(res: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () =>
      new VigilError("too-large", `the answer is larger than ${formatBytes(maxBytes)}, the most Vigil reads`);
    const declared = Number(res.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.destroy();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    res.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        chunks.length = 0;
        res.destroy();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", reject);
  });
}

export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  return bytes >= 1024 ? `${Math.round((bytes / 1024) * 10) / 10} KiB` : `${bytes} bytes`;
}
