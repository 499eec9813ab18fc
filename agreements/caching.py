"""ETags, 304s and cached bodies for reads, keyed by the data version (agreements/data_version.py).

A read's key is computed before anything is rendered, from what decides its body: the data
version, today's date in TIME_ZONE, the language, the absolute URL with its query, the
representation (renderer and media type, or "html"), who may see what (published only, drafts
too, or one user for per-user resources), the database and the code. The ETag is a hash of the
key, so an `If-None-Match` that matches is a 304 after one tiny query; otherwise a body cached
under the key (Django's cache: Redis with CACHE_URL, local memory without) is sent without
running the view; otherwise the view runs and its 200 is stored.

Two users never share a body unless they share the visibility class; pages are cached only for
anonymous visitors (signed-in pages carry watch buttons and the user's name). A cached page is
stored with its per-response secrets cut out: the CSRF token and the CSP nonce are filled in
fresh for each visitor, so the CSP header always names the nonce the body carries. Nothing that
sets a cookie or modifies the session is stored, nor a page while the visitor has messages.

`CachedReadMixin` is applied once, to the API's viewset base; `ReadCacheMiddleware` serves the
pages named in `CACHED_PAGES`.
"""

import hashlib
import re
from functools import cache

import django
import rest_framework
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache as default_cache
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import gettext as _

from agreements import publishing
from agreements.data_version import current_data_version

# Entries of an old version or date are never asked for again; this only bounds their stay.
ENTRY_SECONDS = 24 * 60 * 60
REVALIDATE = "no-cache"  # stored anywhere, but revalidated (ETag) before every use
# The analyst pages that are the same for every anonymous visitor (URL names).
CACHED_PAGES = frozenset(
    {
        "dashboard",
        "agreement-list",
        "agreement-detail",
        "milestone-board",
        "milestone-detail",
        "party-list",
        "party-detail",
        "party-compare",
        "mineral-detail",
        "criticality-lists",
        "stage-detail",
        "project-detail",
        "data",
    }
)
# Stand-ins for a page's per-response secrets. PostgreSQL text cannot hold NUL, and a URL in a
# page is percent-encoded, so no data can forge them.
CSRF_MARK = "\x00csrf-token\x00"
NONCE_MARK = "\x00csp-nonce\x00"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
# Headers a stored response keeps; the middleware adds the rest (security headers, cookies) per response.
STORED_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Last-Modified", "Allow", "Vary")


