"""The Atom feed, newest first: new agreements, newly overdue milestones, new evidence (and the
outcome changes it brings), and expiries whose measure ended.

Published agreements only, for everyone: a feed is read by feed readers without a session and
shared, so drafts never enter it (editors see drafts on the pages). A new agreement's entry is
dated when it was published (`published_at`; agreements published before drafts existed have
none and keep their creation date).

A milestone appears as overdue when the overdue job flagged it: the Alert row of kind "flagged"
records when. An evidence item is an outcome change when the milestone's outcome with it differs
from the outcome without it (outcomes.milestone_outcome on the day the item was recorded). Each
stream is read with a fixed number of queries and merged in Python.
"""

import datetime
from collections import defaultdict

from django.contrib.syndication.views import Feed
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from agreements.choices import AlertKind, MilestoneKind, Outcome
from agreements.models import Agreement, Alert, Evidence, Milestone
from agreements.outcome_text import describe_outcome, outcome_label, outcome_sentence
from agreements.outcomes import EvidenceSummary, milestone_outcome
from agreements.querysets import published_q

FEED_ITEMS = 50


class FeedItem:
    def __init__(self, *, guid, title, link, description, date, category):
        self.guid, self.title, self.link = guid, title, link
        self.description, self.date, self.category = description, date, category


def _outcome_with_and_without(item: Evidence, trail: list[Evidence]) -> tuple[str, str]:
    """The milestone's outcome just before `item` was recorded and just after, on that day
    (`trail`: every item of its milestone)."""
    milestone = item.milestone
    day = timezone.localdate(item.created_at)
    earlier = [
        (other.verdict, other.occurred_on)
        for other in trail
        if (other.created_at, other.pk) < (item.created_at, item.pk)
    ]

    def outcome(pairs) -> str:
        return milestone_outcome(
            kind=milestone.kind,
            status=milestone.status,
            deadline=milestone.deadline,
            evidence=EvidenceSummary.of(pairs),
            today=day,
        ).outcome

    return outcome(earlier), outcome([*earlier, (item.verdict, item.occurred_on)])


def _evidence_entry(item: Evidence, trail: list[Evidence], today: datetime.date) -> FeedItem:
    milestone = item.milestone
    before, after = _outcome_with_and_without(item, trail)
    names = {"milestone": milestone, "agreement": milestone.agreement}
    if before != after:
        title = _("Outcome changed: %(milestone)s (%(agreement)s): %(before)s → %(after)s") % {
            **names,
            "before": outcome_label(before),
            "after": outcome_label(after),
        }
        category = _("Outcome change")
    else:
        title = _("New evidence: %(milestone)s (%(agreement)s): %(verdict)s") % {
            **names,
            "verdict": item.get_verdict_display(),
        }
        category = _("Evidence")
    source = item.source_publisher or item.source_title or item.source_url
    description = " ".join(
        filter(
            None,
            [
                f"{item.occurred_on.isoformat()}: {item.summary}",
                _("Source: %(source)s (%(grade)s).") % {"source": source, "grade": item.get_grade_display()},
                _("Now: %(outcome)s.") % {"outcome": outcome_sentence(milestone, today)},
            ],
        )
    )
    return FeedItem(
        guid=f"evidence-{item.pk}",
        title=title,
        link=f"{milestone.get_absolute_url()}#evidence-{item.pk}",
        description=description,
        date=item.created_at,
        category=category,
    )


class TrackerFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Minerals Tracker: new agreements, evidence and overdue milestones")

    def subtitle(self):
        return _("Critical-minerals agreements and whether their promises are kept.")

    def link(self):
        return reverse("dashboard")

    def items(self):
        today = timezone.localdate()
        agreements = [
            FeedItem(
                guid=f"agreement-{agreement.pk}",
                title=_("New agreement: %(title)s") % {"title": agreement},
                link=agreement.get_absolute_url(),
                description=agreement.summary,
                date=agreement.published_at or agreement.created_at,
                category=_("Agreement"),
            )
            for agreement in Agreement.objects.published().order_by(
                Coalesce("published_at", "created_at").desc(), "-pk"
            )[:FEED_ITEMS]
        ]
        flagged = [
            FeedItem(
                guid=f"overdue-{alert.pk}",
                title=_("Overdue: %(milestone)s (%(agreement)s)")
                % {"milestone": alert.milestone, "agreement": alert.milestone.agreement},
                link=alert.milestone.get_absolute_url(),
                description=_("Deadline %(deadline)s passed without the milestone being completed.")
                % {"deadline": (alert.deadline or alert.milestone.deadline).isoformat()},
                date=alert.created_at,
                category=_("Overdue milestone"),
            )
            for alert in Alert.objects.filter(published_q("milestone__agreement__"), kind=AlertKind.FLAGGED)
            .select_related("milestone__agreement")
            .order_by("-created_at", "-pk")[:FEED_ITEMS]
        ]
        evidence = self._evidence_items(today)
        ended = [
            FeedItem(
                guid=f"ended-{milestone.pk}-{milestone.deadline.isoformat()}",
                title=_("Ended: %(milestone)s (%(agreement)s)")
                % {"milestone": milestone, "agreement": milestone.agreement},
                link=milestone.get_absolute_url(),
                description=describe_outcome(outcome=milestone.outcome, today=today, deadline=milestone.deadline),
                # The day after the last day of the measure, when it became "ended".
                date=timezone.make_aware(
                    datetime.datetime.combine(milestone.deadline + datetime.timedelta(days=1), datetime.time())
                ),
                category=_("Outcome change"),
            )
            for milestone in Milestone.objects.published()
            .filter(kind=MilestoneKind.EXPIRY)
            .select_related("agreement")
            .with_outcome(today)
            .filter(outcome=Outcome.ENDED)
            .order_by("-deadline", "-pk")[:FEED_ITEMS]
        ]
        items = agreements + flagged + evidence + ended
        return sorted(items, key=lambda item: item.date, reverse=True)[:FEED_ITEMS]

    @staticmethod
    def _evidence_items(today: datetime.date) -> list[FeedItem]:
        """The newest evidence items, their milestones (with the outcome now) and every item of
        those milestones (to tell whether one changed the outcome): three queries, always, also
        when there is no evidence at all."""
        newest = Evidence.objects.published().order_by("-created_at", "-pk")
        milestone_ids = newest.values("milestone_id")[:FEED_ITEMS]
        items = list(newest[:FEED_ITEMS])
        milestones = {
            milestone.pk: milestone
            for milestone in Milestone.objects.filter(pk__in=milestone_ids)
            .select_related("agreement")
            .with_outcome(today)
        }
        trail = defaultdict(list)
        for other in Evidence.objects.filter(milestone_id__in=milestone_ids).only(
            "pk", "milestone_id", "verdict", "occurred_on", "created_at"
        ):
            trail[other.milestone_id].append(other)
        entries = []
        for item in items:
            milestone = milestones.get(item.milestone_id)
            if milestone is None:  # deleted between the two reads
                continue
            item.milestone = milestone
            entries.append(_evidence_entry(item, trail[milestone.pk], today))
        return entries

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return item.link

    def item_guid(self, item):
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.date

    def item_categories(self, item):
        return [item.category]
