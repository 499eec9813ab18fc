from django.urls import path

from agreements import calendars, views
from agreements.feeds import TrackerFeed
from agreements.views import data

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/export.csv", views.agreement_export, name="agreement-export"),
    path("agreements/calendar.ics", calendars.calendar_agreements, name="agreements-calendar"),
    path("agreements/<slug:slug>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<slug:slug>/watch/", views.agreement_watch, name="agreement-watch"),
    path("agreements/<slug:slug>/calendar.ics", calendars.calendar_agreement, name="agreement-calendar"),
    path("milestones/", views.milestone_board, name="milestone-board"),
    path("milestones/export.csv", views.milestone_export, name="milestone-export"),
    path("milestones/<int:pk>/", views.milestone_detail, name="milestone-detail"),
    path("parties/", views.party_list, name="party-list"),
    path("scorecards/", views.scorecard_page, name="scorecards"),
    path("parties/compare/", views.party_compare, name="party-compare"),
    path("parties/<slug:slug>/", views.party_detail, name="party-detail"),
    path("parties/<slug:slug>/watch/", views.party_watch, name="party-watch"),
    path("parties/<slug:slug>/calendar.ics", calendars.calendar_party, name="party-calendar"),
    path("minerals/<slug:slug>/", views.mineral_detail, name="mineral-detail"),
    path("criticality-lists/", views.criticality_lists, name="criticality-lists"),
    path("stages/<slug:slug>/", views.stage_detail, name="stage-detail"),
    path("projects/<slug:slug>/", views.project_detail, name="project-detail"),
    path("calendar.ics", calendars.calendar_all, name="calendar"),
    path("feed.atom", TrackerFeed(), name="feed"),
    # The published data set (agreements/datapackage.py).
    path("data/", data.data_page, name="data"),
    path("data/datapackage.json", data.data_descriptor, name="data-descriptor"),
    path("data/minerals-tracker.zip", data.data_zip, name="data-zip"),
    path("data/<slug:name>.csv", data.data_resource, name="data-resource"),
]
