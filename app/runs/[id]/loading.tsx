import { PageSkeleton } from '../../_components/skeletons';

export default function Loading() {
  return <PageSkeleton title="Run" charts={4} />;
}
