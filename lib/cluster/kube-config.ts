import { KubeConfig } from "@kubernetes/client-node";
import { VigilError } from "@/lib/errors";

// Where the API server is for the live modes: VIGIL_KUBECONFIG, or the pod's in-cluster configuration.
// Token mode uses only its server URL and CA; serviceaccount mode also its credentials (Vigil's own identity).

export function loadKubeConfig(env: Readonly<Record<string, string | undefined>> = process.env): KubeConfig {
  const kc = new KubeConfig();
  const path = env.VIGIL_KUBECONFIG;
  try {
    if (path) {
      kc.loadFromFile(path);
      if (env.VIGIL_KUBE_CONTEXT) kc.setCurrentContext(env.VIGIL_KUBE_CONTEXT);
    } else if (env.KUBERNETES_SERVICE_HOST) {
      kc.loadFromCluster();
    } else {
      throw new VigilError(
        "unavailable",
        "no cluster configured: set VIGIL_KUBECONFIG, or run Vigil inside the cluster",
      );
    }
  } catch (err) {
    if (err instanceof VigilError) throw err;
    throw new VigilError(
      "unavailable",
      `cannot read the kubeconfig ${path ?? "(in-cluster)"}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (!kc.getCurrentCluster()) throw new VigilError("unavailable", "the kubeconfig names no current cluster");
  return kc;
}
