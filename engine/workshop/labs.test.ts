import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { parseLabs } from './labs';

describe('--labs', () => {
  it('takes lab ids or slugs, comma-separated, once each, in the order given', () => {
    expect(parseLabs('security/iam-roles, container-image,security/iam-roles').map((l) => l.id)).toEqual(['security/iam-roles', 'foundation/container-image']);
  });

  it('refuses an unknown lab and a layer with one line, exit 2', () => {
    for (const [arg, message] of [
      ['security/iam-rolez', '--labs: "security/iam-rolez" is not a lab — run `lab list` for the lab ids'],
      ['security', '--labs: "security" is a layer; name its labs — run `lab list` for the lab ids'],
      [' , ', '--labs names no lab — e.g. --labs security/iam-roles,foundation/container-image (see `lab list`)'],
    ]) {
      expect(() => parseLabs(arg)).toThrow(LabError);
      expect(() => parseLabs(arg)).toThrow(message);
    }
  });
});
