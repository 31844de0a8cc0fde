import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { before, test } from 'node:test';
import { readDicomSeg } from '../../../engine/src/export/dicomSeg';
import { dcmjs, toArrayBuffer } from '../../../engine/src/dicom/dcmjs';
import { runCli } from '../../helpers/cli';
import { buildExportWorkspace, CR, DX, type ExportFixture } from './exportFixture';
import { dciodvfy, dciodvfyMissing, pngMask, pythonMissing, readback, sha256 } from './tools';

let fx: ExportFixture;
let out: string;
const stem = (id: number) => `img${String(id).padStart(6, '0')}`;

before(async () => {
  fx = await buildExportWorkspace();
  out = join(fx.base, 'out');
  const r = await runCli(['export', '--workspace', fx.dir, '--out', out, '--format', 'png,seg,coco,nifti']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /exported 3 images/);
});

test('layout and manifest: neutral names, one row per reviewed image, the untouched image left out', () => {
  const files = [...readdirSync(out)].sort();
  assert.deepEqual(files, ['coco.json', 'manifest.csv', 'masks', 'nifti', 'seg']);
  assert.deepEqual(readdirSync(join(out, 'seg')).sort(), [`${stem(fx.ids.cr)}.seg.dcm`, `${stem(fx.ids.dx)}.seg.dcm`]);
  assert.equal(readdirSync(join(out, 'masks')).length, 3);
  const csv = readFileSync(join(out, 'manifest.csv'), 'utf8').trim().split('\n');
  assert.equal(csv[0], 'index,image_id,source,label,status,author,model,algorithm_type,mask_area,png,seg,nifti,image_copy,coco_image_id');
  assert.equal(csv.length, 4);
  const cr = csv.find((l) => l.split(',')[1] === String(fx.ids.cr))!.split(',');
  assert.deepEqual(cr.slice(2, 9), [CR, 'abnormal', 'edited', 'dr-reader', 'tbva-2025-01', 'SEMIAUTOMATIC', String(fx.masks.get(fx.ids.cr)!.data.reduce((a, b) => a + b, 0))]);
  const png = csv.find((l) => l.split(',')[1] === String(fx.ids.png))!.split(',');
  assert.equal(png[7], 'MANUAL');
  assert.equal(png[10], '', 'no SEG for a PNG source');
  assert.ok(!csv.some((l) => l.split(',')[1] === String(fx.ids.untouched)));
});

test('PNG masks are 0/255 at the image resolution and equal the stored masks', () => {
  for (const [id, m] of fx.masks) {
    const p = pngMask(join(out, 'masks', `${stem(id)}.png`));
    assert.equal(p.width, m.width);
    assert.equal(p.height, m.height);
    assert.deepEqual(p.data, m.data);
  }
  assert.equal(pngMask(join(out, 'masks', `${stem(fx.ids.cr)}.png`)).width, 1841);
});

test('SEGs for the CR (1955x1841) and DX samples pass dciodvfy without errors', { skip: dciodvfyMissing }, () => {
  for (const id of [fx.ids.cr, fx.ids.dx]) {
    const rep = dciodvfy(join(out, 'seg', `${stem(id)}.seg.dcm`));
    assert.match(rep.text, /Segmentation/, 'dciodvfy recognised the IOD');
    assert.deepEqual(rep.errors, [], rep.text);
    // Warnings we accept, read: only the source's retired-form Referring Physician name ("ward") in the CR.
    for (const w of rep.warnings) assert.match(w, /Referring Physician's Name .*Retired Person Name form/, w);
  }
});

test('SEGs read back with dcmjs to the PNG mask, with the references and algorithm identification', () => {
  for (const [id, src, algo] of [
    [fx.ids.cr, CR, 'SEMIAUTOMATIC'],
    [fx.ids.dx, DX, 'AUTOMATIC'],
  ] as const) {
    const file = join(out, 'seg', `${stem(id)}.seg.dcm`);
    const png = pngMask(join(out, 'masks', `${stem(id)}.png`));
    const seg = readDicomSeg(readFileSync(file), file);
    assert.deepEqual(seg.mask.data, png.data);
    // And straight from dcmjs's own naturalized data set (not through our reader).
    const buf = readFileSync(file);
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(toArrayBuffer(buf)).dict);
    const srcDs = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(toArrayBuffer(readFileSync(src))).dict);
    assert.equal(ds.SegmentationType, 'BINARY');
    assert.equal(ds.BitsAllocated, 1);
    const segment = (ds.SegmentSequence as Record<string, unknown>[] | Record<string, unknown>);
    const s0 = (Array.isArray(segment) ? segment[0] : segment)!;
    assert.equal(s0.SegmentAlgorithmType, algo);
    assert.equal(s0.SegmentAlgorithmName, 'TagGAN');
    assert.equal(ds.StudyInstanceUID, srcDs.StudyInstanceUID);
    const bytes = new Uint8Array((ds.PixelData as ArrayBuffer[])[0]!);
    for (let i = 0; i < png.data.length; i += 997) assert.equal((bytes[i >> 3]! >> (i & 7)) & 1, png.data[i], `bit ${i}`);
  }
});

