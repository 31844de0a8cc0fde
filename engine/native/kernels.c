/*
 * TagGAN Desk's own wasm SIMD kernels for training on the TF.js wasm backend.
 *
 * The module imports the backend's memory (env.memory) and works on tensors in place by their heap offsets,
 * so a call costs no copy. Rules that keep it safe inside another module's memory:
 *  - no static data, no globals written, no shadow stack: plain loops over pointers and scalar / v128 locals
 *    only (build.sh refuses a module with a data segment or any use of its stack pointer;
 *    tests/unit/tf/nativeKernels.test.ts rebuilds it and compares with the committed bytes);
 *  - scratch memory comes from the caller (allocated with the backend's malloc).
 * The convolution kernels take (part, parts) and do the part-th of `parts` disjoint shares of the work
 * (writing disjoint outputs), so several threads can run one call together (engine/src/tf/native/kernelPool.ts).
 * Build: engine/native/build.sh (clang 14, wasm32, -msimd128) -> engine/src/tf/native/kernelsWasm.ts.
 * wasm32: pointers and `long` are 32-bit; tensors live in a heap of at most 4 GB, so indices fit.
 */
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

typedef float f32;

/* The part-th of `parts` shares of [0, n): [share_lo, share_hi) (the last share takes the rest). */
static int share_lo(int n, int part, int parts) {
  return (int)((long long)n * part / parts);
}
static int share_hi(int n, int part, int parts) {
  return part == parts - 1 ? n : share_lo(n, part + 1, parts);
}

/* ---- instance normalisation (NHWC, per image and channel over H*W) ------------------------------------ */

/*
 * y = (x - mean) * rstd, rstd = 1 / sqrt(var + eps), var = mean((x - mean)^2) (biased, two passes, sums in
 * double). x, y: [N, HW, C]; rstd: [N, C]; acc: scratch of C doubles. One thread: a helper costs a pass this
 * light more than it saves (measured: [6,128,128,16] 1.6 ms alone, 2.8 ms with one).
 */
EXPORT(in_fwd) void in_fwd(const f32 *x, f32 *y, f32 *rstd, double *acc, int N, int HW, int C, f32 eps) {
  const double inv = 1.0 / (double)HW;
  for (int n = 0; n < N; n++) {
    const f32 *xn = x + (long)n * HW * C;
    f32 *yn = y + (long)n * HW * C;
    f32 *rn = rstd + n * C;
    /* mean */
    for (int c = 0; c < C; c++) acc[c] = 0;
    for (int p = 0; p < HW; p++) {
      const f32 *row = xn + (long)p * C;
      int c = 0;
      for (; c + 4 <= C; c += 4) {
        v128_t v = wasm_v128_load(row + c);
        wasm_v128_store(acc + c, wasm_f64x2_add(wasm_v128_load(acc + c), wasm_f64x2_promote_low_f32x4(v)));
        wasm_v128_store(acc + c + 2, wasm_f64x2_add(wasm_v128_load(acc + c + 2), wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 0, 1))));
      }
      for (; c < C; c++) acc[c] += row[c];
    }
    for (int c = 0; c < C; c++) rn[c] = (f32)(acc[c] * inv); /* the mean, for now */
    /* variance */
    for (int c = 0; c < C; c++) acc[c] = 0;
    for (int p = 0; p < HW; p++) {
      const f32 *row = xn + (long)p * C;
      int c = 0;
      for (; c + 4 <= C; c += 4) {
        v128_t d = wasm_f32x4_sub(wasm_v128_load(row + c), wasm_v128_load(rn + c));
        d = wasm_f32x4_mul(d, d);
        wasm_v128_store(acc + c, wasm_f64x2_add(wasm_v128_load(acc + c), wasm_f64x2_promote_low_f32x4(d)));
        wasm_v128_store(acc + c + 2, wasm_f64x2_add(wasm_v128_load(acc + c + 2), wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(d, d, 2, 3, 0, 1))));
      }
      for (; c < C; c++) {
        f32 d = row[c] - rn[c];
        acc[c] += d * d;
      }
    }
    /* acc <- mean (as double, from the f32 mean), rn <- rstd */
    for (int c = 0; c < C; c++) {
      f32 mean = rn[c];
      f32 var = (f32)(acc[c] * inv);
      rn[c] = 1.0f / __builtin_sqrtf(var + eps);
      acc[c] = mean;
    }
    for (int p = 0; p < HW; p++) {
      const f32 *row = xn + (long)p * C;
      f32 *out = yn + (long)p * C;
      int c = 0;
      for (; c + 4 <= C; c += 4) {
        v128_t m = wasm_f32x4_demote_f64x2_zero(wasm_v128_load(acc + c));
        v128_t m2 = wasm_f32x4_demote_f64x2_zero(wasm_v128_load(acc + c + 2));
        m = wasm_i32x4_shuffle(m, m2, 0, 1, 4, 5);
        wasm_v128_store(out + c, wasm_f32x4_mul(wasm_f32x4_sub(wasm_v128_load(row + c), m), wasm_v128_load(rn + c)));
      }
      for (; c < C; c++) out[c] = (row[c] - (f32)acc[c]) * rn[c];
    }
  }
}

