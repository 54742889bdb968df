'use client';

import { SegmentError, type SegmentErrorProps } from '@/components/shell/segment-error';

/** An operator page that failed: the error view inside the console frame, with Retry. */
export default function OperatorsError(props: SegmentErrorProps) {
  return <SegmentError {...props} />;
}
