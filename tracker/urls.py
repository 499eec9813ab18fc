from django.contrib import admin
from django.urls import include, path

from tracker.health import healthz

urlpatterns = [
    # Probed by load balancers and docker-compose; exempt from the HTTPS redirect (settings).
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("agreements.api.urls")),
    # Language switch (set_language) and sign-in for watching.
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("agreements.urls")),
]

# JSON errors under /api/ (even for URLs no API route matches), the site's pages elsewhere.
handler400 = "tracker.errors.bad_request"
handler404 = "tracker.errors.not_found"
handler500 = "tracker.errors.server_error"
