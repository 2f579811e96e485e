// Links to the read-only YAML view of a policy, role or binding (app/objects, lib/sources/object-yaml.ts).

/** The kinds the YAML view shows; never a Secret, nor any kind not listed here. */
export const YAML_KINDS = [
  "NetworkPolicy",
  "ClusterNetworkPolicy",
  "AdminNetworkPolicy",
  "BaselineAdminNetworkPolicy",
  "Role",
  "ClusterRole",
  "RoleBinding",
  "ClusterRoleBinding",
] as const;
export type YamlKind = (typeof YAML_KINDS)[number];

const NAMESPACED: ReadonlySet<YamlKind> = new Set(["NetworkPolicy", "Role", "RoleBinding"]);

export function isNamespacedYamlKind(kind: YamlKind): boolean {
  return NAMESPACED.has(kind);
}

/** `/objects/Role/shop/deployer`, `/objects/ClusterRole/admin` (each part one URL segment). */
export function objectHref(ref: { kind: string; namespace?: string; name: string }): string | undefined {
  if (!(YAML_KINDS as readonly string[]).includes(ref.kind)) return undefined;
  const kind = ref.kind as YamlKind;
  if (isNamespacedYamlKind(kind) !== (ref.namespace !== undefined)) return undefined;
  const parts = [kind, ...(ref.namespace !== undefined ? [ref.namespace] : []), ref.name];
  return `/objects/${parts.map(encodeURIComponent).join("/")}`;
}
