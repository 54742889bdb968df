'use client';

import { SegmentError, type SegmentErrorProps } from '@/components/shell/segment-error';

/** A signed-in page that failed: the error view inside the console frame, with Retry. */
export default function ConsoleError(props: SegmentErrorProps) {
  return <SegmentError {...props} />;
}
