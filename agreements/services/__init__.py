"""Every write that is more than "set fields": keyword-only functions run in transactions.

The API, the admin, the pages, the Celery task and the management commands call these.
"""

from agreements.services.overdue import (  # noqa: F401
    OverdueRunResult,
    flag_overdue,
    newly_overdue,
    no_longer_overdue,
    send_pending_alerts,
    watcher_pairs,
)
from agreements.services.records import (  # noqa: F401
    agreement_create,
    agreement_save,
    agreement_set_parties,
    agreement_update,
    agreements_set_published,
    milestone_create,
    milestone_save,
    milestone_update,
    milestones_reschedule,
    unique_slug,
)
from agreements.services.watching import watch_add, watch_remove  # noqa: F401
