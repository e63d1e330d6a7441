import { Loading } from '@/components/loading';
import { QueryError } from '@/components/query-error';
import { useNetwork } from '../api/get-network';
import { NetworkOverview } from '../components/network-overview';

export function NetworkRoute() {
  const network = useNetwork();
  // Stale data beats an error: a failed background refetch keeps the page as it was.
  if (network.data) return <NetworkOverview network={network.data} />;
  if (network.isError)
    return <QueryError error={network.error} onRetry={() => void network.refetch()} headingLevel={1} />;
  return <Loading />;
}
