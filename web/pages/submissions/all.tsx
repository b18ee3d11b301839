import { SubmissionList } from './index';

/** Every submission the person may see (editors, leaders, unit approvers). */
export default function AllSubmissionsPage() {
  return <SubmissionList mode="all" />;
}
