import { createPrng } from './prng';

/**
 * Which images of a phantom set are abnormal: floor(count / 2) of them, chosen by a seeded shuffle
 * (so the label is not simply the index parity). Returns one boolean per index (true = abnormal).
 */
export function phantomLabels(seed: string | number, count: number): boolean[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`phantomLabels: bad count ${count}`);
  const order = Array.from({ length: count }, (_, i) => i);
  const r = createPrng(`${seed}/labels/${count}`);
  for (let i = count - 1; i > 0; i--) {
    const j = r.int(0, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const abnormal = new Array<boolean>(count).fill(false);
  for (let k = 0; k < Math.floor(count / 2); k++) abnormal[order[k]] = true;
  return abnormal;
}
