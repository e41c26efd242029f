"""An exemplar of cell A in the `world` fixture, as a draft."""

from __future__ import annotations

import pytest

from lamtheo.exemplars.models import Exemplar


@pytest.fixture
def exemplar(world):
    return Exemplar.objects.create(
        kind="model",
        title="Mô hình “Mỗi tuần một việc tốt”",
        unit=world.cell_a,
        subject_unit=world.cell_a,
        field="social",
        problem="Đảng viên trẻ ít tham gia hoạt động xã hội.",
        actions="Mỗi tuần chi bộ chọn một việc tốt, phân công đảng viên trẻ thực hiện.",
        results="52 việc tốt trong năm.",
    )
