// Every check, by id. The check library lives in checks/<domain>/, one file per check.
import { ALL_CHECKS } from '../../checks';
import type { CheckDefinition } from '../types';

const byId = new Map<string, CheckDefinition<any>>(ALL_CHECKS.map((c) => [c.id, c]));

export function checkById(id: string): CheckDefinition<any> | undefined {
  return byId.get(id);
}

export function allChecks(): CheckDefinition<any>[] {
  return [...byId.values()];
}
