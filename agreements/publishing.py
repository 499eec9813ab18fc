"""Who sees drafts and who publishes: the one place for the publishing rules.

Every agreement starts as a draft. Anonymous readers (API, pages, feeds, calendars, exports, the
data download) see published agreements only, and what belongs to them (milestones, evidence,
instruments, sources). Editors, the users who may view agreements in the admin, see drafts too,
marked as such; publishing needs the change permission.
"""

VIEW_PERMISSION = "agreements.view_agreement"
CHANGE_PERMISSION = "agreements.change_agreement"


def can_see_drafts(user) -> bool:
    return bool(user and user.is_active and (user.has_perm(VIEW_PERMISSION) or user.has_perm(CHANGE_PERMISSION)))


def is_visible(agreement, user) -> bool:
    """The rule for one agreement already loaded (querysets apply it in SQL: `visible_to(user)`)."""
    return bool(agreement.published) or can_see_drafts(user)


def can_publish(user) -> bool:
    return bool(user and user.is_active and user.has_perm(CHANGE_PERMISSION))
