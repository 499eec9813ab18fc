"""Pages for analysts: server-rendered, readable without an account (watching needs sign-in)."""

from agreements.views.agreements import agreement_detail, agreement_export, agreement_list  # noqa: F401
from agreements.views.dashboard import dashboard  # noqa: F401
from agreements.views.milestones import milestone_board, milestone_detail, milestone_export  # noqa: F401
from agreements.views.reference import (  # noqa: F401
    criticality_lists,
    mineral_detail,
    party_compare,
    party_detail,
    party_list,
    project_detail,
    stage_detail,
)
from agreements.views.scorecards import scorecard_page  # noqa: F401
from agreements.views.watching import agreement_watch, party_watch  # noqa: F401
