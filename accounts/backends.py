"""django-axes' lockout check, first in AUTHENTICATION_BACKENDS (ModelBackend checks the password)."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a sign-in while the user name or the client's address is locked out.

    Every sign-in over HTTP passes the request (Django's login view, the admin's). A call without
    one (the test client's `login()`, a shell) has no client to count: axes would raise, this lets
    the next backend decide. No HTTP path of the project authenticates without the request.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
