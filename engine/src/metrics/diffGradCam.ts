/**
 * DiffGradCAM: mean heat inside the truth minus mean heat outside it. Positive when the heat map (Grad-CAM
 * or a disease map) concentrates on the lesion. Null when the truth is empty or covers every pixel.
 * @param heat Float32Array heat map, same length as truth
 * @param truth Uint8Array 0/1 truth mask (or rasterised boxes)
 */
export function diffGradCam(heat: Float32Array, truth: Uint8Array): number | null {
  if (heat.length !== truth.length) throw new RangeError(`diffGradCam: heat has ${heat.length} pixels, truth ${truth.length}`);
  let sIn = 0;
  let nIn = 0;
  let sOut = 0;
  let nOut = 0;
  for (let i = 0; i < heat.length; i++) {
    if (truth[i]) {
      sIn += heat[i];
      nIn++;
    } else {
      sOut += heat[i];
      nOut++;
    }
  }
  return nIn === 0 || nOut === 0 ? null : sIn / nIn - sOut / nOut;
}
