import { themeListSchema } from '@bok/shared/themes';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '@/lib/api-client';

/** The network's active themes, in its order, for choosing a meeting's themes. */
export function useActiveThemes() {
  return useQuery({
    queryKey: ['themes'],
    queryFn: ({ signal }) => apiGet('/themes', themeListSchema, { signal }),
    staleTime: 5 * 60_000,
  });
}
