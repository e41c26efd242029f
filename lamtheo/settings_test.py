"""Test settings: the real database (SQLite or DATABASE_URL), fast hashing, inline tasks."""

import os
import tempfile

os.environ.setdefault("LAMTHEO_ALLOW_DEV_SECRET", "1")
os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("LAMTHEO_VAR_DIR", tempfile.mkdtemp(prefix="lamtheo-test-"))

from lamtheo.settings import *  # noqa: E402, F403
from lamtheo.settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# live_server cannot serve hashed static names; plain storage keeps e2e pages styled.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ALLOWED_HOSTS = ["*"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
