import { type AgendaTemplateReplace, agendaTemplateSchema } from '@bok/shared/agenda';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { coordinatorRequest } from './session';

const agendaTemplateKey = ['coordinator', 'agenda-template'] as const;

/** The standing agenda a new meeting starts from. */
export function useAgendaTemplate() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: agendaTemplateKey,
    queryFn: ({ signal }) => coordinatorRequest(queryClient, '/agenda-template', agendaTemplateSchema, { signal }),
  });
}

export function useReplaceAgendaTemplate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (template: AgendaTemplateReplace) =>
      coordinatorRequest(queryClient, '/agenda-template', agendaTemplateSchema, { method: 'PUT', body: template }),
    onSuccess: (template) => queryClient.setQueryData(agendaTemplateKey, template),
  });
}
