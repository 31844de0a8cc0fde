/**
 * The DICOM SEG SegmentAlgorithmName for a proposal's model id: the workspace segmenter (segmenter@...), the
 * segmenter fused with TagGAN (segmenter@...+...), the lung field (lungs@...), else TagGAN.
 */
export function algorithmNameFor(modelId: string | null): string {
  if (modelId?.startsWith('segmenter@')) return modelId.includes('+') ? 'TagGAN Desk segmenter + TagGAN' : 'TagGAN Desk segmenter';
  if (modelId?.startsWith('lungs@')) return 'TagGAN Desk lung field';
  return 'TagGAN';
}
