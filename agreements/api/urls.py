"""`/api/`: the resources (evidence included), the scorecards, the signed-in user's watches, the
text extractor (`extract/`), the schema and the docs.

Route names are prefixed `api-` (`api-agreement-detail`) so they never clash with the pages'.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from agreements.api import views

router = DefaultRouter()
router.register("agreements", views.AgreementViewSet, basename="api-agreement")
router.register("parties", views.PartyViewSet, basename="api-party")
router.register("minerals", views.MineralViewSet, basename="api-mineral")
router.register("stages", views.StageViewSet, basename="api-stage")
router.register("instruments", views.InstrumentViewSet, basename="api-instrument")
router.register("milestones", views.MilestoneViewSet, basename="api-milestone")
router.register("evidence", views.EvidenceViewSet, basename="api-evidence")
router.register("discrepancies", views.DiscrepancyViewSet, basename="api-discrepancy")
router.register("mineral-lists", views.MineralListViewSet, basename="api-mineral-list")
router.register("scorecards", views.ScorecardViewSet, basename="api-scorecard")
router.register("projects", views.ProjectViewSet, basename="api-project")
router.register("watches", views.WatchViewSet, basename="api-watch")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its initialiser as a script file: works under `script-src 'self'`.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("extract/", views.ExtractView.as_view(), name="api-extract"),
    path("", include(router.urls)),
]
