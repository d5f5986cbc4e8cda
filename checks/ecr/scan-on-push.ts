import type { StackModel } from '../../engine/model/model';
import { defineCheck } from '../../engine/types';
import { judgeRepositories, repoLabel, repositoryName, wildcardMatch } from './repositories';

// A rule of the registry's scanning configuration that never scans by itself.
const MANUAL = 'MANUAL';

/**
 * Every repository has its images scanned when they are pushed: the repository's own basic
 * scan-on-push, or a registry scanning rule (basic or enhanced, with Amazon Inspector) whose filter
 * matches the repository and scans on push or continuously. With enhanced scanning the registry's
 * rules replace the repository setting, so either one is enough here.
 */
export const scanOnPush = defineCheck({
  id: 'ecr.scan-on-push',
  title: 'Images are scanned for vulnerabilities when they are pushed',
  severity: 'medium',
  why:
    'An image carries its base OS and every library the app installed. Scanning on push lists their known ' +
    'vulnerabilities before the image runs anywhere, so a release with a critical CVE can be stopped in CI ' +
    'instead of found in production. Enhanced scanning (Amazon Inspector) also rescans as new CVEs are published.',
  refs: {
    securityHub: ['ECR.1'],
    soc2: ['CC7.1'],
    docs: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html'],
  },
  offline({ model }) {
    const rules = registryRules(model);
    return judgeRepositories(model, (repo) => {
      if (repo.props.ImageScanningConfiguration?.ScanOnPush === true) return [];
      const name = repositoryName(model, repo.logicalId);
      if (rules.some((r) => r.frequency !== MANUAL && r.filters.some((f) => wildcardMatch(f, name)))) return [];
      return [
        model.finding(
          repo.logicalId,
          `${repoLabel(model, repo.logicalId)} does not scan images on push, and no registry scanning rule covers it`,
          'Set imageScanOnPush: true on the repository (or add a registry scanning rule with enhanced scanning).',
        ),
      ];
    });
  },
});

interface RegistryRule {
  frequency: string;
  filters: string[];
}

/** The rules of AWS::ECR::RegistryScanningConfiguration resources in the stack. */
export function registryRules(model: StackModel): RegistryRule[] {
  return model.ofType('AWS::ECR::RegistryScanningConfiguration').flatMap((cfg) =>
    ((cfg.props.Rules ?? []) as Record<string, any>[]).map((rule) => ({
      frequency: String(rule.ScanFrequency ?? MANUAL),
      filters: ((rule.RepositoryFilters ?? []) as Record<string, any>[]).map((f) => String(f.Filter ?? '')),
    })),
  );
}
