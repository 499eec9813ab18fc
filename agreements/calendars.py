"""iCalendar feeds of deadlines (built with the `icalendar` package), for calendar subscriptions.

`/calendar.ics` holds every deadline; `/agreements/{slug}/calendar.ics` and
`/parties/{slug}/calendar.ics` hold one agreement's or one party's.
"""

import datetime

import icalendar
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agreements.deadlines import is_overdue
from agreements.models import Agreement, Milestone, Party

PRODID = "-//Minerals Tracker//Deadlines//EN"
UID_DOMAIN = "minerals-tracker"
# Subscribers' programs poll; tell them how often is reasonable.
REFRESH_INTERVAL = datetime.timedelta(hours=6)
CALENDAR_LIMIT = 5000


def build_calendar(*, name: str, milestones, today: datetime.date, base_url: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    stamp = timezone.now()
    for milestone in milestones:
        event = icalendar.Event()
        agreement = milestone.agreement
        late = is_overdue(status=milestone.status, deadline=milestone.deadline, today=today)
        event.add("uid", f"milestone-{milestone.pk}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("last-modified", milestone.updated_at)
        event.add("dtstart", milestone.deadline)
        event.add("dtend", milestone.deadline + datetime.timedelta(days=1))
        event.add("summary", f"{'[OVERDUE] ' if late else ''}{milestone.title} ({agreement})")
        lines = [str(agreement.title)]
        if milestone.commitment_text:
            lines.append(milestone.commitment_text)
        if milestone.responsible is not None:
            lines.append(f"Responsible: {milestone.responsible}")
        lines.append(f"Status: {milestone.get_status_display()}")
        event.add("description", "\n".join(lines))
        url = f"{base_url}{milestone.get_absolute_url()}"
        event.add("url", url)
        event.add("categories", [milestone.status])
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


def _milestones():
    return Milestone.objects.select_related("agreement", "responsible").order_by("deadline", "pk")


def calendar_all(request):
    return _response(
        request, name="Minerals Tracker: all deadlines", milestones=_milestones(), filename="deadlines.ics"
    )


def calendar_agreement(request, slug):
    agreement = get_object_or_404(Agreement, slug=slug)
    return _response(
        request,
        name=f"Minerals Tracker: {agreement}",
        milestones=_milestones().filter(agreement=agreement),
        filename=f"{agreement.slug}.ics",
    )


def calendar_party(request, slug):
    party = get_object_or_404(Party, slug=slug)
    return _response(
        request,
        name=f"Minerals Tracker: {party}",
        milestones=_milestones().for_parties([party]),
        filename=f"{party.slug}.ics",
    )
