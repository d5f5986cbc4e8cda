// Every bullet and key question of the five layers, and every scenario and challenge bullet, is
// taught by some lab, and every claim
// a lab makes in `covers` is backed by one of its checks (engine/catalogue/check-curriculum.ts)
// or one of its question items (`curriculum:` in questions.yaml).
import { describe, expect, it } from 'vitest';
import { CHECK_CURRICULUM } from '../engine/catalogue/check-curriculum';
import { CURRICULUM, isCurriculumId } from '../engine/catalogue/curriculum';
import { checkById } from '../engine/checking/registry';
import { loadLabQuestions } from '../engine/questions/load';
import { labFolder } from '../engine/workspace/workspace';
import { LABS } from './index';

describe('curriculum coverage', () => {
  it('the check table names real checks and real curriculum ids', () => {
    for (const [check, ids] of Object.entries(CHECK_CURRICULUM)) {
      expect(checkById(check), check).toBeDefined();
      for (const id of ids) expect(isCurriculumId(id), `${check} → ${id}`).toBe(true);
    }
  });

  it('every bullet and key question of the curriculum (layers, scenarios, challenges) is in some lab\'s covers', () => {
    const covered = new Set(LABS.flatMap((l) => l.covers));
    expect(CURRICULUM.map((c) => c.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  it.each(LABS.map((l) => [l.id, l] as const))('%s backs every covers id with a check or a question item', (_id, lab) => {
    const asked = new Set(loadLabQuestions(labFolder(lab)).questions.map((q) => q.curriculum));
    const proved = new Set(lab.checks.flatMap((c) => CHECK_CURRICULUM[c.id] ?? []));
    expect(lab.covers.filter((id) => !asked.has(id) && !proved.has(id))).toEqual([]);
  });
});