/*
 * Gradient of in_fwd: dx = rstd * (dy - mean(dy) - y * mean(dy * y)) per image and channel.
 * dy, y, dx: [N, HW, C]; rstd: [N, C]; acc: scratch of 3*C doubles (two sums, then both means as f32).
 * One thread, as in_fwd.
 */
EXPORT(in_bwd) void in_bwd(const f32 *dy, const f32 *y, const f32 *rstd, f32 *dx, double *acc, int N, int HW, int C) {
  const double inv = 1.0 / (double)HW;
  double *s1 = acc, *s2 = acc + C;
  f32 *m1 = (f32 *)(s1 + 2 * C), *m2 = m1 + C; /* the means as f32, after the sums */
  for (int n = 0; n < N; n++) {
    const long base = (long)n * HW * C;
    const f32 *g = dy + base, *yn = y + base;
    f32 *o = dx + base;
    const f32 *rn = rstd + n * C;
    for (int c = 0; c < C; c++) s1[c] = s2[c] = 0;
    for (int p = 0; p < HW; p++) {
      const f32 *gr = g + (long)p * C, *yr = yn + (long)p * C;
      int c = 0;
      for (; c + 4 <= C; c += 4) {
        v128_t a = wasm_v128_load(gr + c);
        v128_t b = wasm_f32x4_mul(a, wasm_v128_load(yr + c));
        wasm_v128_store(s1 + c, wasm_f64x2_add(wasm_v128_load(s1 + c), wasm_f64x2_promote_low_f32x4(a)));
        wasm_v128_store(s1 + c + 2, wasm_f64x2_add(wasm_v128_load(s1 + c + 2), wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(a, a, 2, 3, 0, 1))));
        wasm_v128_store(s2 + c, wasm_f64x2_add(wasm_v128_load(s2 + c), wasm_f64x2_promote_low_f32x4(b)));
        wasm_v128_store(s2 + c + 2, wasm_f64x2_add(wasm_v128_load(s2 + c + 2), wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(b, b, 2, 3, 0, 1))));
      }
      for (; c < C; c++) {
        s1[c] += gr[c];
        s2[c] += gr[c] * yr[c];
      }
    }
    for (int c = 0; c < C; c++) {
      m1[c] = (f32)(s1[c] * inv);
      m2[c] = (f32)(s2[c] * inv);
    }
    for (int p = 0; p < HW; p++) {
      const f32 *gr = g + (long)p * C, *yr = yn + (long)p * C;
      f32 *orow = o + (long)p * C;
      int c = 0;
      for (; c + 4 <= C; c += 4) {
        v128_t t = wasm_f32x4_sub(wasm_f32x4_sub(wasm_v128_load(gr + c), wasm_v128_load(m1 + c)), wasm_f32x4_mul(wasm_v128_load(yr + c), wasm_v128_load(m2 + c)));
        wasm_v128_store(orow + c, wasm_f32x4_mul(t, wasm_v128_load(rn + c)));
      }
      for (; c < C; c++) orow[c] = (gr[c] - m1[c] - yr[c] * m2[c]) * rn[c];
    }
  }
}

