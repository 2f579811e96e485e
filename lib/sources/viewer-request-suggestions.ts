import "server-only";
import { readSessionToken } from "@/lib/auth/read-session";
import type { RequestSuggestions } from "@/lib/rbac/request-suggestions";
import { requestSuggestions } from "@/lib/sources/request-suggestions";
import type { AccessMode } from "@/lib/sources/access-modes";
import type { Snapshot } from "@/lib/model/types";

/** The access forms' suggestions for the signed-in viewer (lib/sources/request-suggestions.ts). */
export async function viewerRequestSuggestions(ctx: {
  mode: AccessMode;
  snapshot: Snapshot;
}): Promise<RequestSuggestions> {
  const idToken = ctx.mode === "token" ? ((await readSessionToken())?.idToken ?? "") : "";
  return requestSuggestions(ctx.mode, ctx.snapshot, idToken);
}
