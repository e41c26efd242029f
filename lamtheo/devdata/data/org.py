"""The demo committee as the article of 14/3/2023 describes it.

Its units (with their sectors and sizes), terms, the merge, the transfer and the departures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from lamtheo.devdata import names
from lamtheo.org.models import (
    PositionTitle,
    UnitKind,
)

ROOT_CODE = "DBKDN-DD"

# Congresses of the 2020–2025 term: cells in spring 2020, the committee in July 2020.
CELL_TERM_START = dt.date(2020, 4, 10)
SUB_COMMITTEE_TERM_START = dt.date(2020, 5, 22)
ROOT_TERM_START = dt.date(2020, 7, 8)
TERM_NOTE = "Nhiệm kỳ 2020–2025"
LEFT_REASON = "Chuyển sinh hoạt đảng ra ngoài Đảng bộ"

ROOT_NOTE = (
    "Thành lập năm 2013 (năm 2023 kỷ niệm 10 năm Ngày thành lập Đảng bộ Khối; ngày cụ thể trong "
    "dữ liệu mẫu là giả định). Kết thúc ngày 30/6/2025 cùng Đảng bộ quận Đống Đa khi không còn "
    "cấp huyện; các chi bộ chuyển về đảng bộ các phường từ 01/7/2025 (ngày, quyết định và nơi "
    "nhận từng chi bộ là giả định)."
)

SECRETARY = PositionTitle.SECRETARY
DEPUTY = PositionTitle.DEPUTY_SECRETARY
STANDING = PositionTitle.STANDING_MEMBER
MEMBER = PositionTitle.COMMITTEE_MEMBER
INSPECTION_CHAIR = PositionTitle.INSPECTION_CHAIR
INSPECTION_DEPUTY = PositionTitle.INSPECTION_DEPUTY
INSPECTION_MEMBER = PositionTitle.INSPECTION_MEMBER
GROUP_LEADER = PositionTitle.GROUP_LEADER


@dataclass(frozen=True)
class UnitSpec:
    """One demo unit. People: `size` of them, the first is the head of the workplace (and by
    default the cell secretary), the second its deputy; `titles` and `fixed` override the job
    title and the name of given positions in that list; `officers` lists the positions in it
    of the secretary, deputy and committee members, when not (0, 1, 2, ...)."""

    code: str
    name: str
    kind: str
    opened_on: dt.date
    sector: str = "enterprise"
    size: int = 0
    children: tuple[UnitSpec, ...] = ()
    titles: dict[int, str] = field(default_factory=dict)
    fixed: dict[int, tuple[str, str, str, str]] = field(default_factory=dict)
    officers: tuple[int, ...] | None = None
    all_official: bool = False
    renamed: tuple[dt.date, str, str] | None = None  # (effective on, new name, note)


def _cell(code, name, sector, size, opened_on, **kwargs) -> UnitSpec:
    # A chi bộ directly under the bloc, which is a đảng bộ cơ sở (see UNITS).
    return UnitSpec(code, name, UnitKind.CELL, opened_on, sector, size, **kwargs)


def _groups(cell_code: str, opened_on: dt.date, *group_names: str) -> tuple[UnitSpec, ...]:
    return tuple(
        UnitSpec(f"{cell_code}-T{i}", name, UnitKind.GROUP, opened_on)
        for i, name in enumerate(group_names, start=1)
    )


D = dt.date
MALE, FEMALE = names.MALE, names.FEMALE

OFFICE = "DD-CQDU"
NNCS = "DD-TCNNCS"
HNHN = "DD-TCHNHN"
THC = "DD-THC"
THC_VP = "DD-THC-VP"
MERGED_SOURCE = "DD-TMCL"
MERGED_TARGET = "DD-DTLH"

# The bloc is a đảng bộ cơ sở under the district committee: it had chi bộ and an đảng bộ bộ
# phận, which the Charter allows only inside an đảng bộ cơ sở (REFORM-2025.md §1, an inference
# marked UNVERIFIED there; docs/demo.md says so).
UNITS = UnitSpec(
    ROOT_CODE,
    "Đảng bộ Khối doanh nghiệp quận Đống Đa",
    UnitKind.GRASSROOTS_COMMITTEE,
    D(2013, 6, 1),
    children=(
        _cell(
            OFFICE,
            "Chi bộ Cơ quan Đảng ủy Khối",
            "party_office",
            9,
            D(2013, 6, 1),
            fixed={
                0: ("Vũ", "Mạnh", "Chiến", MALE),
                1: ("Nguyễn", "Văn", "Quang", MALE),
            },
            titles={
                1: "Phó Bí thư, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối",
                2: "Chánh Văn phòng Đảng ủy",
                3: "Phó Chủ nhiệm Ủy ban Kiểm tra Đảng ủy",
                4: "Trưởng ban Tổ chức Đảng ủy",
                5: "Chuyên viên Văn phòng Đảng ủy",
                6: "Chuyên viên Ủy ban Kiểm tra",
                7: "Chuyên viên Ban Tuyên giáo",
                8: "Chuyên viên Ban Tổ chức",
            },
            officers=(2, 4, 3),
            all_official=True,
        ),
        _cell(
            "DD-TCDNTH",
            "Chi bộ Tạp chí Doanh nghiệp Thương hiệu và Nông thôn",
            "magazine",
            18,
            D(2014, 3, 12),
        ),
        _cell(
            NNCS,
            "Chi bộ Tạp chí Nghề nghiệp và Cuộc sống",
            "magazine",
            22,
            D(2014, 3, 12),
            fixed={0: ("Nguyễn", "Trung", "Chính", MALE)},
        ),
        UnitSpec(
            THC,
            "Đảng bộ bộ phận Truyền hình Cáp Hà Nội",
            UnitKind.SUB_COMMITTEE,
            D(2015, 9, 1),
            "television",
            children=(
                UnitSpec(
                    THC_VP,
                    "Chi bộ Văn phòng – Biên tập",
                    UnitKind.CELL,
                    D(2015, 9, 1),
                    "television",
                    16,
                    titles={2: "Chánh Văn phòng", 3: "Trưởng ban Biên tập"},
                    officers=(2, 3, 4),
                ),
                UnitSpec(
                    "DD-THC-KT",
                    "Chi bộ Kỹ thuật",
                    UnitKind.CELL,
                    D(2015, 9, 1),
                    "television",
                    30,
                    titles={0: "Trưởng phòng Kỹ thuật", 1: "Phó Trưởng phòng Kỹ thuật"},
                ),
                UnitSpec(
                    "DD-THC-KD",
                    "Chi bộ Kinh doanh",
                    UnitKind.CELL,
                    D(2015, 9, 1),
                    "television",
                    26,
                    titles={0: "Trưởng phòng Kinh doanh", 1: "Phó Trưởng phòng Kinh doanh"},
                ),
            ),
        ),
        _cell(
            HNHN,
            "Chi bộ Tạp chí Hướng nghiệp và Hòa nhập",
            "magazine",
            14,
            D(2016, 5, 20),
        ),
        _cell(
            "DD-XDKL",
            "Chi bộ Công ty Cổ phần Xây dựng và Phát triển Đô thị Kim Liên",
            "construction",
            36,
            D(2013, 8, 15),
            children=_groups(
                "DD-XDKL",
                D(2014, 1, 10),
                "Tổ đảng Văn phòng Công ty",
                "Tổ đảng Đội Thi công số 1",
                "Tổ đảng Đội Thi công số 2",
            ),
        ),
        _cell(
            "DD-BVTL",
            "Chi bộ Bệnh viện Đa khoa Trung Liệt",
            "hospital",
            34,
            D(2013, 9, 2),
            children=_groups(
                "DD-BVTL",
                D(2015, 3, 1),
                "Tổ đảng Khối Lâm sàng",
                "Tổ đảng Khối Cận lâm sàng",
                "Tổ đảng Khối Hành chính",
            ),
        ),
        _cell("DD-NXBVM", "Chi bộ Nhà xuất bản Văn Miếu", "publishing", 15, D(2013, 10, 8)),
        _cell(
            "DD-DPOCD",
            "Chi bộ Công ty Cổ phần Dược phẩm Ô Chợ Dừa",
            "pharmacy",
            20,
            D(2013, 11, 20),
        ),
        _cell(
            "DD-NHSH",
            "Chi bộ Ngân hàng Thương mại Cổ phần Sông Hồng Chi nhánh Đống Đa",
            "bank",
            24,
            D(2014, 6, 16),
        ),
        _cell(
            "DD-HTXKT",
            "Chi bộ Hợp tác xã Dịch vụ Vận tải Khâm Thiên",
            "transport",
            12,
            D(2013, 8, 1),
        ),
        _cell(
            MERGED_SOURCE,
            "Chi bộ Công ty Cổ phần Thương mại Cát Linh",
            "enterprise",
            10,
            D(2014, 2, 18),
        ),
        _cell(
            MERGED_TARGET,
            "Chi bộ Công ty Cổ phần Đầu tư và Thương mại Láng Hạ",
            "enterprise",
            16,
            D(2013, 12, 5),
        ),
        _cell(
            "DD-MTDD",
            "Chi bộ Công ty Cổ phần Môi trường và Dịch vụ Đô thị Đống Đa",
            "urban_services",
            30,
            D(2013, 7, 25),
            children=_groups(
                "DD-MTDD",
                D(2016, 1, 15),
                "Tổ đảng Xí nghiệp Môi trường số 1",
                "Tổ đảng Xí nghiệp Môi trường số 2",
            ),
        ),
        _cell(
            "DD-TKTT",
            "Chi bộ Công ty Cổ phần Tư vấn Thiết kế Kiến trúc Trung Tự",
            "construction",
            12,
            D(2015, 4, 9),
        ),
        _cell(
            "DD-CNTH",
            "Chi bộ Công ty Cổ phần Công nghệ Thông tin Thái Hà",
            "enterprise",
            14,
            D(2016, 8, 30),
            renamed=(
                D(2022, 7, 1),
                "Chi bộ Công ty Cổ phần Công nghệ Số Thái Hà",
                "Công ty đổi tên theo Giấy chứng nhận đăng ký doanh nghiệp thay đổi lần thứ 6.",
            ),
        ),
        _cell(
            "DD-CKKT",
            "Chi bộ Công ty Cổ phần Cơ khí Chính xác Khương Thượng",
            "enterprise",
            18,
            D(2013, 9, 16),
        ),
        _cell(
            "DD-INHB",
            "Chi bộ Công ty Cổ phần In và Bao bì Hàng Bột",
            "enterprise",
            16,
            D(2014, 4, 22),
        ),
        _cell(
            "DD-DLQTG",
            "Chi bộ Công ty Cổ phần Du lịch và Khách sạn Quốc Tử Giám",
            "hotel",
            13,
            D(2015, 11, 3),
        ),
        _cell(
            "DD-DNQT",
            "Chi bộ Công ty Cổ phần Điện nước Lắp máy Quang Trung",
            "construction",
            11,
            D(2014, 10, 14),
        ),
    ),
)

MERGE = (
    MERGED_SOURCE,
    MERGED_TARGET,
    D(2024, 4, 1),
    "Công ty Cổ phần Thương mại Cát Linh sáp nhập vào Công ty Cổ phần Đầu tư và Thương mại "
    "Láng Hạ theo nghị quyết của hai Đại hội đồng cổ đông.",
)
TRANSFER = (HNHN, NNCS, D(2023, 9, 1), "Chuyển công tác về Tạp chí Nghề nghiệp và Cuộc sống")
LEAVES = (("DD-XDKL", D(2024, 10, 15)), ("DD-NHSH", D(2025, 2, 20)))