/* ---- Adam (TF.js's AdamOptimizer update, same operations in the same order) ------------------------------ */

/*
 * m2 = m * b1 + g * (1 - b1); v2 = v * b2 + g^2 * (1 - b2);
 * w2 = w + ((m2 / c1) / (sqrt(v2 / c2) + eps)) * -lr, with c1 = 1 - b1^t, c2 = 1 - b2^t.
 */
EXPORT(adam) void adam(const f32 *w, const f32 *g, const f32 *m, const f32 *v, f32 *w2, f32 *m2, f32 *v2, int n,
                       f32 b1, f32 omb1, f32 b2, f32 omb2, f32 c1, f32 c2, f32 eps, f32 neglr) {
  v128_t B1 = wasm_f32x4_splat(b1), O1 = wasm_f32x4_splat(omb1), B2 = wasm_f32x4_splat(b2), O2 = wasm_f32x4_splat(omb2);
  v128_t C1 = wasm_f32x4_splat(c1), C2 = wasm_f32x4_splat(c2), E = wasm_f32x4_splat(eps), L = wasm_f32x4_splat(neglr);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t gi = wasm_v128_load(g + i);
    v128_t mi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(m + i), B1), wasm_f32x4_mul(gi, O1));
    v128_t vi = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), B2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), O2));
    v128_t step = wasm_f32x4_div(wasm_f32x4_div(mi, C1), wasm_f32x4_add(wasm_f32x4_sqrt(wasm_f32x4_div(vi, C2)), E));
    wasm_v128_store(m2 + i, mi);
    wasm_v128_store(v2 + i, vi);
    wasm_v128_store(w2 + i, wasm_f32x4_add(wasm_f32x4_mul(step, L), wasm_v128_load(w + i)));
  }
  for (; i < n; i++) {
    f32 gi = g[i];
    f32 mi = m[i] * b1 + gi * omb1;
    f32 vi = v[i] * b2 + (gi * gi) * omb2;
    m2[i] = mi;
    v2[i] = vi;
    w2[i] = ((mi / c1) / (__builtin_sqrtf(vi / c2) + eps)) * neglr + w[i];
  }
}

/* ---- convolution pieces XNNPACK runs slowly: one-channel sides, strided filter gradients ---------------- */

static void zero(f32 *p, long n) {
  for (long i = 0; i < n; i++) p[i] = 0;
}

/* Output columns [lo, hi) whose input column ow*s + k - pad lies in [0, W). */
static int col_lo(int k, int s, int pad) {
  int d = pad - k; /* need ow*s >= d */
  return d <= 0 ? 0 : (d + s - 1) / s;
}
static int col_hi(int OW, int W, int k, int s, int pad) {
  int d = W - 1 + pad - k; /* need ow*s <= d */
  if (d < 0) return 0;
  int hi = d / s + 1;
  return hi < OW ? hi : OW;
}

/*
 * Filter gradient of a convolution with zero padding (pt rows on top, pl columns on the left; what lies outside
 * x is zero and is skipped, so x is never copied into a padded buffer): dw[kh, kw, ci, co] =
 * sum over n, oh, ow of x[n, oh*sh + kh - pt, ow*sw + kw - pl, ci] * dy[n, oh, ow, co].
 * x [N, H, W, Ci], dy [N, OH, OW, Co], dw [KH, KW, Ci, Co] (this share's entries overwritten). One row of dy
 * and the KH rows of x it meets stay in cache while every tap runs over them. Co >= 4: vectors over co, work
 * items (tap, ci), each owning dw[tap, ci, :]; Co < 4: vectors over ci, items (tap, co), each owning
 * dw[tap, :, co]. Shares split the items.
 */
