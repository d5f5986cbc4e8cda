// The right answer to every drawn item, in this workspace's letters. For the lab contract test
// (the solution answers every draw right) and end-to-end tests; the CLI never prints it.
import type { ItemAnswer, LabAnswers } from './answers-file';
import type { Draw, DrawnItem } from './draw';

export function rightAnswer(d: DrawnItem): ItemAnswer | undefined {
  switch (d.kind) {
    case 'choice':
      return { kind: 'choice', label: d.options.find((o) => d.item.options.find((x) => x.key === o.key)!.correct)!.label };
    case 'multi':
      return { kind: 'multi', labels: d.options.filter((o) => d.item.options.find((x) => x.key === o.key)!.correct).map((o) => o.label) };
    case 'match': {
      const pairs: Record<number, string> = {};
      d.left.forEach((p, i) => (pairs[i + 1] = d.right.find((r) => r.value === d.item.pairs[p].right)!.label));
      return { kind: 'match', pairs };
    }
    case 'order':
      return { kind: 'order', labels: [...d.steps].sort((a, b) => a.index - b.index).map((s) => s.label) };
    case 'exact':
      return { kind: 'exact', value: d.item.answer };
    case 'evidence':
      return undefined;
  }
}

/** Right answers to every drawn item, with the given reflections. */
export function rightAnswers(draw: Draw, reflections: Record<string, string> = {}): LabAnswers {
  const items: Record<string, ItemAnswer> = {};
  for (const q of draw.questions) {
    for (const d of q.items) {
      const a = rightAnswer(d);
      if (a) items[d.item.id] = a;
    }
  }
  return { items, reflections };
}
