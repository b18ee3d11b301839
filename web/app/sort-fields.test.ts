/**
 * Each list page names the columns it lets the user sort by; the server allow-lists them (anything else
 * is a 400). The two lists must be the same, or a header would offer a sort the server refuses.
 */
import { describe, expect, it } from 'vitest';
import { AUDIT_SORT_FIELDS as AUDIT_SERVER } from '../../server/audit/schema';
import { ISSUE_SORT_FIELDS as ISSUE_SERVER } from '../../server/briefings/schema';
import { PEOPLE_SORT_FIELDS as PEOPLE_SERVER, UNIT_SORT_FIELDS as UNIT_SERVER } from '../../server/org/schema';
import { LEDGER_SORT_FIELDS as LEDGER_SERVER } from '../../server/scoring/schema';
import { QUEUE_SORT_FIELDS as QUEUE_SERVER, SUBMISSION_SORT_FIELDS as SUBMISSION_SERVER } from '../../server/submissions/schema';
import { AUDIT_SORT_FIELDS } from '../pages/audit/service';
import { ISSUE_SORT_FIELDS } from '../pages/briefings/service';
import { LEDGER_SORT_FIELDS } from '../pages/ledger-entries/service';
import { PEOPLE_SORT_FIELDS } from '../pages/people/service';
import { QUEUE_SORT_FIELDS } from '../pages/review/service';
import { SORT_FIELDS as SUBMISSION_SORT_FIELDS } from '../pages/submissions/service';
import { UNIT_SORT_FIELDS } from '../pages/units/service';

describe('the columns a list page sorts by are the ones its server allows', () => {
  it.each([
    ['audit log', AUDIT_SORT_FIELDS, AUDIT_SERVER],
    ['briefings', ISSUE_SORT_FIELDS, ISSUE_SERVER],
    ['ledger entries', LEDGER_SORT_FIELDS, LEDGER_SERVER],
    ['units', UNIT_SORT_FIELDS, UNIT_SERVER],
    ['people', PEOPLE_SORT_FIELDS, PEOPLE_SERVER],
    ['review queue', QUEUE_SORT_FIELDS, QUEUE_SERVER],
    ['submissions', SUBMISSION_SORT_FIELDS, SUBMISSION_SERVER],
  ] as const)('%s', (_name, page, server) => {
    expect([...page].sort()).toEqual([...server].sort());
  });
});
