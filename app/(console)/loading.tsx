import { SegmentLoading } from '@/components/shell/segment-loading';

/** While a signed-in page renders on the server: progress inside the console frame. */
export default function ConsoleLoading() {
  return <SegmentLoading />;
}
