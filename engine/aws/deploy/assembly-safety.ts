// The cloud assembly was written by the learner's app, in a sandbox. Deploying it must not turn
// into running their code in the runner's process after all: an asset manifest may name an
// `executable` that the toolkit would run to build an asset. Such assets are refused; files and
// Dockerfiles are built the ordinary way (zip, `docker build`), as `cdk deploy` does.
import { join } from 'node:path';
import { LabError } from '../../errors';
import { readUntrustedJson } from '../../synth/assembly';

interface AssetSource {
  executable?: unknown;
}

/** Throws E_ASSEMBLY when any asset of the assembly is built by running a command. */
export function assertNoExecutableAssets(assemblyDir: string): void {
  const manifest = readUntrustedJson(assemblyDir, join(assemblyDir, 'manifest.json')) as {
    artifacts?: Record<string, { type?: string; properties?: { file?: unknown } }>;
  };
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type !== 'cdk:asset-manifest' || typeof artifact.properties?.file !== 'string') continue;
    const assets = readUntrustedJson(assemblyDir, join(assemblyDir, artifact.properties.file)) as {
      files?: Record<string, { source?: AssetSource }>;
      dockerImages?: Record<string, { source?: AssetSource }>;
    };
    const all = [...Object.entries(assets.files ?? {}), ...Object.entries(assets.dockerImages ?? {})];
    const bad = all.find(([, a]) => a.source?.executable !== undefined);
    if (bad) {
      throw new LabError(
        'E_ASSEMBLY',
        `asset ${bad[0]} of ${id} is built by running a command, which ecs-lab does not deploy — use a file, a folder or a Dockerfile asset instead`,
      );
    }
  }
}
