import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader, Panel } from "@/components/ui/panel";
import { publicMessageOf, VigilError } from "@/lib/errors";
import type { ObjectRefInput, ObjectYaml } from "@/lib/sources/object-yaml";
import { viewerObjectYaml } from "@/lib/sources/viewer-object-yaml";
import { roleHref } from "@/lib/views/build-access-view";
import { hrefWith, pathSegment } from "@/lib/views/page-query";
import { isNamespacedYamlKind, YAML_KINDS, type YamlKind } from "@/lib/views/object-href";

// The read-only YAML view of one policy, role or binding (/objects/Role/shop/deployer, /objects/ClusterRole/admin),
// as the viewer may see it: lib/sources/object-yaml.ts reads it. A linkable page, so a meeting can open it by URL.

export const dynamic = "force-dynamic";

type Params = Promise<{ kind: string; name: string[] }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

function parseRef(kind: string, parts: readonly string[]): ObjectRefInput | undefined {
  if (!(YAML_KINDS as readonly string[]).includes(kind)) return undefined;
  const k = kind as YamlKind;
  const decoded = parts.map(pathSegment);
  if (isNamespacedYamlKind(k)) {
    const [namespace, name, ...rest] = decoded;
    return namespace && name && rest.length === 0 ? { kind: k, namespace, name } : undefined;
  }
  const [name, ...rest] = decoded;
  return name && rest.length === 0 ? { kind: k, name } : undefined;
}

function label(ref: ObjectRefInput): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}

export async function generateMetadata({ params }: { params: Params }) {
  const { kind, name } = await params;
  const ref = parseRef(kind, name);
  return { title: ref ? `${label(ref)} (YAML)` : "YAML" };
}

/** Where the object is used on the pages: the role's page, the network page's policies. */
function contextLink(ref: ObjectRefInput, present: string | undefined): { href: string; text: string } {
  if (ref.kind === "Role" || ref.kind === "ClusterRole") {
    const href = roleHref({
      kind: ref.kind,
      ...(ref.namespace ? { namespace: ref.namespace } : {}),
      name: ref.name,
    });
    return {
      href: present ? `${href}?present=${present}` : href,
      text: `${ref.kind} ${ref.name}: rules and holders`,
    };
  }
  if (ref.kind === "RoleBinding" || ref.kind === "ClusterRoleBinding") {
    return { href: hrefWith("/access", { q: ref.name, present }) + "#bindings", text: "Access: bindings" };
  }
  return {
    href: hrefWith("/network", { ns: ref.namespace, present }) + "#policies",
    text: "Network: policies in tier order",
  };
}

export default async function ObjectYamlPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: Search;
}) {
  const { kind, name } = await params;
  const ref = parseRef(kind, name);
  if (!ref) notFound();
  const presentParam = (await searchParams)["present"];
  const present = typeof presentParam === "string" ? presentParam : undefined;
  let found: ObjectYaml | undefined;
  let error: { code: string; message: string } | undefined;
  try {
    found = await viewerObjectYaml(ref);
  } catch (err) {
    if (!(err instanceof VigilError)) throw err;
    error = { code: err.code, message: publicMessageOf(err) };
  }
  const back = contextLink(ref, present);
  return (
    <div className="space-y-6">
      <p>
        <Link href={back.href} className="underline">
          ← {back.text}
        </Link>
      </p>
      <PageHeader
        title={label(ref)}
        description={
          found
            ? found.from === "cluster"
              ? "Read-only YAML, read from the cluster just now with your access. metadata.managedFields is left out."
              : "Read-only YAML, from the manifests Vigil serves, as your access lets you see them. metadata.managedFields is left out."
            : undefined
        }
      />
      {error && (
        <p
          role="alert"
          data-testid="object-yaml-error"
          className="rounded border-2 border-[#a6361c] p-3 text-lg font-semibold dark:border-[#ff8a65]"
        >
          <span aria-hidden="true">✕ </span>
          {error.code === "forbidden"
            ? "Not visible to you. "
            : error.code === "not-found"
              ? "Not found. "
              : ""}
          {error.message}
        </p>
      )}
      {found && (
        <Panel title="YAML">
          <pre
            data-testid="object-yaml"
            tabIndex={0}
            aria-label={`${label(ref)} as YAML`}
            className="max-h-[70vh] overflow-auto rounded bg-slate-100 p-3 font-mono text-sm leading-6 text-slate-900 dark:bg-slate-900 dark:text-slate-100 [html.present_&]:text-lg [html.present_&]:leading-8"
          >
            {found.yaml}
          </pre>
        </Panel>
      )}
    </div>
  );
}
