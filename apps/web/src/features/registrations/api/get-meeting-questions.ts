import { questionSchema } from '@bok/shared/questions';
import { useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet } from '@/lib/api-client';

// The manage page edits the answers to the meeting's questions; the meeting itself is the
// meetings feature's (composed in by the page), so only its questions are read here.
const meetingQuestionsSchema = z.object({ questions: z.array(questionSchema) });

export function useMeetingQuestions(meetingId: string) {
  return useQuery({
    queryKey: ['registrations', 'meeting-questions', meetingId],
    queryFn: ({ signal }) =>
      apiGet(`/meetings/${encodeURIComponent(meetingId)}`, meetingQuestionsSchema, { signal }).then(
        (meeting) => meeting.questions,
      ),
    staleTime: 60_000,
  });
}
