"""/accounts/: allauth's sign-in, sign-up, e-mail confirmation and management; Django's
(throttled) password reset; the watcher's pages.

Names from before allauth still resolve (`login`, `logout`, `password_reset` and the rest of
django.contrib.auth.urls). allauth's own password-reset views are left out: one reset flow, the
throttled one (README, PASSWORD_RESET_RATE_*), and allauth's name for it points there.
"""

from allauth.account import urls as allauth_urls
from allauth.account import views as allauth_views
from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.views import ThrottledPasswordResetView

ALLAUTH_RESET = {
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
}

urlpatterns = [
    path("login/", allauth_views.login, name="login"),
    path("logout/", allauth_views.logout, name="logout"),
    path("password_reset/", ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("password_reset/", ThrottledPasswordResetView.as_view(), name="account_reset_password"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("watches/", views.my_watches, name="my-watches"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    *(pattern for pattern in allauth_urls.urlpatterns if getattr(pattern, "name", None) not in ALLAUTH_RESET),
]