EXPORT(conv_bpf) void conv_bpf(const f32 *x, const f32 *dy, f32 *dw, int N, int H, int W, int Ci, int OH, int OW, int Co,
                               int KH, int KW, int sh, int sw, int pt, int pl, int part, int parts) {
  const int xs = sw * Ci; /* x step per output column */
  const int wide = Co >= 4;
  const int items = KH * KW * (wide ? Ci : Co);
  const int i0 = share_lo(items, part, parts), i1 = share_hi(items, part, parts);
  if (wide) {
    zero(dw + (long)i0 * Co, (long)(i1 - i0) * Co);
  } else {
    for (int it = i0; it < i1; it++) {
      f32 *o = dw + (long)(it / Co) * Ci * Co + it % Co;
      for (int ci = 0; ci < Ci; ci++) o[(long)ci * Co] = 0;
    }
  }
  for (int n = 0; n < N; n++) {
    for (int oh = 0; oh < OH; oh++) {
      const f32 *dyr0 = dy + ((long)n * OH + oh) * OW * Co;
      for (int it = i0; it < i1; it++) {
        const int tap = wide ? it / Ci : it / Co, kh = tap / KW, kw = tap % KW;
        const int ih = oh * sh + kh - pt;
        if (ih < 0 || ih >= H) continue;
        const int lo = col_lo(kw, sw, pl), hi = col_hi(OW, W, kw, sw, pl);
        if (lo >= hi) continue;
        const int OWr = hi - lo; /* the output columns this tap meets inside x */
        const f32 *dyr = dyr0 + (long)lo * Co;
        const f32 *xr = x + (((long)n * H + ih) * W + (long)lo * sw + kw - pl) * Ci;
        if (wide) {
          const int ci = it % Ci;
          const f32 *xc = xr + ci;
          f32 *out = dw + (long)it * Co;
          int co = 0;
          for (; co + 16 <= Co; co += 16) {
            v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
            const f32 *d = dyr + co;
            for (int ow = 0; ow < OWr; ow++, d += Co) {
              v128_t s = wasm_f32x4_splat(xc[(long)ow * xs]);
              a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(s, wasm_v128_load(d)));
              a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(s, wasm_v128_load(d + 4)));
              a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(s, wasm_v128_load(d + 8)));
              a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(s, wasm_v128_load(d + 12)));
            }
            wasm_v128_store(out + co, wasm_f32x4_add(wasm_v128_load(out + co), a0));
            wasm_v128_store(out + co + 4, wasm_f32x4_add(wasm_v128_load(out + co + 4), a1));
            wasm_v128_store(out + co + 8, wasm_f32x4_add(wasm_v128_load(out + co + 8), a2));
            wasm_v128_store(out + co + 12, wasm_f32x4_add(wasm_v128_load(out + co + 12), a3));
          }
          for (; co + 4 <= Co; co += 4) {
            v128_t a0 = wasm_f32x4_splat(0);
            const f32 *d = dyr + co;
            for (int ow = 0; ow < OWr; ow++, d += Co) a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_splat(xc[(long)ow * xs]), wasm_v128_load(d)));
            wasm_v128_store(out + co, wasm_f32x4_add(wasm_v128_load(out + co), a0));
          }
          for (; co < Co; co++) {
            f32 a = 0;
            for (int ow = 0; ow < OWr; ow++) a += xc[(long)ow * xs] * dyr[(long)ow * Co + co];
            out[co] += a;
          }
        } else {
          const int co = it % Co;
          f32 *dwt = dw + (long)tap * Ci * Co;
          int ci = 0;
          for (; ci + 16 <= Ci; ci += 16) {
            v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
            const f32 *xc = xr + ci;
            for (int ow = 0; ow < OWr; ow++, xc += xs) {
              v128_t s = wasm_f32x4_splat(dyr[(long)ow * Co + co]);
              a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(s, wasm_v128_load(xc)));
              a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(s, wasm_v128_load(xc + 4)));
              a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(s, wasm_v128_load(xc + 8)));
              a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(s, wasm_v128_load(xc + 12)));
            }
            f32 *o = dwt + (long)ci * Co + co;
            o[0 * Co] += wasm_f32x4_extract_lane(a0, 0); o[1 * Co] += wasm_f32x4_extract_lane(a0, 1);
            o[2 * Co] += wasm_f32x4_extract_lane(a0, 2); o[3 * Co] += wasm_f32x4_extract_lane(a0, 3);
            o[4 * Co] += wasm_f32x4_extract_lane(a1, 0); o[5 * Co] += wasm_f32x4_extract_lane(a1, 1);
            o[6 * Co] += wasm_f32x4_extract_lane(a1, 2); o[7 * Co] += wasm_f32x4_extract_lane(a1, 3);
            o[8 * Co] += wasm_f32x4_extract_lane(a2, 0); o[9 * Co] += wasm_f32x4_extract_lane(a2, 1);
            o[10 * Co] += wasm_f32x4_extract_lane(a2, 2); o[11 * Co] += wasm_f32x4_extract_lane(a2, 3);
            o[12 * Co] += wasm_f32x4_extract_lane(a3, 0); o[13 * Co] += wasm_f32x4_extract_lane(a3, 1);
            o[14 * Co] += wasm_f32x4_extract_lane(a3, 2); o[15 * Co] += wasm_f32x4_extract_lane(a3, 3);
          }
          for (; ci + 4 <= Ci; ci += 4) {
            v128_t a0 = wasm_f32x4_splat(0);
            const f32 *xc = xr + ci;
            for (int ow = 0; ow < OWr; ow++, xc += xs) a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wasm_f32x4_splat(dyr[(long)ow * Co + co]), wasm_v128_load(xc)));
            f32 *o = dwt + (long)ci * Co + co;
            o[0] += wasm_f32x4_extract_lane(a0, 0); o[Co] += wasm_f32x4_extract_lane(a0, 1);
            o[2 * Co] += wasm_f32x4_extract_lane(a0, 2); o[3 * Co] += wasm_f32x4_extract_lane(a0, 3);
          }
          for (; ci < Ci; ci++) {
            f32 a = 0;
            for (int ow = 0; ow < OWr; ow++) a += xr[(long)ow * xs + ci] * dyr[(long)ow * Co + co];
            dwt[(long)ci * Co + co] += a;
          }
        }
      }
    }
  }
}

