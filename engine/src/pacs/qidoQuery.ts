/** A study query in QIDO-RS parameters (PS3.18 8.3.4), with the fields the summaries need asked for. */
import type { PacsStudyQuery } from '../../protocol/pacs';
import { EngineError } from '../errors';

const DATE = /^(\d{8})?(-(\d{8})?)?$/;

export function studyQueryParams(q: PacsStudyQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.patientName) p.set('PatientName', q.patientName);
  if (q.patientId) p.set('PatientID', q.patientId);
  if (q.studyDate) {
    const d = q.studyDate.replace(/\s+/g, '');
    if (!DATE.test(d) || d === '-' ) throw new EngineError('BAD_REQUEST', `study date must be YYYYMMDD or a range YYYYMMDD-YYYYMMDD, not "${q.studyDate}"`);
    p.set('StudyDate', d);
  }
  if (q.modality) p.set('ModalitiesInStudy', q.modality);
  if (q.accessionNumber) p.set('AccessionNumber', q.accessionNumber);
  p.set('limit', String(q.limit ?? 100));
  // Ask for what the study list shows (servers differ in what they return by default).
  for (const f of ['StudyDescription', 'ModalitiesInStudy', 'NumberOfStudyRelatedSeries', 'NumberOfStudyRelatedInstances']) p.append('includefield', f);
  return p;
}
