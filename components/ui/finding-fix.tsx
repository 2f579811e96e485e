// What to do about a finding, and the link to its rule's own section of the manual (/docs/findings#<rule>). One
// component for every list of findings, so each area says it the same way. `clamp` (the overview's panels) keeps
// it to three lines, enough for most remediations whole: the docs link floats at the right of the first line
// only, so the text has the whole width below it; a longer remediation ends in an ellipsis, and its whole text is
// in the tooltip, on the finding's own page and at the docs link.

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
  const link = (
    <a
      href={docs}
      className={`shrink-0 font-medium text-sky-800 underline dark:text-sky-300 ${clamp ? "float-right ml-2" : ""}`}
      data-testid="finding-docs"
      // The accessible name starts with the visible text (axe: label-content-name-mismatch).
      aria-label={`${rule} docs, in the manual`}
    >
      {rule} docs
    </a>
  );
  if (clamp)
    return (
      <div
        className="mt-1 line-clamp-3 text-sm text-slate-800 dark:text-slate-200"
        data-testid="finding-fix"
        data-clamped="3"
        title={remediation}
      >
        {/* One block inside the clamped box: the float and the text share its lines. */}
        <p>
          {link}
          <strong>What to do:</strong> {remediation}
        </p>
      </div>
    );
  return (
    <p
      className="mt-1 flex items-baseline gap-2 text-sm text-slate-800 dark:text-slate-200"
      data-testid="finding-fix"
    >
      <span className="min-w-0 flex-1">
        <strong>What to do:</strong> {remediation}
      </span>
      {link}
    </p>
  );
}
