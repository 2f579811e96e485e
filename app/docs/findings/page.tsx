import { PageHeader, Panel } from "@/components/ui/panel";
import { RULES } from "@/lib/findings/catalogue";
import { AREA_SECTIONS, semanticsSectionOf } from "@/lib/findings/findings-doc";

// The manual's findings page (docs/findings.md) as the app serves it: every finding's "docs" link lands on its
// rule's section here. Both are written from the one catalogue, lib/findings/rules/.

export const metadata = { title: "Findings: what each rule means and what to do" };

export default function FindingsDocsPage() {
  return (
    <div className="space-y-6">
      <PageHeader
        title="Findings: what each rule means and what to do"
        description={
          <>
            Every finding carries a rule ID; its section below says what to do. A finding&apos;s severity is
            its own (it depends on scope and evidence). The exact conditions of each rule are in the
            manual&apos;s <code>docs/semantics.md</code>; this page is <code>docs/findings.md</code>.
          </>
        }
      />
      {AREA_SECTIONS.map((section) => (
        <Panel
          key={section.area}
          title={`${section.heading} (${section.prefixes})`}
          id={`area-${section.area}`}
        >
          <ol className="space-y-4">
            {[...RULES.values()]
              .filter((r) => r.area === section.area)
              .map((rule) => {
                const where = semanticsSectionOf(rule);
                return (
                  <li
                    key={rule.id}
                    id={rule.anchor}
                    className="scroll-mt-24 rounded border border-slate-200 p-3 target:border-blue-600 target:ring-2 target:ring-blue-600 dark:border-slate-700"
                    data-testid="rule-doc"
                  >
                    <h2 className="text-lg font-semibold">
                      <span className="font-mono">{rule.id}</span> {rule.title}
                    </h2>
                    <p className="mt-1">
                      <strong>What to do.</strong> {rule.remediation}
                    </p>
                    <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
                      When it fires: docs/semantics.md {where.label}. Upstream:{" "}
                      <a className="text-sky-800 underline dark:text-sky-300" href={rule.reference}>
                        {rule.reference}
                      </a>
                    </p>
                  </li>
                );
              })}
          </ol>
        </Panel>
      ))}
    </div>
  );
}