static f32 hsum(v128_t a) {
  return (wasm_f32x4_extract_lane(a, 0) + wasm_f32x4_extract_lane(a, 1)) + (wasm_f32x4_extract_lane(a, 2) + wasm_f32x4_extract_lane(a, 3));
}

/* One output of conv_co1 at column ow, with the taps that fall inside x only (rows kh0..kh1 are inside). */
static f32 co1_edge(const f32 *x, const f32 *w, int n, int H, int W, int Ci, int oh, int ow, int KW, int pt, int pl, int kh0, int kh1) {
  const int c4 = Ci & ~3;
  const int kw0 = pl - ow > 0 ? pl - ow : 0;
  const int kw1 = W + pl - ow < KW ? W + pl - ow : KW;
  v128_t a = wasm_f32x4_splat(0);
  f32 sa = 0;
  for (int kh = kh0; kh < kh1; kh++) {
    for (int kw = kw0; kw < kw1; kw++) {
      const f32 *xr = x + (((long)n * H + oh + kh - pt) * W + ow + kw - pl) * Ci;
      const f32 *wr = w + ((long)kh * KW + kw) * Ci;
      int ci = 0;
      for (; ci < c4; ci += 4) a = wasm_f32x4_add(a, wasm_f32x4_mul(wasm_v128_load(xr + ci), wasm_v128_load(wr + ci)));
      for (; ci < Ci; ci++) sa += xr[ci] * wr[ci];
    }
  }
  return sa + hsum(a);
}

