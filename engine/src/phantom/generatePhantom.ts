import { createPrng, type Prng } from './prng';
import { valueNoise } from './valueNoise';

export interface PhantomOptions {
  /** true: 1-3 pneumonia-like opacities inside the lungs; false: a normal chest. */
  abnormal: boolean;
  /** Square side in pixels; default: width and height drawn independently from 192..320. */
  size?: number;
}

/** One lesion as drawn (pixel units). */
export interface PhantomLesion {
  cx: number;
  cy: number;
  /** Semi-axes before the boundary wobble. */
  rx: number;
  ry: number;
  /** Rotation in radians. */
  angle: number;
  /** Peak added density (display units, 0..1 scale before gamma). */
  amplitude: number;
}

export interface PhantomImage {
  width: number;
  height: number;
  /** Stored values, row-major, 0..2^bitsStored-1 (MONOCHROME1: high = dark on display). */
  pixels: Uint16Array;
  /** The true lesion mask, 0/1, width*height (all 0 for a normal image). */
  mask: Uint8Array;
  photometric: 'MONOCHROME1' | 'MONOCHROME2';
  bitsStored: number;
  windowCenter: number;
  windowWidth: number;
  /** Detector pixel spacing in mm (row spacing, column spacing). */
  pixelSpacingMm: [number, number];
  label: 'normal' | 'abnormal';
  lesions: PhantomLesion[];
  /** The rendered density before quantisation (bright = dense), width*height, for tests and debugging. */
  density: Float32Array;
}

