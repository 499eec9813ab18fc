"""iCalendar feeds of deadlines (built with the `icalendar` package), for calendar subscriptions.

`/calendar.ics` holds every deadline, or with the deadline board's query the board's;
`/agreements/calendar.ics` with the search page's query those of the agreements it lists;
`/agreements/{slug}/calendar.ics` and `/parties/{slug}/calendar.ics` one agreement's or one
party's. The filtered ones use the page's own filterset, so a calendar holds the page's rows. Each event states the
milestone's outcome (outcome_text.py), in its summary and the first line of its description.

A calendar holds the milestones its reader may see, as the page it comes from: published
agreements' for anonymous readers (calendar programs subscribe without a session), drafts' too
for editors, their summaries marked "[Draft]".

Every feed is written by `build_calendar`, which is where the records' free text and dates are
made safe for iCalendar: icalendar folds lines and escapes TEXT values, but it neither rejects
nor cleans control characters, and a date one day past 9999-12-31 does not exist.
"""

import datetime
import unicodedata

import icalendar
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.choices import Outcome
from agreements.deadlines import is_overdue
from agreements.models import Agreement, Milestone, Party
from agreements.outcome_text import outcome_label, outcome_sentence
from agreements.views.agreements import agreement_filterset
from agreements.views.common import filter_errors_response
from agreements.views.milestones import board_filterset

PRODID = "-//Minerals Tracker//Deadlines//EN"
UID_DOMAIN = "minerals-tracker"
# Subscribers' programs poll; tell them how often is reasonable.
REFRESH_INTERVAL = datetime.timedelta(hours=6)
CALENDAR_LIMIT = 5000
QUIET_OUTCOMES = {Outcome.NOT_YET_DUE, Outcome.ACTIVE, Outcome.WAITING}


def _without_controls(text: str) -> str:
    """`text` without control characters (RFC 5545 TEXT allows none but tab; a tab becomes a space)."""
    return "".join(char for char in text.replace("\t", " ") if unicodedata.category(char) != "Cc")


def one_line(value) -> str:
    """A single-line text value (calendar name, summary, category): any line break or run of
    white space becomes one space, so `Japan\r\nparty`, `Japan\rparty` and `Japan\nparty`
    all read `Japan party`."""
    return " ".join(filter(None, (_without_controls(word) for word in str(value).split())))


def multi_line(value) -> str:
    """A multi-line text value (description): CRLF, a bare CR and the other Unicode line breaks
    all become LF, which icalendar writes as the TEXT escape `\\n`."""
    return "\n".join(_without_controls(line).rstrip() for line in str(value).splitlines())


def _add_all_day(event: icalendar.Event, day: datetime.date) -> None:
    """DTSTART and DTEND (exclusive) of an all-day event on `day`.

    The last day a date can hold, 9999-12-31, gets no DTEND: its day after is not a date
    (neither Python's nor iCalendar's four-digit year can hold 10000-01-01), and RFC 5545
    (3.6.1) defines an event with a DATE start and neither DTEND nor DURATION as lasting one
    day, so it means the same. Every other event keeps its DTEND, which every client reads.
    """
    event.add("dtstart", day)
    if day < datetime.date.max:
        event.add("dtend", day + datetime.timedelta(days=1))


