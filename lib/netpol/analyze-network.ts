import type { Snapshot } from "@/lib/model/types";
import { candidateSourceFinder } from "@/lib/netpol/candidate-sources";
import {
  addClusterSelectors,
  assignClusterPolicies,
  buildClusterTiers,
  prepareClusterPolicies,
} from "@/lib/netpol/cluster-tiers";
import { buildSides } from "@/lib/netpol/evaluate-side";
import { atomLookup, buildExternalRanges } from "@/lib/netpol/external-ranges";
import type { InvalidPolicy, NetworkAnalysis } from "@/lib/netpol/network-analysis";
import { clusterPolicyRanges } from "@/lib/netpol/normalize-cluster-policy";
import { normalizePolicy, type NormalizedPolicy } from "@/lib/netpol/normalize-policy";
import {
  addPolicySelectors,
  assignPolicies,
  buildPodClasses,
  buildSelectorScope,
  newSignatureInputs,
} from "@/lib/netpol/pod-classes";
import { buildClassBits, rulePortResolver, ruleMatcher } from "@/lib/netpol/rule-bitsets";
import { addUnevaluatedSelectors, unevaluatedClassBits } from "@/lib/netpol/unevaluated-policies";
import { validatePolicy } from "@/lib/netpol/validate-policy";

// The class-based reachability engine (docs/semantics.md §1 rules 1-21, §1b rules 22-26), in named steps:
//   1. validation: invalid policies are set aside and reported, never evaluated (rule 21; cluster-tier
//      policies as their CRDs would reject them, cluster-tiers.ts);
//   2. external ranges: addresses split at every ipBlock / networks boundary (external-ranges.ts);
//   3. pod classes: pods alike for every selector and named port share one class (pod-classes.ts);
//   4. rule bitsets: which classes and ranges each rule's peers match (rule-bitsets.ts, cluster-tiers.ts);
//   5. sides: the egress and ingress answers per class pair or range, tiers included (evaluate-side.ts);
//   6. pair computation: the candidate sources of each destination (candidate-sources.ts).
// The result is projected to pods, workloads or namespaces by project-graph.ts.

const analyses = new WeakMap<Snapshot, NetworkAnalysis>();

/**
 * The analysis of one snapshot, computed once per snapshot object: the Network page, the overview, the
 * findings and the JSON routes of one request (and of one cached viewer snapshot) share it. Snapshots are
 * never changed after they are built; a what-if builds a new one.
 */
export function analyzeNetwork(snapshot: Snapshot): NetworkAnalysis {
  let analysis = analyses.get(snapshot);
  if (!analysis) {
    analysis = computeNetworkAnalysis(snapshot);
    analyses.set(snapshot, analysis);
  }
  return analysis;
}

function computeNetworkAnalysis(snapshot: Snapshot): NetworkAnalysis {
  const policies: NormalizedPolicy[] = [];
  const invalid: InvalidPolicy[] = [];
  snapshot.networkPolicies.forEach((policy, index) => {
    const problems = validatePolicy(policy);
    if (problems.length > 0) invalid.push({ index, policy, problems });
    else policies.push(normalizePolicy(policy, index));
  });
  const { clusterPolicies, invalidCluster } = prepareClusterPolicies(snapshot);

  const atoms = buildExternalRanges(policies, clusterPolicyRanges(clusterPolicies));
  const atomOf = atomLookup(atoms);

  const scope = buildSelectorScope(
    snapshot,
    policies.map((p) => p.namespace),
  );
  const inputs = newSignatureInputs();
  addPolicySelectors(inputs, scope, policies);
  addClusterSelectors(inputs, scope, clusterPolicies);
  addUnevaluatedSelectors(inputs, scope, snapshot);
  const { classes, podClass } = buildPodClasses(snapshot, inputs, atomOf);
  assignPolicies(classes, policies);

  const bits = buildClassBits(classes, atoms, scope);
  assignClusterPolicies(classes, clusterPolicies, bits);
  const matchRule = ruleMatcher(bits, atoms.length);
  const rulePorts = rulePortResolver(classes);
  const tiers = buildClusterTiers(classes, clusterPolicies, bits, atoms.length);

  const sides = buildSides(classes, policies, atoms.length, matchRule, rulePorts, tiers.tiersOf);
  const candidateSources = candidateSourceFinder(
    classes,
    policies,
    scope,
    sides.rulesOf,
    matchRule,
    rulePorts,
    tiers.addAcceptSources,
  );

  return {
    snapshot,
    policies,
    invalid,
    clusterPolicies,
    invalidCluster,
    unevaluatedClasses: unevaluatedClassBits(snapshot, classes, bits),
    classes,
    podClass,
    atoms,
    namespaceLabels: scope.namespaceLabels,
    matchRule,
    matchClusterRule: tiers.match,
    rulePorts,
    candidateSources,
    openSide: sides.openSide,
    isolated: (c, direction) => sides.rulesOf(c, direction) !== undefined,
    classToClass: sides.classToClass,
    classToAtom: sides.classToAtom,
    atomToClass: sides.atomToClass,
    atomOf,
  };
}
