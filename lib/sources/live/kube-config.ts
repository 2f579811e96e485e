import type { KubeConfig } from "@kubernetes/client-node";
import { loadKubeConfig } from "@/lib/sources/live/read-objects";
import { VigilError } from "@/lib/errors";

// Where the API server is for the live modes: VIGIL_KUBECONFIG (and VIGIL_KUBE_CONTEXT), or the pod's
// in-cluster configuration. Token mode uses only its server URL and CA; serviceaccount mode also its
// credentials (Vigil's own identity).

export function accessKubeConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): KubeConfig {
  const file = env.VIGIL_KUBECONFIG;
  if (!file && !env.KUBERNETES_SERVICE_HOST) {
    throw new VigilError(
      "unavailable",
      "no cluster configured: set VIGIL_KUBECONFIG, or run Vigil inside the cluster",
    );
  }
  return loadKubeConfig({
    ...(file ? { file } : { inCluster: true }),
    ...(env.VIGIL_KUBE_CONTEXT ? { context: env.VIGIL_KUBE_CONTEXT } : {}),
  });
}
