import { SegmentLoading } from '@/components/shell/segment-loading';

/** While an operator page renders on the server; the Plan reads every legacy file, which takes a while on a large store. */
export default function OperatorsLoading() {
  return <SegmentLoading hint="Pages that read the legacy store (the Plan reads every file) take longer on a large one." />;
}
