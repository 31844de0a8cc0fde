"""Independent read-back of exported files for the export tests (Debian's pydicom, numpy, nibabel).
Usage: /usr/bin/python3 readback.py seg FILE | coco FILE | nifti FILE | tags FILE
Prints one JSON object. Masks are reported as sha256 of the row-major uint8 0/1 bytes."""
import hashlib, json, sys
import numpy as np

def h(a):
    return hashlib.sha256(np.ascontiguousarray(a.astype(np.uint8)).tobytes()).hexdigest()

def seg(path):
    import pydicom
    d = pydicom.dcmread(path)
    arr = d.pixel_array
    if arr.ndim == 3:
        arr = arr.max(axis=0)
    fg = d.PerFrameFunctionalGroupsSequence[0]
    src = fg.DerivationImageSequence[0].SourceImageSequence[0]
    s = d.SegmentSequence[0]
    return dict(sha256=h(arr), shape=list(arr.shape), sum=int(arr.sum()), modality=d.Modality,
                algorithmType=s.SegmentAlgorithmType, algorithmName=s.get('SegmentAlgorithmName'),
                algorithmVersion=(s.SegmentationAlgorithmIdentificationSequence[0].AlgorithmVersion
                                  if 'SegmentationAlgorithmIdentificationSequence' in s else None),
                category=s.SegmentedPropertyCategoryCodeSequence[0].CodeValue,
                type=s.SegmentedPropertyTypeCodeSequence[0].CodeValue,
                referencedSop=src.ReferencedSOPInstanceUID,
                referencedSeries=d.ReferencedSeriesSequence[0].SeriesInstanceUID,
                study=d.StudyInstanceUID, patientName=str(d.PatientName), patientId=d.PatientID,
                identityRemoved=d.get('PatientIdentityRemoved'))

def rle_from_string(s):
    # pycocotools maskApi.c rleFrString, re-implemented here independently
    counts, p = [], 0
    while p < len(s):
        x, k, more = 0, 0, 1
        while more:
            c = ord(s[p]) - 48
            x |= (c & 0x1f) << (5 * k)
            more = c & 0x20
            p += 1; k += 1
            if not more and (c & 0x10):
                x |= -1 << (5 * k)
        if len(counts) > 2:
            x += counts[-2]
        counts.append(x)
    return counts

def rle_decode(counts, hgt, wid):
    flat = np.zeros(hgt * wid, dtype=np.uint8)
    pos, val = 0, 0
    for c in counts:
        flat[pos:pos + c] = val
        pos += c; val ^= 1
    assert pos == hgt * wid, (pos, hgt, wid)
    return flat.reshape((wid, hgt)).T  # column-major (Fortran) order

def coco(path):
    d = json.load(open(path))
    out = {}
    for im in d['images']:
        out[str(im['id'])] = dict(label=im['attributes']['label'], width=im['width'], height=im['height'], sha256=None)
    for a in d['annotations']:
        hgt, wid = a['segmentation']['size']
        m = rle_decode(rle_from_string(a['segmentation']['counts']), hgt, wid)
        out[str(a['image_id'])].update(sha256=h(m), area=int(m.sum()), declaredArea=a['area'], bbox=a['bbox'])
    return dict(images=out, categories=d['categories'])

def nifti(path):
    import nibabel as nib
    img = nib.load(path)
    data = np.asarray(img.dataobj)
    if data.ndim == 3:
        data = data[:, :, 0]
    hdr = img.header
    return dict(shape=list(data.shape), dtype=str(data.dtype), sha256=h(data.T),
                pixdim=[float(x) for x in hdr['pixdim'][1:3]], qform=img.get_qform().tolist(),
                sform=img.get_sform().tolist(), qcode=int(hdr['qform_code']), scode=int(hdr['sform_code']))

def tags(path):
    import pydicom
    d = pydicom.dcmread(path)
    vals, uids = {}, set()
    for k in ['PatientName', 'PatientID', 'PatientBirthDate', 'AccessionNumber', 'InstitutionName',
              'ReferringPhysicianName', 'StudyID', 'OperatorsName', 'RequestingPhysician', 'StudyDate']:
        v = d.get(k)
        if v not in (None, ''):
            vals[k] = str(v)
    def walk(ds):
        for el in ds:
            if el.VR == 'SQ':
                for item in el.value:
                    walk(item)
            elif el.VR == 'UI' and el.value:
                for u in (el.value if isinstance(el.value, list) else [el.value]):
                    if not str(u).startswith('1.2.840.10008.'):
                        uids.add(str(u))
    walk(d)
    walk(d.file_meta)
    return dict(values=vals, uids=sorted(uids), sop=d.SOPInstanceUID, study=d.StudyInstanceUID,
                series=d.SeriesInstanceUID, identityRemoved=d.get('PatientIdentityRemoved'),
                methodCode=(d.DeidentificationMethodCodeSequence[0].CodeValue
                            if 'DeidentificationMethodCodeSequence' in d else None))

print(json.dumps({'seg': seg, 'coco': coco, 'nifti': nifti, 'tags': tags}[sys.argv[1]](sys.argv[2])))
