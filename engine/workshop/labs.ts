// `lab workshop init --labs <ids>`: the labs every learner gets, named by id (or slug), comma-separated.
import { findLab, isLayer } from '../catalogue/catalogue';
import { LabError } from '../errors';
import type { LabManifest } from '../types';

export function parseLabs(arg: string): LabManifest[] {
  const names = arg.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new LabError('E_USAGE', '--labs names no lab — e.g. --labs security/iam-roles,foundation/container-image (see `lab list`)');
  const labs: LabManifest[] = [];
  for (const name of names) {
    const lab = findLab(name);
    if (!lab) {
      const layer = isLayer(name) ? ` is a layer; name its labs` : ' is not a lab';
      throw new LabError('E_UNKNOWN_LAB', `--labs: "${name.slice(0, 80)}"${layer} — run \`lab list\` for the lab ids`);
    }
    if (!labs.includes(lab)) labs.push(lab);
  }
  return labs;
}
