"""Arithmetic on materialised tree paths, with no model behind it.

Units are a django-treebeard materialised-path tree: a unit's path is its parent's path plus
one step of `STEPLEN` characters from `ALPHABET`. Everything here works on those strings, so
the scoping rule (accounts) and the tree itself (org) can both use it without importing each
other.
"""

from __future__ import annotations

from django.db.models import Q

# treebeard's defaults, which `org.models.Unit` uses; the unit model reads them from here.
STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def path_range(path: str) -> tuple[str, str]:
    """(low, high) such that a node's subtree is exactly low <= path < high.

    Paths use treebeard's alphabet 0-9A-Z; the bound increments the last character within it,
    so both bounds stay alphanumeric and compare the same under any database collation.
    """
    chars = list(path)
    i = len(chars) - 1
    while i >= 0:
        pos = ALPHABET.index(chars[i])
        if pos + 1 < len(ALPHABET):
            chars[i] = ALPHABET[pos + 1]
            return path, "".join(chars[: i + 1])
        chars[i] = ALPHABET[0]
        i -= 1
    return path, "\uffff"  # the last possible path: everything after it


def ancestor_paths(path: str) -> list[str]:
    """The paths of the node at `path` and of every node above it, root first."""
    return [path[:i] for i in range(STEPLEN, len(path) + 1, STEPLEN)]


def parent_path(path: str) -> str:
    """The path of the node above; empty for a root."""
    return path[:-STEPLEN]


def subtree_q(paths, prefix: str = "path") -> Q:
    """Q matching rows whose `prefix` path lies in any of the subtrees rooted at `paths`."""
    q = Q(pk__in=[])
    for path in paths:
        low, high = path_range(path)
        q |= Q(**{f"{prefix}__gte": low, f"{prefix}__lt": high})
    return q