def build_calendar(*, name: str, milestones, today: datetime.date, base_url: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # An X- property is TEXT by default (RFC 5545 3.8.8.2), but icalendar writes a property it
    # does not know as it is; vText makes it escape the value like any text.
    calendar.add("x-wr-calname", icalendar.vText(one_line(name)))
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    stamp = timezone.now()
    for milestone in milestones:
        event = icalendar.Event()
        agreement = milestone.agreement
        late = is_overdue(status=milestone.status, deadline=milestone.deadline, today=today, kind=milestone.kind)
        event.add("uid", f"milestone-{milestone.pk}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("last-modified", milestone.updated_at)
        _add_all_day(event, milestone.deadline)
        # A decided outcome leads the title, so a calendar grid says "kept, late or missed";
        # an open future one needs no tag (the description says so).
        if late:
            prefix = f"[{_('OVERDUE')}] "
        elif milestone.outcome in QUIET_OUTCOMES:
            prefix = ""
        else:
            prefix = f"[{outcome_label(milestone.outcome)}] "
        if not agreement.published:
            prefix = f"[{_('Draft')}] {prefix}"
        event.add("summary", one_line(f"{prefix}{milestone.title} ({agreement})"))
        lines = [one_line(outcome_sentence(milestone, today)), one_line(agreement.title)]
        if milestone.commitment_text:
            lines.append(multi_line(milestone.commitment_text))
        responsible = (
            milestone.responsible.display_name if milestone.responsible is not None else _("the parties jointly")
        )
        lines.append(one_line(_("Responsible: %(party)s") % {"party": responsible}))
        lines.append(one_line(_("Status: %(status)s") % {"status": milestone.get_status_display()}))
        event.add("description", "\n".join(lines))
        url = f"{base_url}{milestone.get_absolute_url()}"
        event.add("url", url)
        event.add("categories", [one_line(milestone.outcome), one_line(milestone.status)])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def _response(request, *, name: str, milestones, filename: str) -> HttpResponse:
    today = timezone.localdate()
    base_url = request.build_absolute_uri("/").rstrip("/")
    body = build_calendar(name=name, milestones=milestones[:CALENDAR_LIMIT], today=today, base_url=base_url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _milestones(request):
    """Dated milestones the reader may see, with their outcome (one waiting for its anchor date
    has no day to show)."""
    today = timezone.localdate()
    return (
        Milestone.objects.visible_to(request.user)
        .filter(deadline__isnull=False)
        .select_related("agreement", "responsible")
        .with_outcome(today)
        .order_by("deadline", "pk")
    )


def calendar_all(request):
    """Every deadline, or the deadline board's: `/calendar.ics?<the board's query>` holds the
    board's rows that have a date (the board's filterset, views.milestones.board_filterset)."""
    today = timezone.localdate()
    data, filterset = board_filterset(request, today, rows=_milestones(request))
    if not filterset.is_valid():
        return filter_errors_response(filterset, what="subscribed")
    name = _("Minerals Tracker: selected deadlines") if data else _("Minerals Tracker: all deadlines")
    return _response(request, name=name, milestones=filterset.qs.order_by("deadline", "pk"), filename="deadlines.ics")


def calendar_agreements(request):
    """`/agreements/calendar.ics?<the search page's query>`: the deadlines of the agreements the
    search page lists (its filterset, views.agreements.agreement_filterset)."""
    today = timezone.localdate()
    filterset = agreement_filterset(request, Agreement.objects.visible_to(request.user), today)
    if not filterset.is_valid():
        return filter_errors_response(filterset, what="subscribed")
    # The page's sort does not matter here, and ordering a subquery costs a sort.
    agreement_ids = filterset.qs.order_by().values("id")
    return _response(
        request,
        name=_("Minerals Tracker: deadlines of the selected agreements"),
        milestones=_milestones(request).filter(agreement_id__in=agreement_ids),
        filename="agreements.ics",
    )


def calendar_agreement(request, slug):
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user), slug=slug)
    return _response(
        request,
        name=f"Minerals Tracker: {agreement}",
        milestones=_milestones(request).filter(agreement=agreement),
        filename=f"{agreement.slug}.ics",
    )


def calendar_party(request, slug):
    """The party's deadlines: the board's `?party=` rule (MilestoneQuerySet.for_parties), so it
    holds what `/calendar.ics?party=<slug>` and `/milestones/export.csv?party=<slug>` hold."""
    party = get_object_or_404(Party, slug=slug)
    return _response(
        request,
        name=f"Minerals Tracker: {party.display_name}",
        milestones=_milestones(request).for_parties([party]),
        filename=f"{party.slug}.ics",
    )
