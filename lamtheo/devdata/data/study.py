"""The demo's study year: titles, topics, agendas, connection points, reasons and materials."""

from __future__ import annotations

import datetime as dt

from lamtheo.org.models import (
    PartyStatus,
    UnitKind,
)

D = dt.date
ROOT_CODE = "DBKDN-DD"
NNCS = "DD-TCNNCS"
THC = "DD-THC"
HALL = "Hội trường Đảng ủy Khối doanh nghiệp quận Đống Đa"
CELLS = (UnitKind.CELL, UnitKind.GRASSROOTS_CELL)
MEMBER_STATUSES = (PartyStatus.OFFICIAL, PartyStatus.PROBATIONARY)
USERNAMES = ("vanphong", "bithu")
# Cell meetings of these cells (the demo users') record attendance through the services one
# by one; the other cells' are written in bulk with the same rows (see load_study).
STEP_BY_STEP = ("DD-TCNNCS", "DD-CQDU")

# The committee's 2023 participation (lamtheo.study.rates), pinned by the tests.
# population → (took part, people counted, rate).
PINNED_2023 = {"members": (279, 279, "100.0"), "everyone": (356, 367, "97.0")}

KEY_CADRE_TITLE = (
    "Hội nghị cán bộ chủ chốt quán triệt chuyên đề năm 2023 và triển khai kế hoạch thực hiện "
    "Kết luận 01-KL/TW năm 2023"
)
REVIEW_TITLE = (
    "Hội nghị sơ kết 02 năm thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị"
)
ONLINE_TITLE = (
    "Hội nghị trực tiếp kết hợp trực tuyến học tập, quán triệt chuyên đề năm 2023 về học tập "
    "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
)
THEME_2023_SHORT = (
    "tư tưởng dân là gốc, dựa vào dân để xây dựng Đảng và hệ thống chính trị trong sạch, vững mạnh"
)
THEMATIC_TOPIC = (
    "Học tập chuyên đề năm 2023 cho cán bộ, đảng viên và người lao động; liên hệ với nhiệm vụ "
    "của đơn vị"
)
CELL_AGENDA = "\n".join(
    [
        "1. Thông tin thời sự, tình hình nhiệm vụ chính trị của đơn vị",
        "2. Kiểm điểm việc thực hiện nghị quyết tháng trước",
        "3. Học tập, trao đổi nội dung chuyên đề",
        "4. Thảo luận, thống nhất nghị quyết tháng",
    ]
)
MONTH_TOPICS = {
    1: "Tổng kết công tác xây dựng Đảng năm 2022; phương hướng, nhiệm vụ năm 2023",
    2: "Kỷ niệm 93 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 – 03/02/2023)",
    3: "Quán triệt kết quả sơ kết 02 năm thực hiện Kết luận 01-KL/TW",
    4: "Đăng ký, cam kết việc làm theo Bác năm 2023 của đảng viên",
    5: "Kỷ niệm 133 năm Ngày sinh Chủ tịch Hồ Chí Minh; trao đổi chuyên đề năm 2023",
    6: "Liên hệ chuyên đề năm 2023 với nhiệm vụ chuyên môn của đơn vị",
    7: "Sơ kết 6 tháng đầu năm; kiểm tra việc thực hiện bản đăng ký làm theo",
    8: "Kỷ niệm 78 năm Cách mạng Tháng Tám và Quốc khánh 2/9",
    9: "Kỷ niệm 54 năm thực hiện Di chúc của Chủ tịch Hồ Chí Minh",
    10: "Nêu gương của cán bộ, đảng viên trong thực hiện nhiệm vụ",
    11: "Tự đánh giá kết quả thực hiện bản đăng ký làm theo năm 2023",
    12: "Kiểm điểm, tự phê bình và phê bình; đánh giá, xếp loại đảng viên năm 2023",
}
# Connection points of the online conference, besides the committee's hall: cells (by code).
POINT_CELLS = {
    THC: "Điểm cầu Truyền hình Cáp Hà Nội",
    "DD-BVTL": "Điểm cầu Bệnh viện Đa khoa Trung Liệt",
    "DD-MTDD": "Điểm cầu Công ty Cổ phần Môi trường và Dịch vụ Đô thị Đống Đa",
    "DD-XDKL": "Điểm cầu Công ty Cổ phần Xây dựng và Phát triển Đô thị Kim Liên",
    "DD-NHSH": "Điểm cầu Ngân hàng Sông Hồng Chi nhánh Đống Đa",
}
MAIN_POINT = "Điểm cầu chính: Hội trường Đảng ủy Khối"
BRIEFINGS = [
    (D(2023, 1, 12), "quý IV/2022"),
    (D(2023, 4, 6), "quý I/2023"),
    (D(2023, 7, 6), "quý II/2023"),
    (D(2023, 10, 5), "quý III/2023"),
]
LONG_LEAVE_CELL = "DD-INHB"
LONG_LEAVE_REASON = "Nghỉ điều trị bệnh dài ngày, có xác nhận của bệnh viện"
REASONS = [
    "Đi công tác tại tỉnh Quảng Ninh theo kế hoạch của đơn vị",
    "Nghỉ ốm, có giấy của cơ sở y tế",
    "Con ốm phải nằm viện",
    "Trực ca sản xuất theo lịch phân công",
    "Đi học lớp bồi dưỡng nghiệp vụ",
    "Nghỉ phép năm đã đăng ký với đơn vị",
    "Tiếp khách của đơn vị theo phân công của lãnh đạo",
    "Gia đình có việc hiếu",
    "Đi công tác tại Thành phố Hồ Chí Minh",
]
MATERIALS = [
    "Tài liệu sinh hoạt chi bộ tháng {month}/2023: {topic}",
    "Tài liệu học tập chuyên đề năm 2023 (dành cho cán bộ, đảng viên và nhân dân)",
    "Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị và tài liệu hướng dẫn thực hiện",
]
NOTES = [
    "Nắm được nội dung cốt lõi; liên hệ với việc thực hiện nhiệm vụ chuyên môn được giao.",
    "Đã ghi chép, sẽ trao đổi thêm tại buổi sinh hoạt chi bộ tháng sau.",
    "Thấy rõ trách nhiệm nêu gương của đảng viên trong cơ quan.",
    "",
]