/** 0 at e0, 1 at e1 (e0 > e1 reverses it), Hermite in between. */
function smoothstep(e0: number, e1: number, x: number): number {
  const t = Math.min(1, Math.max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}

interface Anatomy {
  bodyHalf: number;
  neckHalf: number;
  shoulderY: number;
  /** Lung apex (v), base at the costophrenic angle (v), for the image-left lung; the right one is a bit lower. */
  apex: number;
  base: number;
  baseShiftR: number;
  /** Distance from the midline of the medial lung border and of the widest lateral border. */
  medial: number;
  lateral: number;
  domeH: number;
  heartCx: number;
  heartCy: number;
  heartRx: number;
  heartRy: number;
  lungDepth: number;
  ribCount: number;
  ribTop: number;
  ribGap: number;
  ribThick: number;
  ribDrop: number;
  tilt: number;
}

function drawAnatomy(r: Prng): Anatomy {
  return {
    bodyHalf: r.range(0.44, 0.49),
    neckHalf: r.range(0.12, 0.16),
    shoulderY: r.range(0.06, 0.12),
    apex: r.range(0.1, 0.15),
    base: r.range(0.7, 0.77),
    baseShiftR: r.range(0.01, 0.035),
    medial: r.range(0.045, 0.065),
    lateral: r.range(0.36, 0.41),
    domeH: r.range(0.05, 0.09),
    heartCx: r.range(0.56, 0.6),
    heartCy: r.range(0.07, 0.11), // above the lung base (set relative to it below)
    heartRx: r.range(0.16, 0.2),
    heartRy: r.range(0.13, 0.17),
    lungDepth: r.range(0.3, 0.4),
    ribCount: r.int(9, 10),
    ribTop: r.range(0.1, 0.14),
    ribGap: r.range(0.05, 0.058),
    ribThick: r.range(0.014, 0.019),
    ribDrop: r.range(0.2, 0.3),
    tilt: r.range(-0.015, 0.015),
  };
}

/**
 * Lung membership (0..1) at normalised (u, v) for the lung on `side` (-1: image left = patient's right,
 * +1: image right). The lung lies between a straight-ish medial border and a lateral border that widens
 * from a rounded apex to the costophrenic angle; its floor is the diaphragm dome.
 */
function lung(a: Anatomy, u: number, v: number, side: -1 | 1): number {
  const d = side * (u - 0.5); // distance from the midline towards this lung's side
  if (d < 0) return 0;
  const base = a.base + (side > 0 ? a.baseShiftR : 0);
  const t = (v - a.apex) / (base - a.apex);
  if (t < -0.1 || t > 1.2) return 0;
  const tc = Math.min(1, Math.max(0, t));
  const inner = a.medial + 0.02 * tc;
  const outer = inner + (a.lateral - inner) * Math.pow(1 - (1 - tc) ** 2.2, 0.55);
  // diaphragm: a dome highest in the middle of the hemithorax, low at both angles
  const mid = (inner + a.lateral) / 2;
  const q = (d - mid) / ((a.lateral - inner) / 2);
  const floor = base - a.domeH * Math.max(0, 1 - q * q);
  const e = 0.012;
  const m = Math.min(d - inner, outer - d, v - a.apex, floor - v);
  return smoothstep(-e, e, m);
}

/**
 * Renders one synthetic chest radiograph (PA view, bright = dense): body outline, two lungs with markings,
 * mediastinum and heart, spine, ribs, clavicles, diaphragm, quantum noise; with `abnormal`, 1-3 soft-edged
 * textured opacities inside the lungs, whose true mask (lesion shape at half height, inside the lung) is
 * returned. Pure: the same (seed, index, opts) always gives the same result.
 * @param seed any string or number
 * @param index image number within the set
 */
export function generatePhantom(seed: string | number, index: number, opts: PhantomOptions): PhantomImage {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`generatePhantom: bad index ${index}`);
  if (opts.size !== undefined && (!Number.isInteger(opts.size) || opts.size < 64 || opts.size > 4096)) {
    throw new RangeError(`generatePhantom: size must be an integer in 64..4096, got ${opts.size}`);
  }
  const key = `${seed}/${index}`;
  const rGeom = createPrng(`${key}/geometry`);
  const width = opts.size ?? rGeom.int(192, 320);
  const height = opts.size ?? Math.min(320, Math.max(192, Math.round(width * rGeom.range(0.95, 1.15))));
  const a = drawAnatomy(createPrng(`${key}/anatomy`));
  a.heartCy = a.base + a.baseShiftR - a.heartCy;
  const n = width * height;

  const rTex = createPrng(`${key}/texture`);
  const fine = valueNoise(rTex, width, height, Math.max(3, width * 0.018));
  const mid = valueNoise(rTex, width, height, Math.max(6, width * 0.05));
  const coarse = valueNoise(rTex, width, height, Math.max(12, width * 0.16));

  const density = new Float32Array(n);
  const lungRaw = new Float32Array(n); // lung membership without the heart, where lesions may lie
  const heartMap = new Float32Array(n);
  for (let y = 0; y < height; y++) {
    const v0 = y / height;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const u0 = x / width;
      // slight rotation of the patient about the image centre
      const u = 0.5 + (u0 - 0.5) * Math.cos(a.tilt) - (v0 - 0.5) * Math.sin(a.tilt);
      const v = 0.5 + (u0 - 0.5) * Math.sin(a.tilt) + (v0 - 0.5) * Math.cos(a.tilt);
      const d = Math.abs(u - 0.5);

      // body outline: neck widening into the shoulders, then the chest wall and the arms beside it
      const half = a.neckHalf + (a.bodyHalf - a.neckHalf) * smoothstep(a.shoulderY - 0.08, a.shoulderY + 0.08, v);
      const body = smoothstep(half + 0.02, half - 0.02, d);
      const arm = smoothstep(a.shoulderY, a.shoulderY + 0.1, v) * smoothstep(0.47, 0.5, d) * 0.75;
      let D = 0.03 + Math.max(body, arm) * (0.55 + 0.05 * coarse[i]);

      // lungs, with the heart and mediastinum as the bright space between them
      const lr = Math.max(lung(a, u, v, -1), lung(a, u, v, 1));
      const hdu = (u - a.heartCx) / (a.heartRx * (v > a.heartCy ? 1.1 : 0.9));
      const hdv = (v - a.heartCy) / a.heartRy;
      const heart = smoothstep(1.05, 0.9, hdu * hdu + hdv * hdv);
      const lungs = lr * (1 - heart);
      lungRaw[i] = lr;
      heartMap[i] = heart;
      // air: darkest at the upper lateral lung, less at the bases and near the hila
      const depth = a.lungDepth * (1 + 0.12 * mid[i] + 0.1 * (d - 0.2) - 0.15 * Math.max(0, v - 0.55));
      D -= lungs * depth;
      // hila and vascular markings: denser towards the hila
      const hilumDist = Math.hypot(d - 0.1, (v - 0.45) * 0.8);
      const vessels = Math.max(0, fine[i]) ** 1.5 * 0.7 + Math.max(0, mid[i]) * 0.3;
      D += lungs * (0.06 * vessels * (0.5 + Math.exp(-hilumDist / 0.12)) + 0.09 * Math.exp(-hilumDist / 0.045));

      // trachea: a faint air column in the upper mediastinum
      D -= 0.05 * smoothstep(0.02, 0.01, d) * smoothstep(0.0, 0.06, v) * smoothstep(0.34, 0.28, v) * body;
      // spine: vertebral bodies, faint behind the heart
      const spine = smoothstep(0.04, 0.028, d) * body;
      const vert = 0.85 + 0.15 * Math.cos((2 * Math.PI * v) / 0.05) ** 2;
      D += spine * 0.07 * vert * (1 - 0.6 * heart);

      // ribs: posterior arcs leaving the spine, rising a little, then sweeping down laterally;
      // clearest over the lungs, faint over soft tissue
      const s = (d - 0.03) / (a.lateral + 0.03);
      if (body > 0.01 && s > -0.05 && s < 1.12) {
        let rib = 0;
        for (let k = 0; k < a.ribCount; k++) {
          const yk = a.ribTop + k * a.ribGap * (1 + 0.035 * k);
          const curve = yk + a.ribDrop * ((s - 0.25) ** 2 - 0.0625);
          const dist = Math.abs(v - curve) / (a.ribThick * (1 + 0.3 * s));
          if (dist < 1.2) {
            const band = smoothstep(1.1, 0.8, dist);
            const cortex = 0.7 + 0.3 * smoothstep(0.3, 0.9, dist);
            rib = Math.max(rib, band * cortex);
          }
        }
        D += 0.065 * rib * body * smoothstep(1.1, 0.97, s) * (0.35 + 0.65 * lr);
      }
      // clavicles: from the manubrium outwards and up, with a gentle S
      const sc = (d - 0.04) / 0.3;
      if (sc > 0 && sc < 1.05) {
        const cy = a.shoulderY + 0.12 - 0.08 * sc + 0.012 * Math.sin(Math.PI * sc);
        const dc = Math.abs(v - cy) / 0.016;
        D += 0.11 * smoothstep(1.1, 0.6, dc) * smoothstep(1.05, 0.9, sc) * body;
      }
      // humeral heads in the upper corners
      const hum = Math.hypot(d - (a.bodyHalf + 0.01), (v - a.shoulderY - 0.08) * 1.1);
      D += 0.1 * smoothstep(0.07, 0.05, hum) * Math.max(body, arm);
      density[i] = D;
    }
  }

  // lesions
  const mask = new Uint8Array(n);
  const lesions: PhantomLesion[] = [];
  if (opts.abnormal) {
    const rl = createPrng(`${key}/lesions`);
    const count = rl.int(1, 3);
    const lesionTex = valueNoise(rl, width, height, Math.max(3, width * 0.025));
    for (let k = 0; k < count; k++) {
      // a centre well inside a lung, clear of the heart
      let cx = 0;
      let cy = 0;
      for (let tries = 0; tries < 500; tries++) {
        cx = rl.range(0.08, 0.92) * width;
        cy = rl.range(0.15, 0.75) * height;
        const i = Math.round(cy) * width + Math.round(cx);
        if (lungRaw[i] > 0.95 && heartMap[i] < 0.2) break;
      }
      const r0 = rl.range(0.04, 0.1) * width;
      const aspect = rl.range(0.65, 1.45);
      const lesion: PhantomLesion = {
        cx,
        cy,
        rx: r0 * Math.sqrt(aspect),
        ry: r0 / Math.sqrt(aspect),
        angle: rl.range(0, Math.PI),
        amplitude: rl.range(0.09, 0.22),
      };
      lesions.push(lesion);
      const wob = [2, 3, 4, 5].map((h) => ({ h, amp: rl.range(0, 0.12), phase: rl.range(0, 2 * Math.PI) }));
      const edge = rl.range(0.25, 0.6);
      const patchy = rl.range(0.15, 0.45);
      const cos = Math.cos(lesion.angle);
      const sin = Math.sin(lesion.angle);
      const reach = Math.max(lesion.rx, lesion.ry) * (1.6 + edge);
      for (let y = Math.max(0, Math.floor(cy - reach)); y <= Math.min(height - 1, Math.ceil(cy + reach)); y++) {
        for (let x = Math.max(0, Math.floor(cx - reach)); x <= Math.min(width - 1, Math.ceil(cx + reach)); x++) {
          const dx = x + 0.5 - cx;
          const dy = y + 0.5 - cy;
          const pu = (dx * cos + dy * sin) / lesion.rx;
          const pv = (-dx * sin + dy * cos) / lesion.ry;
          const phi = Math.atan2(pv, pu);
          let rad = 1;
          for (const w of wob) rad += w.amp * Math.cos(w.h * phi + w.phase);
          const rho = Math.hypot(pu, pv) / rad;
          if (rho > 1 + edge) continue;
          const i = y * width + x;
          const shape = smoothstep(1 + edge, 1 - edge, rho);
          const tex = 1 - patchy + patchy * (0.5 + 0.5 * lesionTex[i]);
          density[i] += lesion.amplitude * shape * tex * lungRaw[i];
          if (rho < 1 && lungRaw[i] >= 0.5) mask[i] = 1;
        }
      }
    }
  }

  // the detector's blur: a 3x3 binomial filter
  const blurred = new Float32Array(n);
  for (let y = 0; y < height; y++) {
    const ym = Math.max(0, y - 1) * width;
    const y0 = y * width;
    const yp = Math.min(height - 1, y + 1) * width;
    for (let x = 0; x < width; x++) {
      const xm = Math.max(0, x - 1);
      const xp = Math.min(width - 1, x + 1);
      blurred[y0 + x] =
        (density[ym + xm] + 2 * density[ym + x] + density[ym + xp] +
          2 * (density[y0 + xm] + 2 * density[y0 + x] + density[y0 + xp]) +
          density[yp + xm] + 2 * density[yp + x] + density[yp + xp]) / 16;
    }
  }
  density.set(blurred);

  // acquisition: exposure curve, quantum noise, detector bit depth, photometric interpretation
  const rAcq = createPrng(`${key}/acquisition`);
  const gamma = rAcq.range(0.8, 1.25);
  const contrast = rAcq.range(0.85, 1.1);
  const offset = rAcq.range(-0.03, 0.04);
  const noise = rAcq.range(0.006, 0.016);
  const bitsStored = [12, 12, 14, 16][rAcq.int(0, 3)];
  const photometric = rAcq.next() < 0.5 ? 'MONOCHROME1' : 'MONOCHROME2';
  const spacing = +(rAcq.range(380, 430) / width).toFixed(4);
  const maxv = 2 ** bitsStored - 1;
  const pixels = new Uint16Array(n);
  const rNoise = createPrng(`${key}/noise`);
  for (let i = 0; i < n; i++) {
    const base = Math.max(0, density[i]);
    let val = offset + contrast * base ** gamma + noise * rNoise.normal();
    val = Math.min(1, Math.max(0, val));
    const level = Math.round((0.04 + 0.9 * val) * maxv);
    pixels[i] = photometric === 'MONOCHROME1' ? maxv - level : level;
  }
  // window: the 1st..99.5th percentile of the stored values
  const sorted = Uint16Array.from(pixels).sort();
  const lo = sorted[Math.floor(0.01 * (n - 1))];
  const hi = sorted[Math.floor(0.995 * (n - 1))];
  const windowWidth = Math.max(2, hi - lo + 1);
  const windowCenter = Math.round((lo + hi + 1) / 2);
  return {
    width,
    height,
    pixels,
    mask,
    photometric,
    bitsStored,
    windowCenter,
    windowWidth,
    pixelSpacingMm: [spacing, spacing],
    label: opts.abnormal ? 'abnormal' : 'normal',
    lesions,
    density,
  };
}
