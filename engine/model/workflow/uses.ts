// `uses:` references, split the way GitHub resolves them (workflow syntax, jobs.<id>.steps[*].uses
// and jobs.<id>.uses): `./path` is in this repository, `docker://image` is a container image,
// anything else is `owner/repo[/path]@ref`.
import type { UsesRef, Where } from './types';

/** A full-length commit SHA: the only immutable ref (GitHub security hardening guide, "Using third-party actions"). */
const FULL_SHA = /^[0-9a-f]{40}$/;
/** An image digest (`@sha256:<64 hex>`), the only immutable Docker reference. */
const DIGEST = /@sha256:[0-9a-f]{64}$/;

export function parseUses(raw: string, at: Where): UsesRef {
  const text = raw.trim();
  if (text.startsWith('./') || text.startsWith('../')) return { kind: 'local', raw: text, path: text, at };
  if (text.startsWith('docker://')) {
    const image = text.slice('docker://'.length);
    return { kind: 'docker', raw: text, image, digestPinned: DIGEST.test(image), at };
  }
  const atSign = text.lastIndexOf('@');
  const name = atSign >= 0 ? text.slice(0, atSign) : text;
  const ref = atSign >= 0 ? text.slice(atSign + 1) : '';
  const [owner = '', repo = '', ...rest] = name.split('/');
  return { kind: 'remote', raw: text, owner, repo, path: rest.length ? rest.join('/') : undefined, ref, shaPinned: FULL_SHA.test(ref), at };
}

/** `owner/repo` of a remote ref, lower-cased (GitHub owner and repository names are case-insensitive). */
export function actionName(ref: UsesRef): string | undefined {
  return ref.kind === 'remote' ? `${ref.owner}/${ref.repo}`.toLowerCase() : undefined;
}
