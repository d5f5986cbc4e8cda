// The catalogue of labs: sorted by layer and order, found by id, slug or layer. Loading it
// reads only the manifests (no aws-cdk-lib), so `lab list` stays fast.
import { closestName } from '../suggest';
import { LABS } from '../../labs';
import { LabError } from '../errors';
import { LAYERS, type LabManifest, type LayerId } from '../types';

export function listLabs(): LabManifest[] {
  return [...LABS].sort((a, b) => LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer) || a.order - b.order);
}

export function slugOf(lab: LabManifest): string {
  return lab.id.split('/')[1];
}

export function isLayer(name: string): name is LayerId {
  return (LAYERS as readonly string[]).includes(name);
}

export function labsOfLayer(layer: LayerId): LabManifest[] {
  return listLabs().filter((l) => l.layer === layer);
}

/** A lab by id (`security/iam-roles`) or slug (`iam-roles`). */
export function findLab(name: string): LabManifest | undefined {
  return LABS.find((l) => l.id === name) ?? LABS.find((l) => slugOf(l) === name);
}

/** The lab, or a LabError that suggests the closest layer or lab. */
export function requireLab(name: string): LabManifest {
  const lab = findLab(name);
  if (lab) return lab;
  throw unknownName(name);
}

export function unknownName(name: string): LabError {
  const names = [...LAYERS, ...LABS.map((l) => l.id)];
  const guess = closestName(name.toLowerCase(), names, { floor: 3, divisor: 3 });
  const suggestion = guess ? `did you mean \`${guess}\`? ` : '';
  return new LabError('E_UNKNOWN_LAB', `no layer or lab called "${name}" — ${suggestion}run \`lab list\` to see them all`);
}

/**
 * What `lab start <name>` means: a lab id or slug, or a layer (its first lab not yet passed,
 * or its first lab when all are passed).
 */
export function resolveStartTarget(name: string, isPassed: (labId: string) => boolean): LabManifest {
  if (isLayer(name)) {
    const labs = labsOfLayer(name);
    if (labs.length === 0) {
      throw new LabError('E_UNKNOWN_LAB', `the ${name} layer has no labs yet — run \`lab list\` to see the labs there are`);
    }
    return labs.find((l) => !isPassed(l.id)) ?? labs[0];
  }
  return requireLab(name);
}