@cache
def code_fingerprint() -> str:
    """The code, templates and translations this process renders with: a deploy starts afresh."""
    digest = hashlib.sha256(f"{django.get_version()} {rest_framework.VERSION}".encode())
    base = settings.BASE_DIR
    for folder in ("agreements", "accounts", "tracker", "templates", "locale"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in {".py", ".html", ".txt", ".mo", ".json"} and path.is_file():
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    manifest = settings.STATIC_ROOT / "staticfiles.json"  # hashed static names in every page
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()


def visibility_class(user) -> str:
    """Readers who get the same body: those who may see drafts and those who may not."""
    return "drafts" if publishing.can_see_drafts(user) else "published"


class ReadKey:
    """One read's cache key and ETag, computed with one query (the data version)."""

    def __init__(self, request, *, representation: str, scope: str, public: bool, today=None):
        parts = [
            str(current_data_version()),
            (today or timezone.localdate()).isoformat(),
            translation.get_language() or "",
            request.build_absolute_uri(),
            representation,
            scope,
            settings.DATABASES["default"].get("NAME") or "",
            code_fingerprint(),
        ]
        self.key = "read:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
        self.etag = f'"{self.key[5:45]}"'
        self.cache_control = f"{'public' if public else 'private'}, {REVALIDATE}"

    def conditional(self, request):
        """Django's answer to If-None-Match / If-Match for this ETag: a 304, a 412, or None."""
        return get_conditional_response(request, etag=self.etag)

    def mark(self, response, *vary: str) -> None:
        response["ETag"] = self.etag
        response["Cache-Control"] = self.cache_control
        patch_vary_headers(response, vary)

    def not_modified(self, response, *vary: str, last_modified: str | None = None):
        self.mark(response, *vary)
        if last_modified:
            response["Last-Modified"] = last_modified
        return response

    def load(self) -> dict | None:
        return default_cache.get(self.key)

    def store(self, content: bytes, response) -> dict:
        entry = {
            "content": content,
            "status": response.status_code,
            "headers": {name: response[name] for name in STORED_HEADERS if name in response},
        }
        default_cache.set(self.key, entry, ENTRY_SECONDS)
        return entry

    @staticmethod
    def response(entry: dict, content: bytes | None = None) -> HttpResponse:
        response = HttpResponse(entry["content"] if content is None else content, status=entry["status"])
        for name, value in entry["headers"].items():
            response[name] = value
        response.from_read_cache = True
        return response


def storable(request, response) -> bool:
    """A plain, complete 200 that sets nothing for this visitor alone."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(getattr(request, "session", None), "modified", False)
        and not response.has_header("Set-Cookie")
    )


# --- the API ------------------------------------------------------------------------------


class Answered(Exception):  # not an error: carries a ready answer out of DRF's `initial`
    def __init__(self, response):
        super().__init__()
        self.response = response


class CachedReadMixin:
    """For DRF viewsets: list and retrieve answer from the data version before the view runs.

    Authentication, permissions, throttles and content negotiation run first (DRF's `initial`),
    so the key knows the reader and the representation. Views with `requires_authentication`
    (one user's own rows) are keyed per user and never public.
    """

    cached_actions = frozenset({"list", "retrieve"})
    api_vary = ("Accept", "Authorization", "Cookie")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.read_key = None
        if request.method not in ("GET", "HEAD") or getattr(self, "action", None) not in self.cached_actions:
            return
        user = request.user
        if getattr(self, "requires_authentication", False):
            scope, public = f"user:{user.pk}", False
        else:
            scope = visibility_class(user)
            public = scope == "published" and not user.is_authenticated
        renderer = request.accepted_renderer
        self.read_key = key = ReadKey(
            request,
            representation=f"{renderer.format} {request.accepted_media_type}",
            scope=scope,
            public=public,
            today=getattr(self, "today", None),  # the date the view computes with
        )
        conditional = key.conditional(request)
        if conditional is not None and conditional.status_code == 412:  # If-Match on a read
            raise Answered(JsonResponse({"detail": _("Precondition failed: the ETag does not match.")}, status=412))
        if conditional is not None:
            entry = key.load() if self.action == "retrieve" else None  # only details carry Last-Modified
            last_modified = entry["headers"].get("Last-Modified") if entry else None
            raise Answered(key.not_modified(conditional, *self.api_vary, last_modified=last_modified))
        if (entry := key.load()) is not None:
            response = key.response(entry)
            key.mark(response, *self.api_vary)
            raise Answered(response)

    def handle_exception(self, exc):
        if isinstance(exc, Answered):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        key = getattr(self, "read_key", None)
        if key is None or response.status_code != 200 or getattr(response, "from_read_cache", False):
            return response
        if hasattr(response, "render"):
            response.render()
        key.mark(response, *self.api_vary)
        if storable(request, response):
            key.store(response.content, response)
        return response


# --- the pages ----------------------------------------------------------------------------


class ReadCacheMiddleware:
    """Serves CACHED_PAGES to anonymous visitors from the data version; sits after the session,
    CSRF, auth, messages and CSP middleware, so each of them still handles every response."""

    page_vary = ("Cookie", "Accept-Language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "read_key", None)
        if key is None or getattr(response, "from_read_cache", False) or response.status_code != 200:
            return response
        template = self._template(response.content, request)
        if template is not None and storable(request, response):
            key.store(template, response)
        key.mark(response, *self.page_vary)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method not in ("GET", "HEAD")
            or match is None
            or match.view_name not in CACHED_PAGES
            or request.user.is_authenticated
            or len(get_messages(request))  # shown once, to this visitor: render them
        ):
            return None
        key = ReadKey(request, representation="html", scope="anonymous", public=False)
        # A browser's copy holds a CSRF token for its own cookie: another cookie, another ETag.
        visitor = hashlib.sha256(request.COOKIES.get(settings.CSRF_COOKIE_NAME, "").encode()).hexdigest()[:16]
        key.etag = f'"{key.key[5:29]}-{visitor}"'
        conditional = key.conditional(request)
        if conditional is not None:
            return key.not_modified(conditional, *self.page_vary) if conditional.status_code == 304 else conditional
        if (entry := key.load()) is not None:
            response = key.response(entry, self._filled(entry["content"], request))
            key.mark(response, *self.page_vary)
            return response
        request.read_key = key  # the view runs; __call__ stores its answer
        return None

    @staticmethod
    def _template(content: bytes, request) -> bytes | None:
        """The body with this response's secrets replaced by marks, or None when they cannot be found."""
        text = content.decode()
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page rendered a token
            found = CSRF_INPUT.search(text)
            if found is None:
                return None  # a token somewhere we do not know: not shared
            text = text.replace(found.group(1), CSRF_MARK)
        nonce = getattr(request, "_csp_nonce", None)  # django-csp: set once the page used the nonce
        if isinstance(nonce, str):
            text = text.replace(nonce, NONCE_MARK)
        return text.encode()

    @staticmethod
    def _filled(template: bytes, request) -> bytes:
        text = template.decode()
        if CSRF_MARK in text:
            text = text.replace(CSRF_MARK, get_token(request))  # sets this visitor's cookie if needed
        if NONCE_MARK in text:
            text = text.replace(NONCE_MARK, str(request.csp_nonce))  # the CSP header names this one
        return text.encode()
