import { AuthorizationV1Api, type KubeConfig } from "@kubernetes/client-node";
import type { AccessAnswer, AccessQuestion } from "@/lib/gating/gate-snapshot";
import { questionKey } from "@/lib/gating/gate-snapshot";
import { accessKubeConfig } from "@/lib/sources/live/kube-config";
import type { KubernetesIdentity } from "@/lib/gating/rbac-decide";
import { userInfoFor } from "@/lib/rbac/user-info";

// Serviceaccount mode: before showing a kind in a namespace, Vigil asks the API server whether the signed-in
// user (not Vigil) may list it, with a SubjectAccessReview. A review is an authorization query, never stored
// by the API server; it is the one request of Vigil's that is not a GET (RBAC: create
// subjectaccessreviews.authorization.k8s.io, nothing else).

interface AccessReviewRequest {
  user: string;
  groups: readonly string[];
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

interface AccessReviewResult {
  allowed: boolean;
  denied: boolean;
  reason?: string;
}

export async function reviewAccess(
  request: AccessReviewRequest,
  kubeConfig: KubeConfig = accessKubeConfig(),
): Promise<AccessReviewResult> {
  const api = kubeConfig.makeApiClient(AuthorizationV1Api);
  const review = await api.createSubjectAccessReview({
    body: {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: {
        user: request.user,
        groups: [...request.groups],
        resourceAttributes: {
          verb: request.verb,
          group: request.group,
          resource: request.resource,
          ...(request.subresource !== undefined ? { subresource: request.subresource } : {}),
          ...(request.namespace !== undefined ? { namespace: request.namespace } : {}),
          ...(request.name !== undefined ? { name: request.name } : {}),
        },
      },
    },
  });
  const status = review.status;
  return {
    allowed: status?.allowed === true,
    denied: status?.denied === true,
    ...(status?.reason ? { reason: status.reason } : {}),
  };
}

/** Answers every question with one review each, a few at a time; a review that fails answers "indeterminate". */
export async function reviewQuestions(
  questions: readonly AccessQuestion[],
  identity: KubernetesIdentity,
  kubeConfig: KubeConfig,
  concurrency = 8,
): Promise<Map<string, AccessAnswer>> {
  const user = userInfoFor(identity.name, identity.groups);
  const answers = new Map<string, AccessAnswer>();
  let next = 0;
  async function worker(): Promise<void> {
    while (next < questions.length) {
      const q = questions[next++];
      if (!q) continue;
      try {
        const r = await reviewAccess(
          {
            user: user.name,
            groups: user.groups,
            verb: q.verb,
            group: q.group,
            resource: q.resource,
            ...(q.namespace !== undefined ? { namespace: q.namespace } : {}),
            ...(q.name !== undefined ? { name: q.name } : {}),
          },
          kubeConfig,
        );
        answers.set(questionKey(q), r.allowed ? "allow" : "deny");
      } catch {
        answers.set(questionKey(q), "indeterminate");
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, () => worker()));
  return answers;
}
