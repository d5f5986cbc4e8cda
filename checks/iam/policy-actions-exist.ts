import { actionPatternScope, statementLabel } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { roleLabel, rolesOfTasks, taskDefinitionsOf } from './task-roles';

/**
 * Every action named in the task definition's role policies exists in the action catalogue. IAM
 * accepts a misspelt action without complaint, and it then matches nothing.
 */
export const policyActionsExist = defineCheck({
  id: 'iam.policy-actions-exist',
  title: 'Every action in the task’s role policies is a real IAM action',
  severity: 'medium',
  why:
    'IAM does not reject an action that does not exist: `s3:GetObjects` is stored as written and matches nothing. ' +
    'A misspelt Allow fails at run time with AccessDenied, and a misspelt Deny silently protects nothing.',
  refs: { docs: ['https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html'] },
  async offline({ model }) {
    const tds = taskDefinitionsOf(model);
    if ('finding' in tds) return { status: 'fail', findings: [tds.finding] };
    const findings: Finding[] = [];
    for (const { td, role } of rolesOfTasks(model, tds.ok)) {
      if ('finding' in role) continue;
      // AWS managed documents are copies of AWS's own; only the stack's statements can be misspelt.
      for (const policy of role.ok.policies.filter((p) => p.kind !== 'aws-managed')) {
        for (const [index, st] of policy.statements.entries()) {
          for (const pattern of [...(st.actions ?? []), ...(st.notActions ?? [])]) {
            const scope = await actionPatternScope(pattern);
            if (scope.kind !== 'no-such-action') continue;
            findings.push(
              model.finding(
                policy.logicalId,
                `${roleLabel(model, td, role.ok.logicalId)}: ${statementLabel(index, st)} (${st.effect}) of ${policy.name} names "${pattern}", but ${scope.reason}`,
                'Check the spelling against the Service Authorization Reference (or use a CDK grant method, which spells them for you).',
              ),
            );
          }
        }
      }
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});
