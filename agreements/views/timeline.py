"""The agreement timeline, laid out in Python and drawn as SVG by the template.

Pure layout: dates in, coordinates out (no ORM, no clock). The template draws a line from
signing to the last date, a marker per milestone (styled by its outcome, late ones highlighted)
and "today".
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


@dataclass
class TimelinePoint:
    x: float
    label_y: float
    tick_y: float
    title: str
    date: datetime.date
    css: str
    days_late: int = 0
    anchor_id: str = ""
    text_anchor: str = "middle"
    outcome: str = ""


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


def _css(milestone, late: bool) -> str:
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
                css=_css(milestone, late),
                days_late=days_late(deadline=milestone.deadline, today=today) if late else 0,
                anchor_id=f"milestone-{milestone.pk}",
                text_anchor=anchor,
                outcome=getattr(milestone, "outcome", ""),
            )
        )
    years = [
        (x_of(datetime.date(year, 1, 1)), year)
        for year in range(start.year + 1, end.year + 1)
        if start < datetime.date(year, 1, 1) <= end
    ]
    return Timeline(
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