/*
 * Stride-1 convolution to one output channel with zero padding (pt rows on top, pl columns on the left; taps
 * outside x are skipped, so x is never copied into a padded buffer): y[n, oh, ow] =
 * sum over kh, kw, ci of x[n, oh + kh - pt, ow + kw - pl, ci] * w[kh, kw, ci]. x [N, H, W, Ci],
 * w [KH, KW, Ci], y [N, OH, OW]. Inside columns go two at a time, sharing each load of w; vectors run over ci.
 * Shares split the rows.
 */
EXPORT(conv_co1) void conv_co1(const f32 *x, const f32 *w, f32 *y, int N, int H, int W, int Ci, int OH, int OW, int KH, int KW,
                               int pt, int pl, int part, int parts) {
  const int c4 = Ci & ~3;
  /* columns whose every tap is inside x: ow - pl >= 0 and ow - pl + KW <= W */
  int in0 = pl < OW ? pl : OW;
  int in1 = W - KW + pl + 1;
  if (in1 > OW) in1 = OW;
  if (in1 < in0) in1 = in0;
  const int r0 = share_lo(N * OH, part, parts), r1 = share_hi(N * OH, part, parts);
  for (int r = r0; r < r1; r++) {
    const int n = r / OH, oh = r % OH;
    const int kh0 = pt - oh > 0 ? pt - oh : 0;
    const int kh1 = H + pt - oh < KH ? H + pt - oh : KH;
    f32 *yr = y + ((long)n * OH + oh) * OW;
    for (int ow = 0; ow < in0; ow++) yr[ow] = co1_edge(x, w, n, H, W, Ci, oh, ow, KW, pt, pl, kh0, kh1);
    for (int ow = in1; ow < OW; ow++) yr[ow] = co1_edge(x, w, n, H, W, Ci, oh, ow, KW, pt, pl, kh0, kh1);
    int ow = in0;
    for (; ow + 2 <= in1; ow += 2) {
      v128_t a = wasm_f32x4_splat(0), b = a;
      f32 sa = 0, sb = 0;
      for (int kh = kh0; kh < kh1; kh++) {
        const f32 *xr = x + (((long)n * H + oh + kh - pt) * W + ow - pl) * Ci;
        const f32 *wr = w + (long)kh * KW * Ci;
        for (int kw = 0; kw < KW; kw++, xr += Ci, wr += Ci) {
          int ci = 0;
          for (; ci < c4; ci += 4) {
            v128_t wv = wasm_v128_load(wr + ci);
            a = wasm_f32x4_add(a, wasm_f32x4_mul(wasm_v128_load(xr + ci), wv));
            b = wasm_f32x4_add(b, wasm_f32x4_mul(wasm_v128_load(xr + Ci + ci), wv));
          }
          for (; ci < Ci; ci++) {
            sa += xr[ci] * wr[ci];
            sb += xr[Ci + ci] * wr[ci];
          }
        }
      }
      yr[ow] = sa + hsum(a);
      yr[ow + 1] = sb + hsum(b);
    }
    for (; ow < in1; ow++) yr[ow] = co1_edge(x, w, n, H, W, Ci, oh, ow, KW, pt, pl, kh0, kh1);
  }
}

/*
 * Interleaves one phase of a strided result: dst[n, i0 + sh*j, k0 + sw*k, :] = src[n, j, k, :].
 * src [N, Hs, Ws, C], dst [N, H, W, C].
 */
EXPORT(scatter_phase) void scatter_phase(const f32 *src, f32 *dst, int N, int Hs, int Ws, int C, int H, int W, int i0, int k0, int sh, int sw) {
  for (int n = 0; n < N; n++) {
    for (int j = 0; j < Hs; j++) {
      const f32 *in = src + (((long)n * Hs + j) * Ws) * C;
      f32 *out = dst + (((long)n * H + i0 + (long)sh * j) * W + k0) * C;
      for (int k = 0; k < Ws; k++, in += C, out += (long)sw * C) {
        int c = 0;
        for (; c + 4 <= C; c += 4) wasm_v128_store(out + c, wasm_v128_load(in + c));
        for (; c < C; c++) out[c] = in[c];
      }
    }
  }
}
