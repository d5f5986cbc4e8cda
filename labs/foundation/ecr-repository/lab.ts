// "The registry behind the service": the foundation lab on ECR management and multi-architecture
// builds. The learner's stack owns the repository the service pulls from and the bake file CI
// builds it with; the breaks open the repository, loosen its tags and rules, or build for the
// wrong CPU. The task: encrypt the images with a customer managed key.
import { defineLab } from '../../../engine/types';

const MUTABLE = {
  find: '      // A tag names one image for ever: v1.4.2 cannot be pushed twice.\n      imageTagMutability: ecr.TagMutability.IMMUTABLE,\n',
  replace: '      // Hotfix: re-push v1.4.2 instead of cutting v1.4.3.\n      imageTagMutability: ecr.TagMutability.MUTABLE,\n',
};
const KEEP_TEN = "repository.addLifecycleRule({ description: 'Keep the last 10 images', tagStatus: ecr.TagStatus.ANY, maxImageCount: 10 });";
const PUSH_GRANT = '    repository.grantPullPush(ciRole);\n';

export default defineLab({
  id: 'foundation/ecr-repository',
  title: 'The registry behind the service',
  layer: 'foundation',
  order: 2,
  minutes: 40,
  objectives: [
    'Scan every image on push and make tags immutable, so a task definition always means one image',
    'Write lifecycle rules that clean up old images but keep what a rollback needs',
    'Encrypt the images with a customer managed KMS key',
    'Keep the repository policy to the account: no principal outside it can pull or push',
    'Build a multi-platform image for the CPU architecture the tasks run on (ARM64 on Graviton)',
  ],
  covers: ['foundation/ecr-management', 'foundation/multi-arch-builds', 'foundation/q/image-size'],
  entry: 'stack.ts',
  stackName: 'EcrRepositoryLab',
  breaks: [
    {
      id: 'shared-with-everyone',
      kind: 'code',
      story:
        'A partner asked for "read access to our image". The same afternoon a hotfix was re-pushed as v1.4.2 instead of ' +
        'v1.4.3, and someone trimmed the repository "to save storage". The service still runs, but nobody can say which ' +
        'image v1.4.2 is any more, a stranger could pull it, and last week\'s release is gone.',
      edits: [
        { file: 'stack.ts', ...MUTABLE },
        { file: 'stack.ts', find: KEEP_TEN, replace: "repository.addLifecycleRule({ description: 'Storage is money', tagStatus: ecr.TagStatus.ANY, maxImageCount: 1 });" },
        {
          file: 'stack.ts',
          find: PUSH_GRANT,
          replace:
            PUSH_GRANT +
            '    // For the partner: they asked for read access to our image.\n' +
            "    repository.addToResourcePolicy(new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }));\n",
        },
      ],
      breaks: ['ecr.immutable-tags', 'ecr.lifecycle-keeps-rollback', 'ecr.repository-policy-account-only'],
    },
    {
      id: 'graviton-amd64-build',
      kind: 'code',
      story:
        'To cut CI time, a teammate made the bake file build "just the platform we use" — on their Intel laptop. The ' +
        'next deploy to the Graviton tasks never became healthy: every task stopped with "exec format error".',
      edits: [{ file: 'docker-bake.hcl', find: 'platforms  = ["linux/amd64", "linux/arm64"]', replace: 'platforms  = ["linux/amd64"]' }],
      breaks: ['ecr.image-platforms-match-runtime'],
    },
    {
      id: 'age-based-cleanup',
      kind: 'code',
      story:
        'Finance asked to "delete images older than a month". The rule was merged just before the holidays; in January ' +
        'the service scaled out, and the new tasks could not pull the image the service was running.',
      edits: [{ file: 'stack.ts', find: KEEP_TEN, replace: "repository.addLifecycleRule({ description: 'Nothing older than a month', tagStatus: ecr.TagStatus.ANY, maxImageAge: Duration.days(30) });" }],
      breaks: ['ecr.lifecycle-keeps-rollback'],
    },
  ],
  defaultBreak: 'shared-with-everyone',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change what the lab is about.
    { id: 'app.verifiable-offline', params: { services: ['ecr', 'kms'] }, points: 1 },
    { id: 'ecr.scan-on-push', points: 2 },
    { id: 'ecr.immutable-tags', points: 2 },
    { id: 'ecr.lifecycle-keeps-rollback', params: { keep: 3 }, points: 3 },
    { id: 'ecr.encrypted-with-kms', points: 2 },
    { id: 'ecr.repository-policy-account-only', points: 3 },
    { id: 'ecr.image-platforms-match-runtime', points: 3 },
  ],
  taskChecks: ['ecr.encrypted-with-kms'],
  hints: [
    'Run `lab check` and read each finding: each names the repository setting or the bake file line it is about. Ask ' +
      'who should be able to pull from this repository, whether a tag may ever point at another image, and which ' +
      'images a rollback would need tomorrow.',
    'The repository props carry the settings: imageTagMutability, imageScanOnPush, encryption and encryptionKey. ' +
      'Lifecycle rules come from repository.addLifecycleRule; keep images by count, never by age. Roles of this ' +
      'account pull through their IAM policies, so the repository policy needs no public statement. For the CPU, ' +
      'compare runtimePlatform in stack.ts with `platforms` in docker-bake.hcl.',
    "Create `new kms.Key(this, 'ImageKey', { enableKeyRotation: true })` and pass `encryption: ecr.RepositoryEncryption.KMS, " +
      'encryptionKey` to the repository; use `ecr.TagMutability.IMMUTABLE`; keep `maxImageCount: 10` on the ANY rule ' +
      '(untagged images may expire by age); delete the `AnyPrincipal` statement; and build `platforms = ["linux/amd64", ' +
      '"linux/arm64"]` in docker-bake.hcl.',
  ],
});
