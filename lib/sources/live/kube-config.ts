import { existsSync } from "node:fs";
import { KubeConfig } from "@kubernetes/client-node";
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

/**
 * The credentials and server for `readObjects`: a kubeconfig file, the in-cluster service account, or the
 * default kubeconfig (KUBECONFIG, ~/.kube/config, then in-cluster). Bad input is a VigilError.
 */
export function loadKubeConfig(
  opts: { file?: string; context?: string; inCluster?: boolean } = {},
): KubeConfig {
  const kc = new KubeConfig();
  const { file, context } = opts;
  if (file !== undefined) {
    // A path given at run time: the hint keeps the bundler from tracing the whole project for it.
    if (!existsSync(/* turbopackIgnore: true */ file))
      throw new VigilError("unreadable-path", `cannot read the kubeconfig ${file}`);
    try {
      kc.loadFromFile(file);
    } catch (err) {
      throw new VigilError("bad-input", `the kubeconfig ${file} is not valid: ${(err as Error).message}`);
    }
  } else if (opts.inCluster) {
    kc.loadFromCluster();
  } else {
    try {
      kc.loadFromDefault();
    } catch (err) {
      throw new VigilError("bad-input", `cannot load the default kubeconfig: ${(err as Error).message}`);
    }
  }
  if (context !== undefined) {
    if (!kc.getContextObject(context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new VigilError(
        "bad-input",
        `no context "${context}" in the kubeconfig (it has: ${known.join(", ") || "none"})`,
      );
    }
    kc.setCurrentContext(context);
  }
  if (!kc.getCurrentCluster()) throw new VigilError("bad-input", "the kubeconfig has no current cluster");
  return kc;
}
