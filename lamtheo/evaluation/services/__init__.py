"""Every change to evaluation rounds and reviews goes through here, through the workflow kit.

Split by concern: `rounds` (open and announce a round), `members` (self-review, the chi bộ's
meeting, the decision of the level above), `orgs` (an organisation's report and its
decision) and `complaints` (a member's complaint about an announced rank and its answer);
`checks` holds who may do what, for the services and the pages alike.
"""

from lamtheo.evaluation.services.checks import (
    can_decide,
    can_hold_meeting,
    facts_of,
    rule_set_for,
)
from lamtheo.evaluation.services.complaints import (
    complaint_decide,
    complaint_lodge,
    complaint_window,
)
from lamtheo.evaluation.services.members import member_decide, member_meeting, self_review
from lamtheo.evaluation.services.orgs import org_decide, org_report
from lamtheo.evaluation.services.rounds import quota_problem, round_announce, round_open

__all__ = [
    "can_decide",
    "can_hold_meeting",
    "complaint_decide",
    "complaint_lodge",
    "complaint_window",
    "facts_of",
    "member_decide",
    "member_meeting",
    "org_decide",
    "org_report",
    "quota_problem",
    "round_announce",
    "round_open",
    "rule_set_for",
    "self_review",
]
