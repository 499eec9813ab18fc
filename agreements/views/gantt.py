"""The Gantt-like view of commitments: one row per milestone, a bar from the start of its clock
to its deadline, a mark where the evidence says it was fulfilled, an open end where it is late.

Pure layout: milestones loaded `with_outcome(today)` (with their agreement) in, rows out; no ORM,
no clock. The rules stay where they live: the clock's start is `deadlines.anchor_date`, the late
flag `deadlines.is_overdue`, the outcome and its words `outcome_text`. static/js/gantt.js draws
the rows (ECharts); the page's milestone table is the text alternative.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from agreements.choices import DeadlineAnchor, Outcome
from agreements.deadlines import anchor_date, is_overdue, is_relative
from agreements.outcome_text import outcome_label, outcome_sentence, outcome_shape
from agreements.views.timeline import marker_css

MET = {Outcome.MET_ON_TIME, Outcome.MET_LATE, Outcome.MET_NO_DEADLINE}


@dataclass
class GanttRow:
    pk: int
    title: str
    url: str
    agreement: str
    start: datetime.date | None  # None: the clock's start is not known (drawn from the deadline)
    start_rule: str
    deadline: datetime.date | None
    fulfilled_on: datetime.date | None  # the evidence date of delivery (or part delivery)
    late: bool  # open past its deadline: the bar's open end runs on to today
    outcome: str
    css: str
    label: str
    sentence: str


@dataclass
class Gantt:
    today: datetime.date
    start: datetime.date | None
    end: datetime.date | None
    rows: list[GanttRow]  # dated: drawn
    undated: list[GanttRow]  # waiting for an unknown start, or no deadline: listed, never drawn

    def as_data(self) -> dict:
        """What the chart script reads (through json_script): dates as ISO strings, words translated."""
        return {
            "today": _iso(self.today),
            "start": _iso(self.start),
            "end": _iso(self.end),
            "rows": [
                {
                    "id": row.pk,
                    "title": row.title,
                    "url": row.url,
                    "start": _iso(row.start),
                    "deadline": _iso(row.deadline),
                    "fulfilled": _iso(row.fulfilled_on),
                    "late": row.late,
                    "outcome": row.outcome,
                    "css": row.css,
                    "label": row.label,
                    "tooltip": _tooltip(row),
                }
                for row in self.rows
            ],
            "words": {
                "today": _("Today"),
                "chart": _("Commitments from the start of their clock to their deadline"),
                "description": self.description(),
            },
        }

    def description(self) -> str:
        """The chart's text alternative in one sentence (the table below has every row)."""
        return _(
            "%(drawn)d commitments drawn from the start of their clock to their deadline, today marked; "
            "%(undated)d without a date listed below the chart. The table lists each of them."
        ) % {"drawn": len(self.rows), "undated": len(self.undated)}


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def _tooltip(row: GanttRow) -> str:
    lines = [row.title]
    if row.agreement:
        lines.append(row.agreement)
    if row.start is not None:
        lines.append(_("Clock starts %(date)s (%(rule)s)") % {"date": _day(row.start), "rule": row.start_rule})
    else:
        lines.append(_("Start of its clock not known"))
    lines.append(row.sentence)
    return "\n".join(lines)


def clock_start(milestone) -> tuple[datetime.date | None, str]:
    """The date its clock starts and the rule in words: a relative deadline counts from its
    anchor; an absolute one runs from signing."""
    agreement = milestone.agreement
    if is_relative(offset_months=milestone.offset_months, offset_days=milestone.offset_days):
        start = anchor_date(
            milestone.anchor, signed_on=agreement.signed_on, entered_into_force_on=agreement.entered_into_force_on
        )
        if milestone.anchor == DeadlineAnchor.ENTRY_INTO_FORCE:
            return start, _("entry into force")
        if milestone.anchor == DeadlineAnchor.UNKNOWN:
            return None, _("start not known")
        return start, _("signing")
    return agreement.signed_on, _("signing")


def _fulfilment(milestone) -> datetime.date | None:
    """The evidence date the bar marks: delivery for a met one, part delivery for a partly met one."""
    if milestone.outcome in MET:
        return getattr(milestone, "fulfilled_on", None)
    if milestone.outcome == Outcome.PARTLY_MET:
        return getattr(milestone, "partly_fulfilled_on", None)
    return None


def build_gantt(milestones, *, today: datetime.date, show_agreement: bool = False) -> Gantt | None:
    """Rows in deadline order (as the table), undated ones apart. None when there are no milestones."""
    milestones = list(milestones)
    if not milestones:
        return None
    rows, undated = [], []
    for milestone in milestones:
        start, rule = clock_start(milestone)
        deadline = milestone.deadline
        if start is not None and deadline is not None and start > deadline:
            start = deadline  # an absolute deadline set before signing: a bar never runs backwards
        late = is_overdue(status=milestone.status, deadline=deadline, today=today, kind=milestone.kind)
        row = GanttRow(
            pk=milestone.pk,
            title=milestone.title,
            url=milestone.get_absolute_url(),
            agreement=str(milestone.agreement) if show_agreement else "",
            start=start,
            start_rule=rule,
            deadline=deadline,
            fulfilled_on=_fulfilment(milestone),
            late=late,
            outcome=milestone.outcome,
            css=marker_css(milestone, late),
            label=f"{outcome_shape(milestone.outcome)} {outcome_label(milestone.outcome)}".strip(),
            sentence=outcome_sentence(milestone, today),
        )
        (rows if deadline is not None else undated).append(row)
    rows.sort(key=lambda row: (row.deadline, row.pk))
    dates = [today]
    for row in rows:
        dates += [day for day in (row.start, row.deadline, row.fulfilled_on) if day is not None]
    return Gantt(today=today, start=min(dates), end=max(dates), rows=rows, undated=undated)
