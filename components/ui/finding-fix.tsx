// What to do about a finding, and the link to its rule's own section of the manual (/docs/findings#<rule>). One
// component for every list of findings, so each area says it the same way. `clamp` keeps it to one line in a
// dense list (the whole text stays in the tooltip and on the docs page).

export function FindingFix({
  rule,
  remediation,
  docs,
  clamp = false,
}: {
  rule: string;
  remediation: string;
  docs: string;
  clamp?: boolean;
}) {
  return (
    <p
      className="mt-1 flex items-baseline gap-2 text-sm text-slate-800 dark:text-slate-200"
      data-testid="finding-fix"
    >
      <span
        className={`min-w-0 flex-1 ${clamp ? "line-clamp-1" : ""}`}
        title={clamp ? remediation : undefined}
      >
        <strong>What to do:</strong> {remediation}
      </span>
      <a
        href={docs}
        className="shrink-0 font-medium text-sky-800 underline dark:text-sky-300"
        data-testid="finding-docs"
        // The accessible name starts with the visible text (axe: label-content-name-mismatch).
        aria-label={`${rule} docs, in the manual`}
      >
        {rule} docs
      </a>
    </p>
  );
}
