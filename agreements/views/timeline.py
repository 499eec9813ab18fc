"""The agreement timeline, laid out in Python and drawn as SVG by the template.

Pure layout: dates in, coordinates out (no ORM, no clock). The template draws a line from
signing to the last date, a marker per milestone (styled by its outcome, late ones highlighted)
and "today". Two layouts of the same points: horizontal, and vertical for phones (CSS shows one),
where a sideways line of 960 units would shrink to unreadable or scroll off the screen.
"""

import datetime
from dataclasses import dataclass, field

from agreements.choices import MilestoneKind, Outcome
from agreements.deadlines import days_late, is_overdue

WIDTH = 960
LEFT = 40
RIGHT = 40
AXIS_Y = 150
LANES = 4  # labels alternate above and below the axis in this many rows
LANE_GAP = 26
# The vertical layout: a 340-unit wide drawing (a 390 px phone shows it at about that size), the
# axis near the left edge, years left of it, labels right of it, two lines each.
V_WIDTH = 340
V_AXIS_X = 48
V_LABEL_X = 64
V_TOP = 28
V_ROW = 44  # the least distance between two labels
V_MIN_LENGTH = 360


@dataclass
class TimelinePoint:
    x: float
    label_y: float
    tick_y: float
    title: str
    date: datetime.date
    css: str
    days_late: int = 0
    text_anchor: str = "middle"
    outcome: str = ""


@dataclass
class VerticalEntry:
    """One dot on the vertical axis (signing, a milestone or today) and its two-line label."""

    kind: str  # "signed", "point" or "today"
    y: float
    label_y: float
    date: datetime.date
    point: TimelinePoint | None = None


@dataclass
class VerticalTimeline:
    width: int
    height: int
    axis_x: int
    label_x: int
    y_start: float
    y_end: float
    signed_y: float | None
    today_y: float
    entries: list[VerticalEntry] = field(default_factory=list)
    years: list[tuple[float, int]] = field(default_factory=list)


@dataclass
class Timeline:
    width: int
    height: int
    axis_y: int
    x_start: float
    x_end: float
    start: datetime.date
    end: datetime.date
    today_x: float | None
    today: datetime.date
    signed_x: float | None
    signed_on: datetime.date | None
    points: list[TimelinePoint] = field(default_factory=list)
    years: list[tuple[float, int]] = field(default_factory=list)
    vertical: VerticalTimeline | None = None


# The marker's style per outcome; "late" (the overdue flag) wins over all of them.
OUTCOME_CSS = {
    Outcome.MET_ON_TIME: "completed",
    Outcome.MET_LATE: "completed",
    "met_no_deadline": "completed",
    Outcome.PARTLY_MET: "partly",
    Outcome.MISSED: "missed",
    Outcome.OVERDUE_NO_EVIDENCE: "late",
    Outcome.NOT_YET_DUE: "pending",
    Outcome.CANCELLED: "cancelled",
    Outcome.ACTIVE: "expiry",
    Outcome.ENDED: "expiry",
}


def marker_css(milestone, late: bool) -> str:
    """The marker's style (the Gantt's bars use the same)."""
    if late:
        return "late"
    if milestone.kind != MilestoneKind.COMMITMENT:
        return "expiry"
    return OUTCOME_CSS.get(getattr(milestone, "outcome", ""), milestone.status)


def build_timeline(*, signed_on: datetime.date | None, milestones, today: datetime.date) -> Timeline | None:
    """`milestones`: objects with `pk`, `title`, `kind`, `deadline`, `status` and (from
    `with_outcome`) `outcome`. None when there is nothing to draw."""
    dated = [m for m in milestones if m.deadline is not None]
    if not dated and signed_on is None:
        return None
    dates = [m.deadline for m in dated] + [today] + ([signed_on] if signed_on else [])
    start, end = min(dates), max(dates)
    if start == end:
        end = start + datetime.timedelta(days=30)
    span = (end - start).days
    # A little room at both ends so that the first and last labels fit.
    usable = WIDTH - LEFT - RIGHT

    def x_of(day: datetime.date) -> float:
        return round(LEFT + usable * (day - start).days / span, 1)

    points = []
    for index, milestone in enumerate(sorted(dated, key=lambda m: (m.deadline, m.pk))):
        late = is_overdue(status=milestone.status, deadline=milestone.deadline, today=today, kind=milestone.kind)
        lane = index % LANES
        above = lane % 2 == 0
        depth = lane // 2 + 1
        label_y = AXIS_Y - 18 - (depth - 1) * LANE_GAP * 2 if above else AXIS_Y + 30 + (depth - 1) * LANE_GAP * 2
        x = x_of(milestone.deadline)
        anchor = "start" if x < LEFT + 120 else "end" if x > WIDTH - RIGHT - 120 else "middle"
        points.append(
            TimelinePoint(
                x=x,
                label_y=label_y,
                tick_y=label_y + (6 if above else -14),
                title=milestone.title if len(milestone.title) <= 38 else milestone.title[:36] + "…",
                date=milestone.deadline,
                css=marker_css(milestone, late),
                days_late=days_late(deadline=milestone.deadline, today=today) if late else 0,
                text_anchor=anchor,
                outcome=getattr(milestone, "outcome", ""),
            )
        )
    years = [
        (x_of(datetime.date(year, 1, 1)), year)
        for year in range(start.year + 1, end.year + 1)
        if start < datetime.date(year, 1, 1) <= end
    ]
    timeline = Timeline(
        width=WIDTH,
        height=AXIS_Y * 2,
        axis_y=AXIS_Y,
        x_start=LEFT,
        x_end=WIDTH - RIGHT,
        start=start,
        end=end,
        today_x=x_of(today),
        today=today,
        signed_x=x_of(signed_on) if signed_on else None,
        signed_on=signed_on,
        points=points,
        years=years,
    )
    timeline.vertical = _vertical(start=start, end=end, signed_on=signed_on, points=points, today=today)
    return timeline


def _vertical(*, start, end, signed_on, points, today) -> VerticalTimeline:
    """Top to bottom in date order; each dot at its date, each label at its date or, when the one
    before is too close, pushed down (a dashed leader joins them)."""
    span = (end - start).days
    entries = [VerticalEntry(kind="point", y=0, label_y=0, date=point.date, point=point) for point in points]
    if signed_on:
        entries.append(VerticalEntry(kind="signed", y=0, label_y=0, date=signed_on))
    entries.append(VerticalEntry(kind="today", y=0, label_y=0, date=today))
    # On one day: signing first, then the milestones, then today.
    order = {"signed": 0, "point": 1, "today": 2}
    entries.sort(key=lambda entry: (entry.date, order[entry.kind]))
    length = max(V_MIN_LENGTH, V_ROW * len(entries))

    def y_of(day: datetime.date) -> float:
        return round(V_TOP + length * (day - start).days / span, 1)

    previous = None
    for entry in entries:
        entry.y = y_of(entry.date)
        entry.label_y = entry.y if previous is None else max(entry.y, round(previous + V_ROW, 1))
        previous = entry.label_y
    years = [
        (y_of(datetime.date(year, 1, 1)), year)
        for year in range(start.year + 1, end.year + 1)
        if start < datetime.date(year, 1, 1) <= end
    ]
    return VerticalTimeline(
        width=V_WIDTH,
        height=int(max(previous, y_of(end)) + V_ROW),
        axis_x=V_AXIS_X,
        label_x=V_LABEL_X,
        y_start=y_of(start),
        y_end=y_of(end),
        signed_y=y_of(signed_on) if signed_on else None,
        today_y=y_of(today),
        entries=entries,
        years=years,
    )
