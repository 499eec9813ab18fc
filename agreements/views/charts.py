"""The charts and the map on the pages: services.charts' numbers shaped for a table and for
json_script (static/js/charts.js, static/js/map.js). Published agreements only, for every
reader: a chart cannot mark a draft."""

import datetime

from django import forms
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agreements.models import Agreement, Milestone
from agreements.services.charts import agreements_per_quarter, commitments_per_quarter, party_map

MAP_MEASURES = (("agreements", _("Agreements")), ("late", _("Late commitments")))


class MapForm(forms.Form):
    map = forms.ChoiceField(
        label=_("Shade countries by"), choices=MAP_MEASURES, required=False, widget=forms.RadioSelect
    )

    def measure(self) -> str:
        return (self.cleaned_data.get("map") if self.is_valid() else "") or "agreements"


def _figure_texts(name: str, agreements: int, late: int) -> dict:
    return {
        "agreements": ngettext("%(party)s: %(count)d agreement", "%(party)s: %(count)d agreements", agreements)
        % {"party": name, "count": agreements},
        "late": ngettext("%(party)s: %(count)d late commitment", "%(party)s: %(count)d late commitments", late)
        % {"party": name, "count": late},
    }


def party_map_context(query, today: datetime.date) -> dict:
    """The map, its switch (`?map=agreements|late`) and the table of every party beside it.
    `map_form.errors` when the switch's value is not one of them (the page is then a 400)."""
    form = MapForm(query)
    measure = form.measure()
    rows = party_map(agreements=Agreement.objects.published(), milestones=Milestone.objects.published(), today=today)
    rows.sort(key=lambda row: (-getattr(row, measure), row.party.display_name.casefold()))
    drawn = [row for row in rows if row.on_map]
    data = {
        "rows": [
            {
                "iso": row.numeric,
                "agreements": row.agreements,
                "late": row.late,
                "url": row.party.get_absolute_url(),
                "texts": _figure_texts(row.party.display_name, row.agreements, row.late),
            }
            for row in drawn
        ],
        "descriptions": {
            "agreements": gettext("World map: %(count)d countries shaded by the number of published agreements.")
            % {"count": len(drawn)},
            "late": gettext("World map: %(count)d countries shaded by the number of late commitments.")
            % {"count": len(drawn)},
        },
    }
    return {
        "map_form": form,
        "map_choices": MAP_MEASURES,
        "map_measure": measure,
        "map_rows": rows,
        "map_data": data,
        "map_hidden": sum(not row.on_map for row in rows),
    }


def dashboard_charts(today: datetime.date) -> dict:
    return {
        "signed_chart": agreements_per_quarter(Agreement.objects.published()),
        "outcome_chart": commitments_per_quarter(Milestone.objects.published(), today=today),
    }
