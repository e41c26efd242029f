"""The demo's 2025 reform: the committees above the bloc, the wards that replaced the district,
which cell went where, and what the demo invents (with the sources of what it does not).

Sources and labels: /work/shared/REFORM-2025.md (copied into docs/demo.md). Sourced: the city
and district committees existed; KL 163-KL/TW (06/6/2025: grassroots congresses finish before
30/6); the district committees ended on 30/6/2025 and the two-level local government started
on 01/7/2025; the five wards that replaced Đống Đa (NQ 1656/NQ-UBTVQH15) and what they were
formed from; elsewhere in Hà Nội enterprise cells were grouped into an "Đảng bộ Doanh nghiệp
phường" under the ward committee (Thanh Xuân, Hà Đông). NOT FOUND, so invented here and
labelled: the bloc's end date and decision, which ward took which cell, the Đảng bộ Doanh
nghiệp phường Đống Đa itself, every office holder after 14/3/2023.
"""

from __future__ import annotations

import datetime as dt

from lamtheo.org.models import UnitKind

D = dt.date

# Above the bloc, inserted through org.reorganise.insert_above on the bloc's founding day: the
# demo's records start there, the committees themselves are much older.
CITY = ("TU-HN", "Đảng bộ thành phố Hà Nội", UnitKind.COMMITTEE)
DISTRICT = ("QU-DD", "Đảng bộ quận Đống Đa", UnitKind.COMMITTEE)
ABOVE_NOTE = (
    "Dữ liệu mẫu ghi nhận từ ngày thành lập Đảng bộ Khối (giả định 01/6/2013); cấp ủy này có "
    "trước đó rất lâu."
)

# Cell congresses of the 2025–2030 term, before 30/6/2025 (KL 163-KL/TW); the day is invented.
CELL_CONGRESS = D(2025, 5, 15)
TERM_2025_NOTE = "Nhiệm kỳ 2025–2030 (người giữ chức là nhân vật giả định)"
# The bloc and the district end; the cells go to the wards the next day.
CLOSED_ON = D(2025, 6, 30)
TRANSFERRED_ON = D(2025, 7, 1)
CLOSE_NOTE = (
    "Kết thúc hoạt động cùng Đảng bộ quận khi không còn cấp huyện (30/6/2025). Ngày và quyết "
    "định kết thúc của Đảng bộ Khối: không tìm thấy nguồn, dữ liệu mẫu giả định."
)
# The real office holders the article names leave the demo's tree when the bloc ends: where they
# went is not known, and the demo never gives a real person a post after 14/3/2023.
REAL_PEOPLE_LEAVE_REASON = (
    "Kết thúc nhiệm kỳ khi Đảng bộ Khối kết thúc (30/6/2025); nơi sinh hoạt sau đó không có "
    "nguồn, dữ liệu mẫu không theo dõi tiếp."
)

DN_WARD = ("DN-PDD", "Đảng bộ Doanh nghiệp phường Đống Đa", UnitKind.COMMITTEE)
WARDS = [  # (code, name, formed from) NQ 1656/NQ-UBTVQH15, from 01/7/2025
    (
        "P-DD",
        "Đảng bộ phường Đống Đa",
        "Thịnh Quang, Quang Trung, Láng Hạ, Nam Đồng, Ô Chợ Dừa, Trung Liệt",
    ),
    (
        "P-KL",
        "Đảng bộ phường Kim Liên",
        "Kim Liên, Khương Thượng, Phương Mai, Phương Liên – Trung Tự",
    ),
    (
        "P-VMQTG",
        "Đảng bộ phường Văn Miếu – Quốc Tử Giám",
        "Khâm Thiên, Văn Chương, Thổ Quan, Văn Miếu – Quốc Tử Giám, Hàng Bột",
    ),
    ("P-LANG", "Đảng bộ phường Láng", "Láng Thượng, Láng Hạ, Ngọc Khánh"),
    ("P-OCD", "Đảng bộ phường Ô Chợ Dừa", "Ô Chợ Dừa, Hàng Bột, Cát Linh, Trung Liệt"),
]
# Which committee took each open cell on 01/7/2025: INVENTED (the addresses of the cells and
# the decision are not found), by the place in the workplace's name. The cells in the new
# phường Đống Đa go to its Đảng bộ Doanh nghiệp, the pattern of Thanh Xuân and Hà Đông.
SUCCESSOR = {
    "DD-CQDU": DN_WARD[0],
    "DD-TCDNTH": DN_WARD[0],
    "DD-TCNNCS": DN_WARD[0],
    "DD-THC": DN_WARD[0],
    "DD-TCHNHN": DN_WARD[0],
    "DD-BVTL": DN_WARD[0],
    "DD-NHSH": DN_WARD[0],
    "DD-MTDD": DN_WARD[0],
    "DD-CNTH": DN_WARD[0],
    "DD-DNQT": DN_WARD[0],
    "DD-XDKL": "P-KL",
    "DD-CKKT": "P-KL",
    "DD-TKTT": "P-KL",
    "DD-NXBVM": "P-VMQTG",
    "DD-HTXKT": "P-VMQTG",
    "DD-DLQTG": "P-VMQTG",
    "DD-DTLH": "P-LANG",
    "DD-DPOCD": "P-OCD",
    "DD-INHB": "P-OCD",
}
HANDOVER_NOTE = (
    "Biên bản bàn giao tổ chức đảng và hồ sơ đảng viên (HD 09-HD/BTCTW). Đơn vị nhận là giả "
    "định: không tìm thấy nguồn về nơi chuyển đến của từng chi bộ."
)
# The bloc's office cell becomes the office cell of the enterprise committee (invented).
OFFICE_RENAMED = "Chi bộ Cơ quan Đảng ủy Doanh nghiệp phường Đống Đa"

# What the visitor reads first (the sign-in page) and docs/demo.md repeat.
NOTICE_TITLE = "Dữ liệu mẫu: Đảng bộ Khối doanh nghiệp quận Đống Đa, 2021–2026"
NOTICE_BODY = (
    "Dựng lại từ bài viết ngày 14/3/2023 (sơ kết 02 năm Kết luận 01-KL/TW). Có thật theo bài "
    "viết: Đảng bộ Khối và các đơn vị bài viết nêu, đồng chí Vũ Mạnh Chiến, Nguyễn Văn Quang, "
    "Nguyễn Trung Chính và chức vụ của các đồng chí ngày 14/3/2023. Có thật theo văn bản: quận "
    "kết thúc ngày 30/6/2025, năm phường thay thế quận Đống Đa từ 01/7/2025. GIẢ ĐỊNH: mọi "
    "người khác, mọi số liệu, phường nhận từng chi bộ, Đảng bộ Doanh nghiệp phường Đống Đa, "
    "ngày kết thúc của Đảng bộ Khối, người giữ chức sau năm 2023 (nhiệm kỳ 2025–2030 là "
    "nhân vật giả định)."
)
