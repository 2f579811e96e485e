import type { SubjectRef } from "@/lib/findings/types";
import type { UserInfo } from "@/lib/rbac/types";
import { serviceAccountUser, userInfoFor } from "@/lib/rbac/user-info";

// The identity to ask about for a binding subject (docs/semantics.md §2 "Who a binding applies to"): a user or a service account with the
// groups the API server adds; a group as an identity in that group only (no user name of its own), so the answer
// is what membership of that group alone gives.
export function subjectIdentity(subject: SubjectRef, extraGroups: readonly string[] = []): UserInfo {
  switch (subject.kind) {
    case "User":
      return userInfoFor(subject.name, extraGroups);
    case "ServiceAccount":
      return userInfoFor(serviceAccountUser(subject.namespace ?? "", subject.name), extraGroups);
    case "Group":
      return { name: "", groups: [subject.name] };
  }
}
