"""The Atom feed: new agreements and newly overdue milestones, newest first.

A milestone appears when the overdue job flagged it: the Alert row of kind "flagged" records
when. Both streams are read with one query each and merged in Python.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from agreements.choices import AlertKind
from agreements.models import Agreement, Alert

FEED_ITEMS = 50


class FeedItem:
    def __init__(self, *, guid, title, link, description, date, category):
        self.guid, self.title, self.link = guid, title, link
        self.description, self.date, self.category = description, date, category


class TrackerFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Minerals Tracker: new agreements and overdue milestones")

    def subtitle(self):
        return _("Critical-minerals agreements and whether their promises are kept.")

    def link(self):
        return reverse("dashboard")

    def items(self):
        agreements = [
            FeedItem(
                guid=f"agreement-{agreement.pk}",
                title=_("New agreement: %(title)s") % {"title": agreement},
                link=agreement.get_absolute_url(),
                description=agreement.summary,
                date=agreement.created_at,
                category=_("Agreement"),
            )
            for agreement in Agreement.objects.order_by("-created_at", "-pk")[:FEED_ITEMS]
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
            for alert in Alert.objects.filter(kind=AlertKind.FLAGGED)
            .select_related("milestone__agreement")
            .order_by("-created_at", "-pk")[:FEED_ITEMS]
        ]
        return sorted(agreements + flagged, key=lambda item: item.date, reverse=True)[:FEED_ITEMS]

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
