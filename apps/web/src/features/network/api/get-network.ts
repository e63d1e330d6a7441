import type { Network } from '@bok/shared/network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/api-client';

// Imported with the request: the front page's first render does not wait for zod.
const networkSchema = () => import('@bok/shared/network').then((module) => module.networkSchema);

export function getNetwork(signal?: AbortSignal): Promise<Network> {
  return apiGet('/network', networkSchema, { signal });
}

export function networkQueryOptions() {
  return queryOptions({
    queryKey: ['network'],
    queryFn: ({ signal }) => getNetwork(signal),
  });
}

export function useNetwork() {
  return useQuery(networkQueryOptions());
}