test('SEGs read back with pydicom to the same mask as the PNG', { skip: pythonMissing(['pydicom', 'numpy']) }, () => {
  for (const [id, src] of [
    [fx.ids.cr, CR],
    [fx.ids.dx, DX],
  ] as const) {
    const r = readback<Record<string, unknown>>('seg', join(out, 'seg', `${stem(id)}.seg.dcm`));
    const png = pngMask(join(out, 'masks', `${stem(id)}.png`));
    assert.equal(r.sha256, png.sha256);
    assert.deepEqual(r.shape, [png.height, png.width]);
    assert.equal(r.modality, 'SEG');
    assert.equal(r.category, '49755003');
    assert.equal(r.type, '52988006');
    assert.equal(r.algorithmVersion, 'tbva-2025-01');
    const t = readback<{ sop: string; series: string; study: string }>('tags', src);
    assert.equal(r.referencedSop, t.sop);
    assert.equal(r.referencedSeries, t.series);
    assert.equal(r.study, t.study);
  }
});

test('COCO RLE decodes (independent Python decoder of the compressed counts) to the PNG masks', { skip: pythonMissing(['numpy']) }, () => {
  const r = readback<{ images: Record<string, { sha256: string; label: string; area: number; declaredArea: number; width: number }>; categories: unknown[] }>('coco', join(out, 'coco.json'));
  assert.equal(Object.keys(r.images).length, 3);
  for (const [id] of fx.masks) {
    const im = r.images[String(id)]!;
    const png = pngMask(join(out, 'masks', `${stem(id)}.png`));
    assert.equal(im.sha256, png.sha256, `image ${id}`);
    assert.equal(im.label, 'abnormal');
    assert.equal(im.area, im.declaredArea);
    assert.equal(im.width, png.width);
  }
  const coco = JSON.parse(readFileSync(join(out, 'coco.json'), 'utf8'));
  assert.equal(typeof coco.annotations[0].segmentation.counts, 'string');
  assert.ok(!JSON.stringify(coco).includes('PATIENT-DOE'), 'no source file names in COCO');
});

test('NIfTI masks read back with nibabel to the same mask and geometry', { skip: pythonMissing(['nibabel', 'numpy']) }, () => {
  const dx = readback<{ shape: number[]; dtype: string; sha256: string; pixdim: number[]; qform: number[][]; sform: number[][]; qcode: number; scode: number }>(
    'nifti', join(out, 'nifti', `${stem(fx.ids.dx)}.nii.gz`),
  );
  assert.deepEqual(dx.shape, [211, 169]);
  assert.equal(dx.dtype, 'uint8');
  assert.equal(dx.sha256, sha256(fx.masks.get(fx.ids.dx)!.data));
  assert.ok(Math.abs(dx.pixdim[0]! - 1.2012) < 1e-4 && Math.abs(dx.pixdim[1]! - 1.2) < 1e-6, `pixdim ${dx.pixdim}`);
  assert.equal(dx.qcode, 2);
  assert.equal(dx.scode, 2);
  for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) assert.ok(Math.abs(dx.qform[r]![c]! - dx.sform[r]![c]!) < 1e-3, 'qform == sform (within float32 quaternion precision)');
  // Columns run to the patient's left (-x in RAS), rows to the feet (-z): PatientOrientation L\F.
  assert.ok(dx.sform[0]![0]! < 0 && dx.sform[2]![1]! < 0);
  const cr = readback<{ shape: number[]; sha256: string; pixdim: number[] }>('nifti', join(out, 'nifti', `${stem(fx.ids.cr)}.nii.gz`));
  assert.deepEqual(cr.shape, [1841, 1955]);
  assert.equal(cr.sha256, sha256(fx.masks.get(fx.ids.cr)!.data));
  assert.deepEqual(cr.pixdim, [1, 1], 'the CR has PixelSpacing 0\\0: 1 mm assumed');
});

test('NIfTI header parsed by hand: NIfTI-1 magic, uint8, dims, spacing, data offset', () => {
  const raw = gunzipSync(readFileSync(join(out, 'nifti', `${stem(fx.ids.dx)}.nii.gz`)));
  assert.equal(raw.readInt32LE(0), 348);
  assert.equal(raw.toString('latin1', 344, 348), 'n+1\0');
  assert.deepEqual([0, 1, 2].map((k) => raw.readInt16LE(40 + 2 * k)), [2, 211, 169]);
  assert.equal(raw.readInt16LE(70), 2, 'DT_UINT8');
  assert.equal(raw.readFloatLE(108), 352);
  assert.ok(Math.abs(raw.readFloatLE(80) - 1.2012) < 1e-4);
  assert.deepEqual(new Uint8Array(raw.subarray(352)), fx.masks.get(fx.ids.dx)!.data);
});
