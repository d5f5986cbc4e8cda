import { describe, expect, it } from 'vitest';
import { edited, GOOD_WORKFLOW, runOnWorkflow } from './workflow-fixtures';
import { workflowProductionEnvironment } from './workflow-production-environment';

describe('automation.workflow-production-environment', () => {
  it('Compliance 1: environment: production (and the mapping form)', async () => {
    expect((await runOnWorkflow(workflowProductionEnvironment, GOOD_WORKFLOW)).status).toBe('pass');
    expect((await runOnWorkflow(workflowProductionEnvironment, edited('environment: production', 'environment:\n      name: production\n      url: https://shop.example.com'))).status).toBe('pass');
  });

  it('Noncompliance 1: no environment; another environment', async () => {
    expect((await runOnWorkflow(workflowProductionEnvironment, edited('    environment: production\n', ''))).findings[0].message).toMatch(/outside any environment/);
    expect((await runOnWorkflow(workflowProductionEnvironment, edited('environment: production', 'environment: staging'))).findings[0].message).toMatch(/"staging", not "production"/);
  });
});
