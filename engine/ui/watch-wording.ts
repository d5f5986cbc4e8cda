// Messages are written for a learner who runs `lab check` by hand. In `lab check --watch` a save
// re-checks, so "run `lab check` again" is wrong advice there: the watch screen rewords it.

const RUN_AGAIN = /(,? and |,? then |; )?\b(re-?run|run) `lab check`( again)?/gi;

/** The text with "run `lab check` again" turned into "save" (the watch re-checks on every save). */
export function watchWording(text: string): string {
  return text.replace(RUN_AGAIN, (_m, joint: string | undefined, verb: string) => `${joint ?? ''}${verb[0] === 'R' ? 'Save' : 'save'}`);
}
