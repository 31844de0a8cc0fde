/**
 * TF.js's Adam with the per-variable update run as one kernel where the backend has it (TagGanAdam on wasm:
 * one pass instead of ~12 element-wise kernels per variable). Same state (slots, accBeta1/2, iterations), so
 * getWeights / setWeights and checkpoints are unchanged; same float32 operations in the same order, so the
 * same numbers. Elsewhere it is TF.js's Adam.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAM, type AdamAttrs } from '../tf/kernels/wasmAdam';

interface Slot { originalName: string; variable: tf.Variable }

/** The AdamOptimizer fields this class reads and writes (public in JavaScript, protected in the typings). */
interface AdamState {
  learningRate: number; beta1: number; beta2: number; epsilon: number;
  accBeta1: tf.Variable; accBeta2: tf.Variable;
  accumulatedFirstMoment: Slot[]; accumulatedSecondMoment: Slot[];
  incrementIterations(): void;
}

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(ADAM, tf.getBackend())) {
      super.applyGradients(variableGradients);
      return;
    }
    const s = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    // TF.js computes sub(1, accBeta) in float32: the correctly rounded difference, as fround gives here.
    const c1 = Math.fround(1 - s.accBeta1.dataSync()[0]!);
    const c2 = Math.fround(1 - s.accBeta2.dataSync()[0]!);
    const attrs: AdamAttrs = { beta1: s.beta1, beta2: s.beta2, c1, c2, epsilon: s.epsilon, learningRate: s.learningRate };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        s.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.variable(tf.zerosLike(value), false)) };
        s.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.variable(tf.zerosLike(value), false)) };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = s.accumulatedFirstMoment[i]!.variable;
        const v = s.accumulatedSecondMoment[i]!.variable;
        const [w2, m2, v2] = tf.engine().runKernel(ADAM, { w: value, g: gradient, m, v }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
        m.assign(m2!);
        v.assign(v2!);
        value.assign(w2!);
      });
      s.accBeta1.assign(tf.mul(s.accBeta1, s.beta1));
      s.accBeta2.assign(tf.mul(s.accBeta2, s.beta2));
    });
    s.incrementIterations();
  }
}

/** tf.train.adam with the fused update where the backend has it. */
export function adam(learningRate: number, beta1: number, beta2: number, epsilon?: number): tf.AdamOptimizer {
  return new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
