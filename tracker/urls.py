from django.contrib import admin
from django.urls import include, path

from tracker.health import healthz

urlpatterns = [
    # Probed by load balancers and docker-compose; exempt from the HTTPS redirect (settings).
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("agreements.api.urls")),
    # Language switch (set_language).
    path("i18n/", include("django.conf.urls.i18n")),
    # Watchers' accounts: allauth's sign-in and sign-up, the throttled password reset, my watches.
    path("accounts/", include("accounts.urls")),
    path("", include("agreements.urls")),
]

# JSON errors under /api/ (even for URLs no API route matches), the site's pages elsewhere.
handler400 = "tracker.errors.bad_request"
handler404 = "tracker.errors.not_found"
handler500 = "tracker.errors.server_error"
# allauth's throttles (sign-up, confirmation mails) answer with this page.
handler429 = "accounts.views.too_many_requests"
