import { type Network, networkSchema } from '@bok/shared/network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/api-client';

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
