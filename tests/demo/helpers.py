"""What the demo's tests share besides the loaded demo (tests/demo/conftest.py)."""

from __future__ import annotations

from django.contrib.auth import get_user_model


def user(username: str):
    """A demo sign-in by its username (admin, vanphong, bithu, kiemtra, dangvien)."""
    return get_user_model().objects.get(username=username)
