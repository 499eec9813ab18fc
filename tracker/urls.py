from django.contrib import admin
from django.urls import include, path

from accounts.views import ThrottledPasswordResetView
from tracker.health import healthz

urlpatterns = [
    # Probed by load balancers and docker-compose; exempt from the HTTPS redirect (settings).
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("agreements.api.urls")),
    # Language switch (set_language) and sign-in for watching.
    path("i18n/", include("django.conf.urls.i18n")),
    # The password-reset form, throttled per client and per address; the other views are Django's.
    path("accounts/password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("agreements.urls")),
]

# JSON errors under /api/ (even for URLs no API route matches), the site's pages elsewhere.
handler400 = "tracker.errors.bad_request"
handler404 = "tracker.errors.not_found"
handler500 = "tracker.errors.server_error"
