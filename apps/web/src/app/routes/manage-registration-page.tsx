import { useQueryClient } from '@tanstack/react-query';
import { meetingDetailsQueryKey } from '@/features/meetings/api/get-meeting';
import { MeetingGlance } from '@/features/meetings/components/meeting-glance';
import { networkQueryOptions } from '@/features/network/api/get-network';
import { ManageRegistrationRoute } from '@/features/registrations/routes/manage-registration-route';

/** The e-mailed manage link's page: the registration (registrations feature) and its meeting (meetings feature). */
export function ManageRegistrationPage() {
  const queryClient = useQueryClient();
  return (
    <ManageRegistrationRoute
      meeting={(meetingId) => <MeetingGlance idOrSlug={meetingId} />}
      onCancelled={() => {
        // A freed seat shows on the meeting's pages at once.
        void queryClient.invalidateQueries({ queryKey: meetingDetailsQueryKey });
        void queryClient.invalidateQueries({ queryKey: networkQueryOptions().queryKey });
      }}
    />
  );
}
