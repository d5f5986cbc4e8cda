import { defineCheck } from '../../engine/types';
import { keyVerdict } from './customer-managed-key';
import { judgeRepositories, repoLabel } from './repositories';

const HINT = 'Create a kms.Key (enableKeyRotation: true) and pass it: encryption: ecr.RepositoryEncryption.KMS, encryptionKey: key.';

/**
 * Every repository encrypts its images with a customer managed KMS key (EncryptionType KMS or
 * KMS_DSSE with a KmsKey). The default AES256 (and KMS without a key, the AWS managed aws/ecr
 * key) encrypts too, but with a key whose use you cannot limit, audit per repository or revoke.
 */
export const encryptedWithKms = defineCheck({
  id: 'ecr.encrypted-with-kms',
  title: 'Images are encrypted with a customer managed KMS key',
  severity: 'low',
  why:
    'ECR always encrypts at rest, by default with keys AWS owns. A customer managed key puts a second lock on the ' +
    'images: its key policy decides who may use it, every use is in CloudTrail, and disabling it makes the images ' +
    'unreadable. Note that encryption is fixed when the repository is created: changing it replaces the repository.',
  refs: {
    securityHub: ['ECR.5'],
    soc2: ['CC6.1'],
    docs: ['https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html'],
  },
  offline({ model }) {
    return judgeRepositories(model, (repo) => {
      const cfg = repo.props.EncryptionConfiguration ?? {};
      const type = String(cfg.EncryptionType ?? 'AES256');
      const label = repoLabel(model, repo.logicalId);
      if (type === 'AES256') return [model.finding(repo.logicalId, `${label} is encrypted with AES256 keys that AWS owns, not a customer managed KMS key`, HINT)];
      const key = keyVerdict(model, cfg.KmsKey);
      if (key.kind === 'customer') return [];
      const which = key.kind === 'none' ? 'the AWS managed key aws/ecr' : `the AWS managed key ${key.name}`;
      return [model.finding(repo.logicalId, `${label} uses ${type} with ${which}, not a customer managed key`, HINT)];
    });
  },
});
