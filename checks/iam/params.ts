// Parameter validation shared by the IAM checks: labs name resources by construct id.

/** A construct id parameter (`{ bucket: 'Assets' }`); throws a readable Error when it is wrong. */
export function constructIdParam(checkId: string, raw: Record<string, unknown>, name: string): string;
export function constructIdParam(checkId: string, raw: Record<string, unknown>, name: string, optional: true): string | undefined;
export function constructIdParam(checkId: string, raw: Record<string, unknown>, name: string, optional = false): string | undefined {
  const value = raw[name];
  if (value === undefined && optional) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`${checkId} needs the parameter "${name}": the construct id of the resource (a non-empty string), got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Refuses parameters the check does not know, so a typo in a lab manifest is caught. */
export function noOtherParams(checkId: string, raw: Record<string, unknown>, known: string[]): void {
  const extra = Object.keys(raw).filter((k) => !known.includes(k));
  if (extra.length) throw new Error(`${checkId} does not take the parameter(s) ${extra.join(', ')}; it takes ${known.join(', ')}`);
}
