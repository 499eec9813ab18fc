from django.urls import path
from django.views.generic import TemplateView

# Placeholder routes so get_absolute_url() reverses; the pages issue replaces the views.
placeholder = TemplateView.as_view(template_name="agreements/placeholder.html")

urlpatterns = [
    path("", placeholder, name="dashboard"),
    path("agreements/<slug:slug>/", placeholder, name="agreement-detail"),
    path("parties/<slug:slug>/", placeholder, name="party-detail"),
    path("minerals/<slug:slug>/", placeholder, name="mineral-detail"),
    path("stages/<slug:slug>/", placeholder, name="stage-detail"),
    path("projects/<slug:slug>/", placeholder, name="project-detail"),
]
