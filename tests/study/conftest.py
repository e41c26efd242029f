"""A committee-wide study session of the `world` fixture, published, starting in an hour."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lamtheo.study import services


@pytest.fixture
def session(world):
    """Draft session hosted by the committee, for all of it, an hour from now."""
    start = timezone.now() + dt.timedelta(hours=1)
    session = services.session_create(
        by=world.office,
        unit=world.committee,
        title="Hội nghị cán bộ chủ chốt quán triệt Kết luận 01-KL/TW",
        kind="key_cadre",
        format="hybrid",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Hội trường Đảng ủy Khối",
    )
    services.audience_set(by=world.office, session=session, units=[world.committee])
    return session


@pytest.fixture
def published(world, session):
    return services.session_publish(by=world.office, session=session)
