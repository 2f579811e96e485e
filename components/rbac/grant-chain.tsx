import Link from "next/link";
import type { ChainView } from "@/lib/views/build-access-view";
import { refLabel, subjectLabel } from "@/lib/views/build-access-view";
import { YamlLink } from "@/components/ui/yaml-link";

/** Grant chains: through whom, which binding, which role (and the ClusterRole it was aggregated from), which rule. */
export function GrantChains({ chains }: { chains: readonly ChainView[] }) {
  return (
    <ol className="space-y-1">
      {chains.map((c, i) => (
        <li key={i} className="text-sm leading-6" data-testid="grant-chain">
          <Link href={c.viaHref} className="font-medium underline">
            {c.via.kind} {subjectLabel(c.via)}
          </Link>
          <span aria-hidden="true"> → </span>
          <span className="sr-only"> bound by </span>
          <YamlLink object={c.binding} className="underline">
            {c.binding.kind} <span className="font-mono">{refLabel(c.binding)}</span>
          </YamlLink>
          <span aria-hidden="true"> → </span>
          <span className="sr-only"> to </span>
          <Link href={c.roleHref} className="underline">
            {c.role.kind} <span className="font-mono">{refLabel(c.role)}</span>
          </Link>{" "}
          (
          <YamlLink object={c.role} className="underline">
            YAML
          </YamlLink>
          )
          {c.aggregatedFrom && c.aggregatedFromHref && (
            <>
              {" "}
              (aggregated from{" "}
              <Link href={c.aggregatedFromHref} className="underline">
                <span className="font-mono">{refLabel(c.aggregatedFrom)}</span>
              </Link>
              )
            </>
          )}
          <span aria-hidden="true"> : </span>
          <span className="sr-only"> rule </span>
          <span className="text-slate-700 dark:text-slate-300">{c.rule}</span>
        </li>
      ))}
    </ol>
  );
}
