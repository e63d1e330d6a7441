import { useQueryClient } from '@tanstack/react-query';
import { meetingDetailsQueryKey } from '@/features/meetings/api/get-meeting';
import { MeetingRoute } from '@/features/meetings/routes/meeting-route';
import { networkQueryOptions } from '@/features/network/api/get-network';
import { MeetingRegistration } from '@/features/registrations/components/meeting-registration';

/** The meeting page: the meeting (meetings feature) with its registration form (registrations feature). */
export function MeetingPage() {
  const queryClient = useQueryClient();

  // A registration changes the seats shown here and on the front page: refresh now, not at the next poll.
  function refreshSeats() {
    void queryClient.invalidateQueries({ queryKey: meetingDetailsQueryKey });
    void queryClient.invalidateQueries({ queryKey: networkQueryOptions().queryKey });
  }

  return (
    <MeetingRoute
      registration={(meeting) => (
        <MeetingRegistration key={meeting.id} meeting={meeting} onMeetingChanged={refreshSeats} />
      )}
    />
  );
}
