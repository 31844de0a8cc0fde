/**
 * NIfTI-1 single-file (.nii.gz) masks: uint8 0/1 data, dim = [2, width, height], i = column, j = row
 * (so the bytes are the mask's row-major raster), gzip-compressed with node:zlib.
 *
 * Geometry: pixdim[1] = column spacing, pixdim[2] = row spacing (mm; DICOM PixelSpacing is
 * [row, column]); 1 mm with a note in `descrip` when the image has no usable spacing.
 * A radiograph is a projection with no patient coordinate system, so qform/sform (codes 2, aligned
 * anatomy) map the pixel axes to RAS directions from Patient Orientation (0020,0020): rows run to
 * PatientOrientation[0], columns to PatientOrientation[1] (default L/F, a PA chest as displayed);
 * the third axis completes a right-handed frame; origin 0. qform and sform describe the same affine.
 */
import { gzipSync } from 'node:zlib';
import { assertBinaryMask, type BinaryMask } from '../../mask/binaryMask';

export interface NiftiGeometry {
  /** [row spacing, column spacing] mm, when known. */
  pixelSpacing?: [number, number] | null;
  /** Patient Orientation, e.g. ["L", "F"]. */
  patientOrientation?: string[] | null;
}

const RAS: Record<string, [number, number, number]> = {
  R: [1, 0, 0], L: [-1, 0, 0], A: [0, 1, 0], P: [0, -1, 0], H: [0, 0, 1], F: [0, 0, -1],
};

type Vec3 = [number, number, number];
// `+ 0` turns -0 into 0.
const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1] + 0, a[2] * b[0] - a[0] * b[2] + 0, a[0] * b[1] - a[1] * b[0] + 0];

/** Unit RAS directions of the column index (i), row index (j) and the completing axis (k). */
export function orientationAxes(po?: string[] | null): { i: Vec3; j: Vec3; k: Vec3; assumed: boolean } {
  const first = (s: string | undefined): Vec3 | undefined => (s ? RAS[s.trim().toUpperCase()[0] ?? ''] : undefined);
  let i = first(po?.[0]);
  let j = first(po?.[1]);
  let assumed = false;
  if (!i || !j || cross(i, j).every((v) => v === 0)) {
    i = RAS.L!;
    j = RAS.F!;
    assumed = true;
  }
  return { i, j, k: cross(i, j), assumed };
}

/** Quaternion (b, c, d) of a proper rotation matrix given by its columns (nifti1_io's mat44_to_quatern). */
export function rotationToQuaternion(ci: Vec3, cj: Vec3, ck: Vec3): [number, number, number] {
  const [r11, r21, r31] = ci;
  const [r12, r22, r32] = cj;
  const [r13, r23, r33] = ck;
  let a = r11 + r22 + r33 + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return [b, c, d];
}

/** Uncompressed NIfTI-1 bytes (header 348 + 4-byte extension flag + data). */
export function buildNiftiMask(mask: BinaryMask, geom: NiftiGeometry = {}): Buffer {
  assertBinaryMask(mask);
  const { width, height } = mask;
  const sp = geom.pixelSpacing && geom.pixelSpacing[0] > 0 && geom.pixelSpacing[1] > 0 ? geom.pixelSpacing : null;
  const dx = sp ? sp[1] : 1; // along i (columns)
  const dy = sp ? sp[0] : 1; // along j (rows)
  const { i, j, k, assumed } = orientationAxes(geom.patientOrientation);
  const h = Buffer.alloc(352);
  h.writeInt32LE(348, 0);
  h.write('r', 38, 'latin1');
  const dim = [2, width, height, 1, 1, 1, 1, 1];
  dim.forEach((v, n) => h.writeInt16LE(v, 40 + 2 * n));
  h.writeInt16LE(2, 70); // datatype DT_UINT8
  h.writeInt16LE(8, 72); // bitpix
  const pixdim = [1, dx, dy, 1, 0, 0, 0, 0]; // pixdim[0] = qfac = 1 (right-handed)
  pixdim.forEach((v, n) => h.writeFloatLE(v, 76 + 4 * n));
  h.writeFloatLE(352, 108); // vox_offset
  h.writeFloatLE(1, 112); // scl_slope
  h.writeFloatLE(0, 116); // scl_inter
  h.writeUInt8(2, 123); // xyzt_units: NIFTI_UNITS_MM
  h.writeFloatLE(1, 124); // cal_max
  h.writeFloatLE(0, 128); // cal_min
  const descrip = `TagGAN mask${sp ? '' : '; no pixel spacing, 1 mm assumed'}${assumed ? '; orientation L/F assumed' : ''}`;
  h.write(descrip.slice(0, 79), 148, 'latin1');
  h.writeInt16LE(2, 252); // qform_code NIFTI_XFORM_ALIGNED_ANAT
  h.writeInt16LE(2, 254); // sform_code
  const [qb, qc, qd] = rotationToQuaternion(i, j, k);
  h.writeFloatLE(qb, 256);
  h.writeFloatLE(qc, 260);
  h.writeFloatLE(qd, 264);
  // qoffset x/y/z = 0
  const rows: [number, number, number, number][] = [0, 1, 2].map((r) => [i[r]! * dx, j[r]! * dy, k[r]!, 0]);
  rows.forEach((row, r) => row.forEach((v, n) => h.writeFloatLE(v, 280 + 16 * r + 4 * n)));
  h.write('label', 328, 'latin1'); // intent_name
  h.writeInt16LE(1002, 68); // intent_code NIFTI_INTENT_LABEL
  h.write('n+1\0', 344, 'latin1');
  const data = Buffer.alloc(width * height);
  for (let n = 0; n < data.length; n++) data[n] = mask.data[n] !== 0 ? 1 : 0;
  return Buffer.concat([h, data]);
}

/** Gzipped NIfTI-1 mask (.nii.gz bytes). */
export function writeNiftiMask(mask: BinaryMask, geom: NiftiGeometry = {}): Buffer {
  return gzipSync(buildNiftiMask(mask, geom));
}
