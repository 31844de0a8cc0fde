import * as tf from '@tensorflow/tfjs-core';
import type { Generator } from '../model/buildGenerator';

/**
 * A contact sheet of sample predictions: one row per image, columns [input | healthy x - m | |m| scaled]
 * (the map column is |m| / 2 divided by its maximum over the sheet, so faint maps stay visible).
 * images: size*size gray [0, 1] each. Returns gray [0, 1] of (3*size) x (rows*size).
 */
export async function sampleSheet(g: Generator, images: Float32Array[], size: number): Promise<{ data: Float32Array; width: number; height: number; mapMax: number }> {
  const rows = images.length;
  const width = 3 * size;
  const height = rows * size;
  const data = new Float32Array(width * height);
  if (rows === 0) return { data, width, height, mapMax: 0 };
  const batch = new Float32Array(rows * size * size);
  images.forEach((img, i) => batch.set(img, i * size * size));
  const [mT, hT] = tf.tidy(() => {
    const x = tf.sub(tf.mul(tf.tensor4d(batch, [rows, size, size, 1]), 2), 1) as tf.Tensor4D;
    const m = g.apply(x);
    return [tf.div(tf.abs(m), 2), tf.clipByValue(tf.div(tf.add(tf.sub(x, m), 1), 2), 0, 1)];
  });
  let map: Float32Array;
  let healthy: Float32Array;
  try {
    [map, healthy] = (await Promise.all([mT!.data(), hT!.data()])) as [Float32Array, Float32Array];
  } finally {
    tf.dispose([mT!, hT!]);
  }
  let mapMax = 0;
  for (const v of map) mapMax = Math.max(mapMax, v);
  for (let r = 0; r < rows; r++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const src = r * size * size + y * size + x;
        const dst = (r * size + y) * width + x;
        data[dst] = images[r]![y * size + x]!;
        data[dst + size] = healthy[src]!;
        data[dst + 2 * size] = mapMax > 0 ? map[src]! / mapMax : 0;
      }
    }
  }
  return { data, width, height, mapMax };
}
