"""Read replicas: the heavy read-only pages read from `DATABASE_REPLICA_URL` when it is set.

A committee office's rates, rollups, overviews and exports aggregate whole subtrees; on a
server shared by many committees they are what a PostgreSQL streaming replica (hot standby)
should carry, leaving the primary to the writes and the light pages. Three parts:

- `ReplicaMiddleware` marks a request as replica-reading when it is a GET or HEAD of one of
  `REPLICA_PAGES` (URL names) and the browser has not written recently;
- `ReplicaRouter` then sends the reads of the feature apps (`REPLICA_APPS`: units, people,
  registrations, study, exemplars) to the "replica" alias; everything else (sessions,
  accounts and grants, two-factor devices, every write) stays on the primary, so signing in
  and permissions never depend on the replica's lag;
- read-your-writes: any request that may write (POST, PUT, PATCH, DELETE) sets a short cookie
  (`REPLICA_STICKY_SECONDS`, 30 s by default); while it lasts the browser's reads stay on the
  primary, so a user who just approved a registration sees it counted on the rollup at once.
  Others may see it a moment later: a replica runs behind the primary by its replay lag
  (milliseconds on one machine room's network; see docs/scale.md).

Raw SQL of those pages asks `read_connection(model)` for its connection, which follows the
router. Without DATABASE_REPLICA_URL there is no "replica" alias and nothing changes.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.db import connections, router

REPLICA = "replica"
STICKY_COOKIE = "lamtheo_primary"
SAFE_METHODS = ("GET", "HEAD")
# The apps whose reads may go to the replica (never auth, sessions, accounts, otp, axes).
REPLICA_APPS = frozenset({"org", "programs", "study", "exemplars"})
# The heavy read-only pages (URL names).
REPLICA_PAGES = frozenset(
    {
        "participation-rates",
        "never-present",
        "participation-evidence",
        "progress-rollup",
        "unit-progress",
        "unit-list-docx",
        "unit-list-xlsx",
        "replication-overview",
        "replication-overview-default",
        "campaign-results-xlsx",
        "session-attendance-xlsx",
    }
)

_reading_replica: ContextVar[bool] = ContextVar("lamtheo_reading_replica", default=False)


def enabled() -> bool:
    return REPLICA in settings.DATABASES


def reading_replica() -> bool:
    return _reading_replica.get()


def read_connection(model):
    """The connection a raw read of `model`'s tables should use (the router's choice)."""
    return connections[router.db_for_read(model)]


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading_replica.get() and model._meta.app_label in REPLICA_APPS:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same database: rows read from either relate.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaMiddleware:
    """Sets the request's reads on the replica for REPLICA_PAGES (see the module), and the
    sticky-primary cookie after a request that may write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled():
            return self.get_response(request)
        request._replica_token = None
        try:
            response = self.get_response(request)
        finally:
            if request._replica_token is not None:
                _reading_replica.reset(request._replica_token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=getattr(settings, "REPLICA_STICKY_SECONDS", 30),
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            enabled()
            and request.method in SAFE_METHODS
            and STICKY_COOKIE not in request.COOKIES
            and request.resolver_match is not None
            and request.resolver_match.url_name in REPLICA_PAGES
        ):
            request._replica_token = _reading_replica.set(True)
        return None
