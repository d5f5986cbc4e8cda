import { expect, it } from 'vitest';
import { watchWording } from './watch-wording';

it('turns "run `lab check` again" into "save" for the watch screen, and leaves other text alone', () => {
  expect(watchWording('Fix the first failure (iam.x) and run `lab check` again, or `lab hint` for a nudge.')).toBe(
    'Fix the first failure (iam.x) and save, or `lab hint` for a nudge.',
  );
  expect(watchWording('Read its message above, run `lab check` again, and report it if it persists.')).toBe('Read its message above, save, and report it if it persists.');
  expect(watchWording('Run `lab check` again.')).toBe('Save.');
  expect(watchWording('run `lab quiz` or `lab hint`')).toBe('run `lab quiz` or `lab hint`');
});
