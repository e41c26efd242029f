"""The demo's exemplars as the article of 14/3/2023 tells them.

The commended people and collectives, the good models with their figures, who adopted what and
when, the emulation campaigns and each sector's ethics standards and example criteria.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from lamtheo.exemplars.models import (
    ActivityKind,
    AdoptionStatus,
    ExemplarField,
    ExemplarKind,
    ReviewStatus,
)
from lamtheo.org.models import PositionTitle

D = dt.date
ROOT = "DBKDN-DD"
NNCS = "DD-TCNNCS"
CONFERENCE = D(2023, 3, 14)
USERNAMES = ("admin", "vanphong", "bithu")

K = ExemplarKind
F = ExemplarField
A = AdoptionStatus
R = ReviewStatus

# -- the article's commended collectives and individuals -------------------------------------

COMMENDATION = (
    "Biểu dương tại Hội nghị sơ kết 02 năm thực hiện Kết luận 01-KL/TW ngày 14/3/2023; tặng "
    "Giấy khen của Đảng ủy Khối vì thành tích xuất sắc giai đoạn 2021–2023."
)
CAMPAIGN_10Y = "10y"
CAMPAIGN_2026 = "2026"


@dataclass(frozen=True)
class ExemplarSpec:
    key: str
    kind: str
    unit: str  # code of the proposing unit
    title: str  # "{name}" is the person's full name
    field: str
    problem: str
    actions: str
    results: str
    created: dt.date
    tags: str = ""
    figures: tuple = ()  # (label, before, after, measure)
    person: tuple[str, str] | None = None  # (unit code, office title) of the person
    subject: str | None = None  # code of the collective (default the proposing unit)
    proposed: dt.date | None = None
    recognised: dt.date | None = None
    level: str = ROOT  # code of the unit at whose level it is recognised
    comment: str = ""
    published: dt.date | None = None
    returned: tuple[dt.date, str] | None = None
    withdrawn: tuple[dt.date, str] | None = None
    adapted_from: str | None = None
    campaign: str | None = None


def _commended(key, kind, unit, title, field_, problem, actions, results, figures, tags, **kw):
    return ExemplarSpec(
        key=key,
        kind=kind,
        unit=unit,
        title=title,
        field=field_,
        problem=problem,
        actions=actions,
        results=results,
        figures=figures,
        tags=tags,
        created=kw.pop("created", D(2023, 2, 20)),
        proposed=kw.pop("proposed", D(2023, 2, 24)),
        recognised=CONFERENCE,
        comment=COMMENDATION,
        published=D(2023, 3, 16),
        **kw,
    )


COMMENDED = [
    _commended(
        "chinh",
        K.INDIVIDUAL,
        NNCS,
        "Đồng chí {name} – Bí thư Chi bộ, Tổng Biên tập Tạp chí Nghề nghiệp và Cuộc sống",
        F.PARTY_BUILDING,
        "Phóng viên, biên tập viên của tạp chí phần lớn còn trẻ, thường xuyên đi cơ sở; việc "
        "học tập và làm theo Bác trước đây chủ yếu qua sinh hoạt chi bộ, ít lan tỏa tới người "
        "lao động và bạn đọc.",
        "Chỉ đạo đẩy mạnh thông tin tuyên truyền về học tập và làm theo tư tưởng, đạo đức, phong "
        "cách Hồ Chí Minh gắn với tuyên truyền các nghị quyết, chủ trương, chính sách của Đảng "
        "và Nhà nước, giáo dục truyền thống yêu quê hương, các phong trào thi đua yêu nước và sự "
        "kiện chính trị của Thủ đô.\n"
        "Mở chuyên mục “Làm theo lời Bác” trên tạp chí in và điện tử; biểu dương gương người tốt, "
        "việc tốt, mô hình hay, cách làm hiệu quả gắn với nhiệm vụ công tác năm.\n"
        "Chú trọng phát triển đảng viên: thường xuyên tổ chức cho đảng viên, quần chúng ưu tú "
        "nghiên cứu, học tập Chỉ thị 05-CT/TW và các chuyên đề.",
        "Chi bộ hai năm liền hoàn thành tốt nhiệm vụ; chuyên mục “Làm theo lời Bác” đăng 48 bài "
        "năm 2022; kết nạp 03 đảng viên mới giai đoạn 2021–2023; công tác tuyên truyền bảo đảm "
        "cả trong thời gian phòng, chống dịch Covid-19.",
        (
            ("Bài viết chuyên mục “Làm theo lời Bác” trong năm", 12, 48, "bài"),
            ("Đảng viên mới kết nạp (2021–2023)", None, 3, "đảng viên"),
        ),
        "Kết luận 01-KL/TW, sơ kết 2023, tuyên truyền, báo chí",
        person=(NNCS, PositionTitle.SECRETARY),
    ),
    _commended(
        "dat-tcdnth",
        K.INDIVIDUAL,
        "DD-TCDNTH",
        "Đồng chí {name} – Phó Bí thư Chi bộ, Phó Tổng Biên tập Tạp chí Doanh nghiệp Thương hiệu "
        "và Nông thôn",
        F.POLITICAL_TASK,
        "Tạp chí cần nhiều bài viết chất lượng về doanh nghiệp, hợp tác xã nông thôn làm ăn hiệu "
        "quả, trong khi đội ngũ phóng viên trẻ chưa nhiều kinh nghiệm đi cơ sở.",
        "Trực tiếp phụ trách chuyên trang “Doanh nghiệp làm theo lời Bác”; đi cơ sở tại 12 tỉnh, "
        "thành phố viết về các hợp tác xã, doanh nghiệp nông thôn đổi mới sáng tạo.\n"
        "Đăng ký và thực hiện hai việc làm theo Bác: “Mỗi tháng một bài viết về gương sáng doanh "
        "nhân nông thôn” và kèm cặp phóng viên trẻ.",
        "26 bài viết về điển hình doanh nghiệp nông thôn trong hai năm 2021–2022; kèm cặp 04 "
        "phóng viên trẻ, trong đó 02 đồng chí được kết nạp vào Đảng.",
        (
            ("Bài viết về điển hình doanh nghiệp nông thôn (2021–2022)", None, 26, "bài"),
            ("Phóng viên trẻ được kèm cặp", None, 4, "người"),
        ),
        "Kết luận 01-KL/TW, sơ kết 2023, báo chí, nông thôn",
        person=("DD-TCDNTH", PositionTitle.DEPUTY_SECRETARY),
    ),
    _commended(
        "quynh-thc",
        K.INDIVIDUAL,
        "DD-THC-KT",
        "Đồng chí {name} – Bí thư Chi bộ Kỹ thuật, Trưởng phòng Kỹ thuật Truyền hình Cáp Hà Nội",
        F.INNOVATION,
        "Khách hàng phản ánh sự cố tín hiệu được xử lý chậm, có khi phải chờ hơn một ngày; bản "
        "đồ mạng cáp lưu trên giấy, khó tra cứu.",
        "Chỉ đạo số hóa bản đồ mạng cáp của 10 phường, xây dựng lịch trực kỹ thuật xử lý sự cố "
        "cả ngày nghỉ.\n"
        "Hướng dẫn đảng viên là kỹ thuật viên đăng ký việc làm theo Bác gắn với thái độ phục vụ "
        "khách hàng: đúng hẹn, tận tình, không nhận quà biếu.",
        "Thời gian xử lý sự cố bình quân giảm từ 24 giờ xuống 6 giờ; phản ánh của khách hàng về "
        "thái độ phục vụ giảm 70 % so với năm 2020.",
        (
            ("Thời gian xử lý sự cố bình quân", 24, 6, "giờ"),
            ("Phản ánh về thái độ phục vụ trong năm", 40, 12, "lượt"),
        ),
        "Kết luận 01-KL/TW, sơ kết 2023, chuyển đổi số, phục vụ khách hàng",
        person=("DD-THC-KT", PositionTitle.SECRETARY),
    ),
    _commended(
        "dat-bvtl",
        K.INDIVIDUAL,
        "DD-BVTL",
        "Đồng chí {name} – Tổ trưởng Tổ đảng Khối Lâm sàng, Điều dưỡng trưởng Bệnh viện Đa khoa "
        "Trung Liệt",
        F.ADMINISTRATION,
        "Người bệnh và người nhà còn phàn nàn về thái độ giao tiếp của một số điều dưỡng, nhất là "
        "trong thời gian quá tải do dịch Covid-19.",
        "Đề xuất và tổ chức thực hiện quy tắc “Đón tiếp niềm nở, chăm sóc tận tình, ra về dặn "
        "dò” ở 6 khoa lâm sàng; hằng tháng lấy ý kiến người bệnh và công khai kết quả.\n"
        "Gương mẫu trực thay đồng nghiệp trong thời gian cao điểm dịch; tham gia khám, tư vấn sức "
        "khỏe miễn phí cho người cao tuổi tại phường.",
        "Tỷ lệ người bệnh hài lòng với điều dưỡng tăng từ 86 % lên 97 %; không còn đơn thư phản "
        "ánh về thái độ phục vụ trong năm 2022.",
        (("Tỷ lệ người bệnh hài lòng với điều dưỡng", 86, 97, "%"),),
        "Kết luận 01-KL/TW, sơ kết 2023, y tế, giao tiếp ứng xử",
        person=("DD-BVTL-T1", PositionTitle.GROUP_LEADER),
    ),
    _commended(
        "hien-mtdd",
        K.INDIVIDUAL,
        "DD-MTDD",
        "Đồng chí {name} – Tổ trưởng Tổ đảng Xí nghiệp Môi trường số 1, công nhân vệ sinh môi "
        "trường",
        F.SOCIAL,
        "Tuyến phố do tổ phụ trách có nhiều điểm đổ rác trái phép; người dân chưa quen phân loại "
        "rác tại nguồn.",
        "Nhiều năm liền nhặt được tài sản và trả lại người đánh rơi; cùng tổ dân phố vận động "
        "các hộ phân loại rác tại nguồn, thu gom đúng giờ.\n"
        "Đăng ký việc làm theo Bác: “Tuyến phố không rác”, mỗi tháng một buổi cùng đoàn viên "
        "thanh niên dọn các điểm rác tồn đọng.",
        "11 lần trả lại tài sản nhặt được (tổng giá trị khoảng 85 triệu đồng); tuyến phố phụ "
        "trách không còn điểm đổ rác trái phép từ quý III/2022.",
        (
            ("Điểm đổ rác trái phép trên tuyến phụ trách", 7, 0, "điểm"),
            ("Lần trả lại tài sản nhặt được", None, 11, "lần"),
        ),
        "Kết luận 01-KL/TW, sơ kết 2023, người tốt việc tốt, môi trường",
        person=("DD-MTDD-T1", PositionTitle.GROUP_LEADER),
    ),
    _commended(
        "tcdnth",
        K.COLLECTIVE,
        "DD-TCDNTH",
        "Chi bộ Tạp chí Doanh nghiệp Thương hiệu và Nông thôn – thi đua chào mừng 10 năm thành "
        "lập Đảng bộ Khối",
        F.POLITICAL_TASK,
        "Tạp chí vừa chuyển đổi sang mô hình tạp chí điện tử, nguồn thu giảm, đội ngũ mỏng.",
        "Gắn việc học tập và làm theo Bác với cuộc thi đua lập thành tích chào mừng 10 năm Ngày "
        "thành lập Đảng bộ Khối: thi đua học tập, lao động sản xuất, tham gia thể dục thể thao, "
        "văn hóa văn nghệ, đền ơn đáp nghĩa, xây dựng Đảng và chính quyền.\n"
        "Mỗi đảng viên đăng ký 01–02 việc làm theo Bác gắn với nhiệm vụ chuyên môn; chi ủy kiểm "
        "tra hằng quý.",
        "Hoàn thành vượt 12 % kế hoạch doanh thu năm 2022; ra 02 số đặc biệt chào mừng 10 năm "
        "thành lập Đảng bộ Khối; chi bộ hoàn thành tốt nhiệm vụ hai năm liền.",
        (("Kế hoạch doanh thu năm 2022", 100, 112, "%"),),
        "Kết luận 01-KL/TW, sơ kết 2023, thi đua, báo chí",
        campaign=CAMPAIGN_10Y,
    ),
    _commended(
        "nncs",
        K.COLLECTIVE,
        NNCS,
        "Chi bộ Tạp chí Nghề nghiệp và Cuộc sống – đẩy mạnh tuyên truyền học tập và làm theo Bác",
        F.PARTY_BUILDING,
        "Cần đưa nghị quyết và việc làm theo Bác tới bạn đọc và người lao động nhanh hơn, bằng "
        "nhiều hình thức, kể cả trong thời gian giãn cách.",
        "Đẩy mạnh thông tin tuyên truyền về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ "
        "Chí Minh bằng nhiều hình thức đa dạng, phong phú: chuyên mục trên tạp chí, nhóm Zalo của "
        "chi bộ, tọa đàm với doanh nghiệp.\n"
        "Biểu dương gương người tốt, việc tốt, điển hình tiên tiến; chú trọng phát triển đảng "
        "viên.",
        "100 % đảng viên, người lao động được tiếp cận thông tin tuyên truyền hằng tuần; kết nạp "
        "03 đảng viên; chi bộ hoàn thành tốt nhiệm vụ năm 2021 và 2022.",
        (("Đảng viên, người lao động nhận tin tuyên truyền hằng tuần", 60, 100, "%"),),
        "Kết luận 01-KL/TW, sơ kết 2023, tuyên truyền, Zalo",
    ),
    _commended(
        "thc",
        K.COLLECTIVE,
        "DD-THC",
        "Đảng bộ bộ phận Truyền hình Cáp Hà Nội – phục vụ khách hàng bằng tác phong làm theo Bác",
        F.ADMINISTRATION,
        "Cạnh tranh gay gắt với truyền hình trực tuyến; khách hàng rời bỏ dịch vụ vì chăm sóc "
        "chưa tốt.",
        "Ba chi bộ trực thuộc cùng xây dựng tiêu chí “đúng hẹn, tận tình, minh bạch” trong chăm "
        "sóc khách hàng; đảng viên phụ trách địa bàn, mỗi người nhận 200–300 hộ.\n"
        "Phát động thi đua chào mừng 10 năm thành lập Đảng bộ Khối: phóng sự “Mười năm một chặng "
        "đường”, giải thể thao, văn nghệ, thăm gia đình chính sách.",
        "Tỷ lệ khách hàng rời dịch vụ giảm từ 9 % xuống 4 %/năm; 100 % chi bộ hoàn thành tốt "
        "nhiệm vụ.",
        (("Tỷ lệ khách hàng rời dịch vụ trong năm", 9, 4, "%"),),
        "Kết luận 01-KL/TW, sơ kết 2023, truyền hình, phục vụ khách hàng",
    ),
    _commended(
        "hnhn",
        K.COLLECTIVE,
        "DD-TCHNHN",
        "Chi bộ Tạp chí Hướng nghiệp và Hòa nhập – đồng hành cùng người khuyết tật tìm việc làm",
        F.SOCIAL,
        "Nhiều người khuyết tật, thanh niên hoàn cảnh khó khăn trên địa bàn thiếu thông tin việc "
        "làm và học nghề.",
        "Mở chuyên mục giới thiệu việc làm miễn phí trên tạp chí điện tử; phối hợp với 08 doanh "
        "nghiệp trong Khối tổ chức ngày hội hướng nghiệp.\n"
        "Tham gia thi đua chào mừng 10 năm thành lập Đảng bộ Khối: học tập, văn nghệ, thể thao, "
        "đền ơn đáp nghĩa.",
        "46 người khuyết tật, thanh niên khó khăn có việc làm qua chuyên mục (2021–2022); 02 ngày "
        "hội hướng nghiệp với hơn 600 lượt người tham dự.",
        (("Người được giới thiệu có việc làm (2021–2022)", None, 46, "người"),),
        "Kết luận 01-KL/TW, sơ kết 2023, hướng nghiệp, an sinh",
        campaign=CAMPAIGN_10Y,
    ),
    _commended(
        "xdkl",
        K.COLLECTIVE,
        "DD-XDKL",
        "Chi bộ Công ty Cổ phần Xây dựng và Phát triển Đô thị Kim Liên – công trình an toàn, chất "
        "lượng, đúng tiến độ",
        F.POLITICAL_TASK,
        "Công nhân ở nhiều công trường cách xa nhau; tổ đảng khó nắm tình hình và tư tưởng người "
        "lao động.",
        "Mỗi tổ đảng gắn với một đội thi công; đảng viên nhận phụ trách an toàn lao động ở từng "
        "hạng mục; tổ chức sinh hoạt tổ đảng ngay tại công trường.\n"
        "Phong trào “Công trình an toàn, chất lượng, đúng tiến độ” gắn với việc làm theo Bác.",
        "Ba năm liền không để xảy ra tai nạn lao động nghiêm trọng; 100 % công trình năm 2022 bàn "
        "giao đúng hoặc vượt tiến độ.",
        (
            ("Công trình bàn giao đúng tiến độ năm 2022", 78, 100, "%"),
            ("Tai nạn lao động nghiêm trọng", 1, 0, "vụ"),
        ),
        "Kết luận 01-KL/TW, sơ kết 2023, xây dựng, an toàn lao động",
    ),
]

ZALO = "zalo"
MODELS = [
    ExemplarSpec(
        ZALO,
        K.MODEL,
        NNCS,
        "Tuyên truyền qua nhóm Zalo chi bộ",
        F.PARTY_BUILDING,
        "Đảng viên, phóng viên thường xuyên đi cơ sở, ít có mặt đủ tại cơ quan; thông tin về "
        "nghị quyết, việc học tập và làm theo Bác chỉ đến được với người dự sinh hoạt chi bộ.",
        "Lập nhóm Zalo “Chi bộ làm theo lời Bác” gồm toàn bộ đảng viên, quần chúng ưu tú và người "
        "lao động; đồng chí phó bí thư làm quản trị, quy định nội dung được đăng.\n"
        "Mỗi tuần đăng 2–3 tin, bài: nghị quyết, chủ trương mới, gương người tốt, việc tốt trong "
        "cơ quan; nhắc lịch sinh hoạt, lấy ý kiến nhanh về dự thảo nghị quyết tháng.\n"
        "Cuối mỗi quý chi ủy điểm lại số tin, bài và lượt tương tác, nêu trong sinh hoạt chi bộ.",
        "Sau một năm, 100 % đảng viên và người lao động nhận được thông tin tuyên truyền hằng "
        "tuần; 142 tin, bài được đăng; ý kiến góp vào dự thảo nghị quyết tháng tăng gấp ba.",
        D(2022, 11, 18),
        "Zalo, tuyên truyền, chuyển đổi số, xây dựng Đảng",
        (
            ("Người nhận thông tin tuyên truyền hằng tuần", 60, 100, "%"),
            ("Tin, bài đăng trong năm", None, 142, "tin, bài"),
            ("Ý kiến góp vào dự thảo nghị quyết tháng", 4, 13, "ý kiến/tháng"),
        ),
        proposed=D(2022, 12, 1),
        recognised=D(2022, 12, 28),
        comment="Công nhận tại Hội nghị tổng kết công tác xây dựng Đảng năm 2022; đề nghị các chi "
        "bộ nghiên cứu nhân rộng.",
        published=D(2023, 1, 5),
    ),
    ExemplarSpec(
        "moi-tuan",
        K.MODEL,
        "DD-MTDD",
        "Mỗi tuần một việc tốt",
        F.SOCIAL,
        "Công nhân làm ca đêm, ít tham gia hoạt động chung; việc tốt có nhưng không ai ghi nhận, "
        "không lan tỏa.",
        "Mỗi tuần mỗi tổ đảng chọn một việc tốt cụ thể (dọn điểm rác tồn đọng, giúp hộ nghèo, trả "
        "lại của rơi...) và phân công đảng viên trẻ đi đầu thực hiện.\n"
        "Việc tốt được ghi vào sổ của tổ, đọc trong giao ban đầu tuần; cuối năm bình chọn 10 việc "
        "tốt tiêu biểu.",
        "Năm đầu thực hiện có 96 việc tốt được ghi nhận; 100 % tổ đảng duy trì đều đặn; 14 công "
        "nhân được quận biểu dương người tốt, việc tốt.",
        D(2022, 5, 9),
        "người tốt việc tốt, thanh niên, môi trường",
        (("Việc tốt được ghi nhận trong năm", 20, 96, "việc"),),
        proposed=D(2022, 5, 23),
        recognised=D(2022, 6, 20),
        comment="Công nhận là mô hình hay của Đảng bộ Khối năm 2022.",
        published=D(2022, 6, 24),
    ),
    ExemplarSpec(
        "phong-doc",
        K.MODEL,
        "DD-NXBVM",
        "Phòng đọc sách pháp luật",
        F.CULTURE,
        "Người lao động ít có điều kiện tìm hiểu pháp luật về lao động, hôn nhân gia đình, đất "
        "đai; tủ sách của cơ quan lâu không bổ sung.",
        "Dành một phòng 30 m² làm phòng đọc sách pháp luật mở cửa cả giờ nghỉ trưa; nhà xuất bản "
        "tặng sách mới mỗi quý, đảng viên biên tập viên giới thiệu sách mỗi tháng.\n"
        "Cho mượn sách về nhà, đưa sách lên Zalo dưới dạng tóm tắt 1 trang.",
        "1.250 đầu sách; 2.300 lượt mượn đọc năm đầu; người lao động hỏi tư vấn pháp luật ngay tại "
        "phòng đọc.",
        D(2023, 4, 3),
        "pháp luật, văn hóa đọc, tủ sách",
        (("Lượt mượn đọc trong năm", 180, 2300, "lượt"), ("Đầu sách", 320, 1250, "đầu sách")),
        proposed=D(2023, 4, 20),
        recognised=D(2023, 5, 19),
        comment="Công nhận nhân kỷ niệm 133 năm Ngày sinh Chủ tịch Hồ Chí Minh.",
        published=D(2023, 5, 22),
    ),
    ExemplarSpec(
        "chuyen-muc",
        K.MODEL,
        "DD-TCDNTH",
        "Chuyên mục “Gương sáng doanh nhân làm theo lời Bác” trên tạp chí điện tử",
        F.PARTY_BUILDING,
        "Bạn đọc là doanh nghiệp ít được đọc về những doanh nhân làm ăn tử tế, có trách nhiệm "
        "với người lao động và cộng đồng.",
        "Mở chuyên mục cố định, mỗi tuần một bài về doanh nhân, hợp tác xã làm theo lời Bác; chi "
        "bộ giao mỗi phóng viên là đảng viên ít nhất một bài mỗi quý.\n"
        "Bài hay được in lại trong số tạp chí in cuối năm.",
        "52 bài trong năm đầu, 1,4 triệu lượt đọc; 03 doanh nghiệp được giới thiệu sau đó được "
        "Thành phố khen thưởng.",
        D(2023, 6, 26),
        "báo chí, doanh nhân, tuyên truyền",
        (("Bài đăng trong năm", 10, 52, "bài"), ("Lượt đọc", None, 1400000, "lượt")),
        proposed=D(2023, 7, 10),
        recognised=D(2023, 8, 15),
        published=D(2023, 8, 18),
    ),
    ExemplarSpec(
        "so-tay",
        K.MODEL,
        "DD-CNTH",
        "Sổ tay đảng viên điện tử",
        F.DIGITAL,
        "Đảng viên khó tra cứu văn bản, nghị quyết; chi ủy mất nhiều thời gian nhắc lịch sinh "
        "hoạt, đảng phí, hạn nộp bản đăng ký làm theo.",
        "Công ty tự xây dựng ứng dụng trên điện thoại: văn bản, nghị quyết của chi bộ và cấp ủy "
        "cấp trên, lịch sinh hoạt, nhắc đảng phí, bản đăng ký làm theo Bác của từng đảng viên.\n"
        "Chi ủy cập nhật văn bản trong 24 giờ; mỗi đảng viên tự theo dõi việc thực hiện bản đăng "
        "ký của mình.",
        "100 % đảng viên dùng sổ tay điện tử; thời gian chuẩn bị tài liệu sinh hoạt giảm từ 3 "
        "ngày xuống nửa ngày; tỷ lệ nộp bản đăng ký làm theo đúng hạn đạt 100 %.",
        D(2023, 8, 14),
        "chuyển đổi số, sổ tay đảng viên, ứng dụng",
        (
            ("Đảng viên dùng sổ tay điện tử", 0, 100, "%"),
            ("Thời gian chuẩn bị tài liệu sinh hoạt", 3, 0.5, "ngày"),
        ),
        proposed=D(2023, 8, 28),
        recognised=D(2023, 9, 20),
        published=D(2023, 9, 25),
    ),
    ExemplarSpec(
        "hom-thu",
        K.MODEL,
        "DD-NHSH",
        "Hòm thư góp ý điện tử của người lao động",
        F.ADMINISTRATION,
        "Người lao động ngại góp ý trực tiếp với lãnh đạo chi nhánh.",
        "Lập hòm thư góp ý điện tử ẩn danh trên mạng nội bộ; chi ủy đọc, phân loại và trả lời "
        "trong 7 ngày, công khai kết quả trong sinh hoạt chi bộ.",
        "64 ý kiến trong năm đầu, 51 ý kiến được tiếp thu, sửa đổi quy trình.",
        D(2023, 10, 2),
        "dân chủ cơ sở, góp ý",
        (("Ý kiến góp ý trong năm", 6, 64, "ý kiến"),),
        proposed=D(2023, 10, 16),
        recognised=D(2023, 11, 15),
        published=D(2023, 11, 20),
        withdrawn=(
            D(2025, 6, 18),
            "Hòm thư ngừng hoạt động từ tháng 01/2025 khi chi nhánh chuyển sang hệ thống mạng nội "
            "bộ mới; kết quả không còn được cập nhật. Chi bộ đề nghị thu hồi công nhận, khi khôi "
            "phục sẽ đề nghị lại.",
        ),
    ),
    ExemplarSpec(
        "thu-bay",
        K.MODEL,
        "DD-BVTL",
        "Ngày thứ Bảy tình nguyện",
        F.SOCIAL,
        "Người cao tuổi, gia đình chính sách trên địa bàn khó đi khám định kỳ.",
        "Thứ Bảy cuối mỗi tháng, bác sĩ, điều dưỡng là đảng viên và đoàn viên khám, tư vấn sức "
        "khỏe miễn phí tại nhà văn hóa các tổ dân phố, cấp thuốc thông thường miễn phí.\n"
        "Lập hồ sơ theo dõi sức khỏe cho người cao tuổi, gia đình chính sách.",
        "12 đợt trong năm 2023, 1.860 lượt người được khám; 420 hồ sơ theo dõi sức khỏe.",
        D(2023, 12, 11),
        "tình nguyện, y tế, đền ơn đáp nghĩa",
        (("Lượt người được khám miễn phí", None, 1860, "lượt"),),
        proposed=D(2023, 12, 22),
        recognised=D(2024, 1, 15),
        published=D(2024, 1, 19),
    ),
    ExemplarSpec(
        "ban-tin-zalo",
        K.MODEL,
        "DD-XDKL",
        "Bản tin “Làm theo lời Bác” hằng tuần trên nhóm Zalo của các tổ đảng",
        F.PARTY_BUILDING,
        "Công nhân ở các công trường xa cơ quan; nhóm Zalo chung của chi bộ quá đông, tin trôi "
        "nhanh, công nhân ít đọc.",
        "Học cách tuyên truyền qua nhóm Zalo chi bộ của Tạp chí Nghề nghiệp và Cuộc sống, chi bộ "
        "chia thành nhóm Zalo của từng tổ đảng gắn với đội thi công.\n"
        "Sáng thứ Hai, tổ trưởng tổ đảng đăng bản tin ngắn một trang: một lời Bác dạy, một việc "
        "tốt trên công trường, một nhắc nhở an toàn lao động.",
        "Tỷ lệ công nhân đọc bản tin đạt 92 %; các tổ đảng sinh hoạt đủ 12/12 kỳ; vi phạm an toàn "
        "lao động giảm một nửa.",
        D(2024, 2, 19),
        "Zalo, tuyên truyền, tổ đảng, công trường",
        (
            ("Công nhân đọc bản tin hằng tuần", 35, 92, "%"),
            ("Vi phạm an toàn lao động", 22, 11, "lượt/năm"),
        ),
        proposed=D(2024, 3, 1),
        recognised=D(2024, 3, 25),
        published=D(2024, 3, 28),
        adapted_from=ZALO,
    ),
    ExemplarSpec(
        "mot-cua",
        K.MODEL,
        "DD-THC-KD",
        "Một đầu mối tiếp nhận yêu cầu của khách hàng, trả lời trong 24 giờ",
        F.ADMINISTRATION,
        "Khách hàng gọi nhiều số điện thoại khác nhau, yêu cầu bị chuyển qua lại giữa phòng Kinh "
        "doanh và phòng Kỹ thuật.",
        "Một số điện thoại và một nhóm trực tiếp nhận mọi yêu cầu; đảng viên phòng Kinh doanh "
        "trực luân phiên, chuyển việc qua phần mềm và theo dõi đến khi xong.\n"
        "Cam kết trả lời khách hàng trong 24 giờ, công khai trên trang của công ty.",
        "98 % yêu cầu được trả lời trong 24 giờ (trước đó 61 %); khiếu nại giảm 45 %.",
        D(2024, 5, 6),
        "phục vụ khách hàng, một cửa",
        (("Yêu cầu được trả lời trong 24 giờ", 61, 98, "%"),),
        proposed=D(2024, 5, 20),
        recognised=D(2024, 6, 10),
        level="DD-THC",
        comment="Công nhận ở cấp Đảng bộ bộ phận Truyền hình Cáp Hà Nội.",
        published=D(2024, 6, 12),
    ),
    ExemplarSpec(
        "tiet-kiem",
        K.MODEL,
        "DD-INHB",
        "Mỗi tờ giấy in hai mặt: tiết kiệm giấy, mực in trong văn phòng",
        F.THRIFT,
        "Chi phí văn phòng phẩm cao; giấy in hỏng, in thử bị bỏ đi nhiều.",
        "Mặc định in hai mặt trên mọi máy in; giấy in thử của xưởng dùng làm sổ ghi chép; văn "
        "bản nội bộ gửi qua thư điện tử.\n"
        "Mỗi phòng theo dõi lượng giấy dùng hằng tháng, chi bộ nêu kết quả trong sinh hoạt.",
        "Giấy in văn phòng giảm 42 %, mực in giảm 30 %; tiết kiệm khoảng 38 triệu đồng mỗi năm.",
        D(2024, 8, 5),
        "tiết kiệm, chống lãng phí, văn phòng",
        (
            ("Giấy in văn phòng mỗi tháng", 60, 35, "gram"),
            ("Chi phí tiết kiệm mỗi năm", None, 38, "triệu đồng"),
        ),
        proposed=D(2024, 8, 19),
        recognised=D(2024, 9, 10),
        published=D(2024, 9, 13),
    ),
    # The first year of Kết luận 01-KL/TW and the bloc's last half-year have a model each.
    ExemplarSpec(
        "nu-cuoi",
        K.MODEL,
        "DD-BVTL",
        "“Mỗi ngày một nụ cười”: đón, hướng dẫn người bệnh tại khoa Khám bệnh",
        F.ADMINISTRATION,
        "Người bệnh, nhất là người cao tuổi, phải hỏi nhiều nơi mới biết làm thủ tục khám.",
        "Mỗi buổi sáng một đảng viên, đoàn viên trực tại sảnh khoa Khám bệnh, đón và hướng dẫn "
        "người bệnh; hòm thư góp ý và số điện thoại đường dây nóng dán ở mỗi phòng khám.",
        "Thời gian chờ làm thủ tục bình quân giảm từ 35 xuống 15 phút; không còn phản ánh về thái "
        "độ giao tiếp trong năm.",
        D(2021, 8, 9),
        "y tế, giao tiếp, phục vụ người bệnh",
        (("Thời gian chờ làm thủ tục bình quân", 35, 15, "phút"),),
        proposed=D(2021, 9, 6),
        recognised=D(2021, 10, 12),
        published=D(2021, 10, 15),
    ),
    ExemplarSpec(
        "tu-sach-so",
        K.MODEL,
        "DD-NXBVM",
        "Tủ sách điện tử “Học và làm theo Bác” cho đảng viên",
        F.DIGITAL,
        "Tài liệu học tập chuyên đề in ít, đảng viên đi công tác xa khó mượn.",
        "Nhà xuất bản số hóa 40 đầu sách về tư tưởng, đạo đức, phong cách Hồ Chí Minh, đưa lên "
        "trang nội bộ; mỗi chi bộ trong Khối được cấp tài khoản đọc miễn phí.",
        "1.250 lượt đọc trong quý I/2025; 12 chi bộ dùng tủ sách trong sinh hoạt chuyên đề.",
        D(2025, 2, 10),
        "chuyển đổi số, học tập, xuất bản",
        (("Lượt đọc mỗi quý", None, 1250, "lượt"),),
        proposed=D(2025, 3, 3),
        recognised=D(2025, 3, 27),
        published=D(2025, 4, 1),
    ),
    ExemplarSpec(
        "ban-ve",
        K.MODEL,
        "DD-TKTT",
        "Hồ sơ thiết kế điện tử, không dùng bản vẽ giấy trong nội bộ",
        F.DIGITAL,
        "Mỗi công trình in hàng trăm bản vẽ để duyệt nội bộ; sửa một chi tiết phải in lại cả bộ.",
        "Duyệt bản vẽ trên phần mềm dùng chung, ghi ý kiến trực tiếp trên bản vẽ số; chỉ in bộ "
        "cuối cùng gửi chủ đầu tư.",
        "Số bản vẽ in nội bộ giảm 85 %; thời gian duyệt một bộ hồ sơ giảm từ 10 xuống 4 ngày.",
        D(2026, 10, 5),
        "chuyển đổi số, tiết kiệm, thiết kế",
        (("Thời gian duyệt một bộ hồ sơ", 10, 4, "ngày"),),
        proposed=D(2026, 10, 20),
        recognised=D(2026, 11, 20),
    ),
    ExemplarSpec(
        "quy-tam-long",
        K.MODEL,
        "DD-DTLH",
        "Quỹ “Tấm lòng vàng” từ một ngày lương",
        F.SOCIAL,
        "Người lao động gặp hoạn nạn đột xuất chưa có nguồn hỗ trợ kịp thời.",
        "Mỗi năm cán bộ, đảng viên, người lao động góp một ngày lương vào quỹ; chi bộ và công đoàn "
        "cùng quản lý, xét hỗ trợ trong 3 ngày.",
        "Hỗ trợ 9 trường hợp người lao động gặp khó khăn.",
        D(2026, 9, 1),
        "an sinh, công đoàn",
        proposed=D(2026, 9, 15),
        returned=(
            D(2026, 10, 5),
            "Đề nghị bổ sung số liệu thu, chi của quỹ năm 2025 và 2026, số trường hợp được hỗ trợ "
            "theo từng năm; nêu rõ cách làm để đơn vị khác có thể nhân rộng.",
        ),
    ),
    ExemplarSpec(
        "truc-247",
        K.MODEL,
        "DD-THC-KT",
        "Khách hàng gọi, kỹ thuật viên có mặt trong 2 giờ",
        F.INNOVATION,
        "Sự cố tín hiệu vào buổi tối và ngày nghỉ phải chờ đến ngày làm việc sau.",
        "Tổ trực kỹ thuật 24/7 do đảng viên làm tổ trưởng; phân vùng theo phường, xe máy và vật tư "
        "để sẵn tại 3 điểm; khách hàng chấm điểm sau mỗi lần sửa chữa.",
        "Thời gian có mặt bình quân 1 giờ 40 phút; điểm hài lòng 4,8/5.",
        D(2026, 10, 26),
        "phục vụ khách hàng, kỹ thuật, sáng kiến",
        (("Thời gian có mặt bình quân", 14, 1.7, "giờ"),),
        proposed=D(2026, 11, 10),
    ),
    ExemplarSpec(
        "ke-chuyen",
        K.MODEL,
        "DD-DLQTG",
        "Hướng dẫn viên kể chuyện Bác Hồ với Văn Miếu – Quốc Tử Giám",
        F.CULTURE,
        "Du khách trẻ ít biết các câu chuyện về Bác gắn với di tích Thủ đô.",
        "Đảng viên hướng dẫn viên biên soạn 12 câu chuyện ngắn về Bác Hồ với giáo dục, văn hóa, "
        "kể trong chương trình tham quan Văn Miếu – Quốc Tử Giám; tập huấn cho toàn bộ hướng dẫn "
        "viên của công ty.",
        "3.400 lượt khách nghe kể chuyện năm 2026; 96 % khách đánh giá hài lòng.",
        D(2026, 11, 4),
        "du lịch, văn hóa, kể chuyện về Bác",
        (("Lượt khách nghe kể chuyện", None, 3400, "lượt"),),
        proposed=D(2026, 11, 18),
    ),
    ExemplarSpec(
        "ba-khong",
        K.MODEL,
        "DD-CKKT",
        "Tổ sản xuất “Ba không”: không phế phẩm, không lãng phí, không tai nạn",
        F.POLITICAL_TASK,
        "Tỷ lệ phế phẩm của xưởng gia công cơ khí còn cao.",
        "Đảng viên là tổ trưởng sản xuất ký cam kết “ba không”; kiểm tra chéo giữa các tổ mỗi "
        "tuần.",
        "",
        D(2026, 11, 5),
        "sản xuất, an toàn lao động, tiết kiệm",
    ),
]

# -- replication -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    indicator: str
    measure: str
    baseline: tuple[int, int]  # range of the baseline
    gain: tuple[int, int]  # range of the improvement (negative: the indicator falls)
    adaptation: str  # "{org}": the adopting unit without "Chi bộ"
    results: str  # "{b}", "{r}", "{m}": baseline, result, measure; "{months}"


MEASURES = {
    ZALO: Measure(
        "Đảng viên, người lao động nhận thông tin tuyên truyền hằng tuần",
        "%",
        (45, 70),
        (22, 40),
        "Lập nhóm Zalo “{org} làm theo lời Bác”; đồng chí phó bí thư quản trị, mỗi tuần 2–3 tin, "
        "bài về chủ trương của Đảng và gương người tốt, việc tốt của đơn vị.",
        "Sau {months} tháng, tỷ lệ đảng viên, người lao động nhận thông tin hằng tuần tăng từ "
        "{b} {m} lên {r} {m}; nhóm được dùng để lấy ý kiến dự thảo nghị quyết tháng.",
    ),
    "moi-tuan": Measure(
        "Việc tốt được ghi nhận mỗi quý",
        "việc",
        (3, 8),
        (8, 20),
        "Mỗi tuần một đảng viên trẻ của {org} nhận một việc tốt, ghi vào sổ của chi bộ và đọc "
        "trong giao ban đầu tuần.",
        "Số việc tốt ghi nhận mỗi quý tăng từ {b} lên {r}; cuối năm chi bộ biểu dương 5 việc "
        "tiêu biểu.",
    ),
    "phong-doc": Measure(
        "Lượt mượn đọc sách pháp luật mỗi năm",
        "lượt",
        (40, 120),
        (250, 600),
        "Nhận sách của Nhà xuất bản Văn Miếu, bố trí tủ sách pháp luật tại phòng họp của {org}; "
        "mỗi tháng một đảng viên giới thiệu một cuốn sách.",
        "Lượt mượn đọc tăng từ {b} lên {r} {m} mỗi năm; người lao động tìm hiểu luật lao động, "
        "bảo hiểm xã hội ngay tại tủ sách.",
    ),
    "chuyen-muc": Measure(
        "Bài viết về gương người tốt, việc tốt mỗi năm",
        "bài",
        (6, 15),
        (15, 30),
        "Mở chuyên mục tương tự trên ấn phẩm của {org}, giao mỗi phóng viên là đảng viên một bài "
        "mỗi quý.",
        "Số bài về gương người tốt, việc tốt tăng từ {b} lên {r} {m} mỗi năm.",
    ),
    "so-tay": Measure(
        "Đảng viên dùng sổ tay điện tử",
        "%",
        (0, 10),
        (70, 90),
        "Dùng ứng dụng do Công ty Công nghệ Số Thái Hà hỗ trợ cài đặt; chi ủy {org} cập nhật văn "
        "bản, lịch sinh hoạt và nhắc đảng phí.",
        "Tỷ lệ đảng viên dùng sổ tay điện tử tăng từ {b} {m} lên {r} {m}; tài liệu sinh hoạt gửi "
        "trước 3 ngày.",
    ),
    "thu-bay": Measure(
        "Lượt người được hỗ trợ mỗi năm",
        "lượt",
        (0, 0),
        (120, 400),
        "Thứ Bảy cuối tháng, đảng viên và đoàn viên của {org} làm việc tình nguyện theo chuyên môn "
        "của đơn vị cho gia đình chính sách, người cao tuổi.",
        "{r} {m} người được hỗ trợ trong năm (trước khi áp dụng: {b}).",
    ),
    "mot-cua": Measure(
        "Yêu cầu của khách hàng được trả lời trong 24 giờ",
        "%",
        (55, 70),
        (20, 35),
        "Một số điện thoại, một nhóm trực tiếp nhận yêu cầu của khách hàng tại {org}; theo dõi "
        "trên phần mềm chung với phòng Kinh doanh.",
        "Tỷ lệ yêu cầu được trả lời trong 24 giờ tăng từ {b} {m} lên {r} {m}.",
    ),
    "tiet-kiem": Measure(
        "Giấy in văn phòng mỗi tháng",
        "gram",
        (20, 40),
        (-15, -8),
        "Mặc định in hai mặt, văn bản nội bộ gửi qua thư điện tử tại {org}; theo dõi lượng giấy "
        "hằng tháng.",
        "Lượng giấy in giảm từ {b} xuống {r} {m} mỗi tháng.",
    ),
    "ban-tin-zalo": Measure(
        "Công nhân đọc bản tin hằng tuần",
        "%",
        (30, 45),
        (30, 45),
        "Bản tin một trang sáng thứ Hai trên nhóm Zalo của từng tổ đảng, xí nghiệp của {org}.",
        "Tỷ lệ công nhân đọc bản tin tăng từ {b} {m} lên {r} {m}.",
    ),
}


@dataclass(frozen=True)
class AdoptionSpec:
    exemplar: str
    unit: str
    started: dt.date
    status: str  # the status it ends in
    adopted: dt.date | None = None  # day it reached "adopted"
    sustained: dt.date | None = None  # day it moved to "sustained"
    verified: dt.date | None = None
    dropped: tuple[dt.date, str] | None = None
    adaptation: str = ""  # instead of the exemplar's usual one


def _ad(exemplar, unit, started, status, adopted=None, sustained=None, verified=None, **kw):
    return AdoptionSpec(exemplar, unit, started, status, adopted, sustained, verified, **kw)


ADOPTIONS = [
    # The Zalo model: twelve units over 2023–2026.
    _ad(
        ZALO,
        "DD-TCDNTH",
        D(2023, 2, 6),
        A.SUSTAINED,
        D(2023, 4, 10),
        D(2024, 4, 15),
        D(2023, 7, 20),
    ),
    _ad(
        ZALO,
        "DD-TCHNHN",
        D(2023, 2, 20),
        A.SUSTAINED,
        D(2023, 5, 8),
        D(2024, 5, 20),
        D(2023, 7, 20),
    ),
    _ad(
        ZALO,
        "DD-THC-VP",
        D(2023, 3, 20),
        A.SUSTAINED,
        D(2023, 6, 12),
        D(2024, 6, 17),
        D(2023, 10, 5),
        adaptation="Nhóm Zalo chung của Văn phòng và Ban Biên tập; bản tin ngắn kèm đoạn phóng sự "
        "1 phút về gương người tốt, việc tốt do Ban Biên tập thực hiện.",
    ),
    _ad(ZALO, "DD-XDKL", D(2023, 4, 3), A.SUSTAINED, D(2023, 7, 3), D(2024, 7, 8), D(2023, 12, 14)),
    _ad(
        ZALO, "DD-NHSH", D(2023, 5, 15), A.SUSTAINED, D(2023, 8, 14), D(2024, 9, 9), D(2024, 1, 18)
    ),
    _ad(ZALO, "DD-BVTL", D(2023, 6, 5), A.ADOPTED, D(2023, 9, 11), verified=D(2024, 1, 18)),
    _ad(
        ZALO,
        "DD-HTXKT",
        D(2023, 6, 19),
        A.DROPPED,
        dropped=(
            D(2023, 11, 6),
            "Phần lớn đảng viên là lái xe đường dài, nhiều đồng chí cao tuổi không dùng điện "
            "thoại thông minh; sau 5 tháng thí điểm chỉ 4/12 đảng viên đọc tin. Chi bộ trở lại "
            "bản tin in dán tại bãi xe.",
        ),
    ),
    _ad(ZALO, "DD-THC-KD", D(2024, 2, 19), A.ADOPTED, D(2024, 5, 13), verified=D(2024, 9, 26)),
    _ad(ZALO, "DD-DPOCD", D(2024, 9, 3), A.ADOPTED, D(2024, 12, 2)),
    _ad(ZALO, "DD-CNTH", D(2025, 3, 10), A.ADOPTED, D(2025, 5, 19)),
    _ad(ZALO, "DD-MTDD", D(2026, 3, 16), A.PILOTING),
    _ad(ZALO, "DD-DTLH", D(2026, 12, 1), A.PLANNED),
    # The others.
    _ad(
        "moi-tuan",
        "DD-XDKL",
        D(2022, 8, 1),
        A.SUSTAINED,
        D(2022, 10, 3),
        D(2023, 10, 9),
        D(2023, 2, 16),
    ),
    _ad("moi-tuan", "DD-DTLH", D(2023, 3, 6), A.ADOPTED, D(2023, 6, 5)),
    _ad("moi-tuan", "DD-DLQTG", D(2024, 3, 4), A.ADOPTED, D(2024, 6, 3), verified=D(2024, 11, 14)),
    _ad(
        "moi-tuan",
        "DD-NHSH",
        D(2023, 9, 4),
        A.DROPPED,
        dropped=(
            D(2024, 3, 11),
            "Giao dịch viên làm việc cả sáng thứ Bảy, không bố trí được đảng viên trẻ mỗi tuần; "
            "chi bộ chuyển sang hoạt động tình nguyện mỗi quý cùng Đoàn Thanh niên.",
        ),
    ),
    _ad("phong-doc", "DD-TCDNTH", D(2023, 7, 3), A.ADOPTED, D(2023, 9, 4), verified=D(2024, 1, 18)),
    _ad("phong-doc", "DD-INHB", D(2023, 9, 11), A.SUSTAINED, D(2023, 11, 6), D(2024, 11, 11)),
    _ad("phong-doc", "DD-TCHNHN", D(2025, 10, 6), A.PILOTING),
    _ad(
        "chuyen-muc",
        NNCS,
        D(2023, 10, 2),
        A.SUSTAINED,
        D(2024, 1, 8),
        D(2025, 1, 13),
        D(2024, 4, 11),
    ),
    _ad("chuyen-muc", "DD-TCHNHN", D(2024, 1, 8), A.ADOPTED, D(2024, 4, 1)),
    _ad(
        "so-tay",
        "DD-CQDU",
        D(2023, 10, 9),
        A.SUSTAINED,
        D(2023, 12, 4),
        D(2024, 12, 9),
        D(2024, 4, 11),
    ),
    _ad("so-tay", NNCS, D(2024, 2, 5), A.ADOPTED, D(2024, 5, 6), verified=D(2024, 9, 26)),
    _ad("so-tay", "DD-NXBVM", D(2024, 4, 1), A.ADOPTED, D(2024, 7, 1)),
    _ad("so-tay", "DD-DPOCD", D(2026, 4, 6), A.PILOTING),
    _ad("so-tay", "DD-BVTL", D(2026, 12, 7), A.PLANNED),
    _ad(
        "thu-bay",
        "DD-DPOCD",
        D(2024, 3, 2),
        A.SUSTAINED,
        D(2024, 5, 25),
        D(2025, 5, 31),
        D(2024, 11, 14),
        adaptation="Dược sĩ là đảng viên tư vấn dùng thuốc an toàn và cấp phát thuốc thông thường "
        "miễn phí cùng đợt khám của Bệnh viện Trung Liệt.",
    ),
    _ad(
        "thu-bay",
        "DD-THC-KT",
        D(2025, 4, 5),
        A.PILOTING,
        adaptation="Kỹ thuật viên là đảng viên kiểm tra, lắp đặt miễn phí truyền hình cáp cho gia "
        "đình chính sách vào thứ Bảy cuối tháng.",
    ),
    _ad("thu-bay", "DD-DLQTG", D(2026, 12, 5), A.PLANNED),
    _ad("mot-cua", "DD-THC-KT", D(2024, 7, 1), A.ADOPTED, D(2024, 9, 2), verified=D(2025, 1, 16)),
    _ad("mot-cua", "DD-NHSH", D(2025, 8, 4), A.PILOTING),
    _ad("tiet-kiem", "DD-CQDU", D(2024, 10, 7), A.ADOPTED, D(2024, 12, 2), verified=D(2025, 4, 17)),
    _ad("tiet-kiem", "DD-NXBVM", D(2024, 10, 14), A.SUSTAINED, D(2025, 1, 6), D(2026, 1, 12)),
    _ad(
        "ban-tin-zalo", "DD-MTDD", D(2024, 6, 3), A.ADOPTED, D(2024, 9, 9), verified=D(2025, 1, 16)
    ),
]
# Open cells (and the Cable TV sub-committee's cells) that adopt nothing: a dropped adoption
# does not count.
NOTHING = ("DD-HTXKT", "DD-TKTT", "DD-CKKT", "DD-DNQT")
VERIFICATION = (
    "Đã kiểm tra tại đơn vị ngày {day}: số liệu khớp với sổ theo dõi của chi bộ; đề nghị tiếp "
    "tục duy trì."
)

# -- campaigns ---------------------------------------------------------------------------------

NAMED_UNITS = ("DD-TCDNTH", NNCS, "DD-THC", "DD-TCHNHN")  # the article's four


@dataclass(frozen=True)
class CampaignSpec:
    key: str
    title: str
    starts_on: dt.date
    ends_on: dt.date
    goals: str
    criteria: str
    created: dt.date
    opened: dt.date
    closed: dt.date | None
    entries: tuple  # (unit code, registered on, targets, score or None, result, kinds)
    activities: dict  # kind -> list of (title, held on)
    assessed: dt.date | None = None


ALL_KINDS = tuple(ActivityKind.values)
TARGETS_10Y = (
    "100 % đảng viên học tập chuyên đề, đăng ký 01–02 việc làm theo Bác.\n"
    "Hoàn thành vượt kế hoạch sản xuất, kinh doanh năm 2022 và 6 tháng đầu năm 2023.\n"
    "Tham gia đầy đủ các giải thể thao, hội diễn văn nghệ của Đảng bộ Khối.\n"
    "Thăm, tặng quà gia đình chính sách; ủng hộ Quỹ “Vì người nghèo” của quận.\n"
    "{extra}"
)
CAMPAIGNS = [
    CampaignSpec(
        CAMPAIGN_10Y,
        "Thi đua lập thành tích chào mừng 10 năm Ngày thành lập Đảng bộ Khối doanh nghiệp quận "
        "Đống Đa (2013–2023)",
        D(2022, 6, 1),
        D(2023, 5, 31),
        "Gắn thi đua với học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh và thực "
        "hiện Kết luận 01-KL/TW.\n"
        "Hoàn thành vượt mức nhiệm vụ chính trị, kế hoạch sản xuất, kinh doanh năm 2022 và 6 tháng "
        "đầu năm 2023.\n"
        "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến, mô hình hay, cách làm hiệu quả.",
        "Học tập: 100 % đảng viên học tập chuyên đề, đăng ký việc làm theo Bác (20 điểm).\n"
        "Lao động sản xuất: hoàn thành kế hoạch, có sáng kiến, cách làm mới (25 điểm).\n"
        "Thể dục thể thao, văn hóa văn nghệ: tham gia các giải, hội diễn của Khối (15 điểm).\n"
        "Đền ơn đáp nghĩa, an sinh xã hội (15 điểm).\n"
        "Xây dựng Đảng, xây dựng chính quyền: kết nạp đảng viên, góp ý xây dựng Đảng, chính quyền "
        "(25 điểm).",
        D(2022, 5, 16),
        D(2022, 5, 27),
        D(2023, 6, 15),
        (
            (
                "DD-TCDNTH",
                D(2022, 6, 8),
                "Ra 02 số tạp chí đặc biệt chào mừng 10 năm thành lập Đảng bộ Khối.",
                Decimal("96.0"),
                "Hoàn thành xuất sắc; vượt 12 % kế hoạch doanh thu, 02 số đặc biệt, đủ sáu nhóm "
                "hoạt động. Đề nghị Đảng ủy Khối tặng Giấy khen.",
                ALL_KINDS,
            ),
            (
                NNCS,
                D(2022, 6, 9),
                "Mở chuyên mục “Làm theo lời Bác”, ít nhất 40 bài trong năm; kết nạp 02 đảng viên.",
                Decimal("97.5"),
                "Hoàn thành xuất sắc; 48 bài chuyên mục “Làm theo lời Bác”, kết nạp 03 đảng viên, "
                "tuyên truyền qua nhóm Zalo chi bộ. Đề nghị Đảng ủy Khối tặng Giấy khen.",
                ALL_KINDS,
            ),
            (
                "DD-THC",
                D(2022, 6, 10),
                "Thực hiện phóng sự “Mười năm một chặng đường”; giảm tỷ lệ khách hàng rời dịch vụ "
                "xuống dưới 5 %.",
                Decimal("95.0"),
                "Hoàn thành xuất sắc; phóng sự phát sóng dịp kỷ niệm, tỷ lệ khách hàng rời dịch vụ "
                "còn 4 %; đội bóng đá đoạt giải Nhì.",
                ALL_KINDS,
            ),
            (
                "DD-TCHNHN",
                D(2022, 6, 13),
                "Tổ chức 02 ngày hội hướng nghiệp cho người khuyết tật cùng các doanh nghiệp trong "
                "Khối.",
                Decimal("94.5"),
                "Hoàn thành xuất sắc; 02 ngày hội hướng nghiệp, 46 người có việc làm; đủ sáu nhóm "
                "hoạt động.",
                ALL_KINDS,
            ),
            (
                "DD-CQDU",
                D(2022, 6, 6),
                "Tham mưu tổ chức các hoạt động kỷ niệm 10 năm thành lập Đảng bộ Khối.",
                Decimal("92.0"),
                "Hoàn thành tốt; tham mưu chu đáo lễ kỷ niệm và hội thi tìm hiểu 10 năm Đảng bộ "
                "Khối.",
                ("study", "building", "culture"),
            ),
            (
                "DD-XDKL",
                D(2022, 6, 15),
                "Bàn giao đúng tiến độ 100 % công trình năm 2022; không để xảy ra tai nạn lao "
                "động.",
                Decimal("93.0"),
                "Hoàn thành xuất sắc chỉ tiêu sản xuất; không có tai nạn lao động; tham gia giải "
                "bóng đá và thăm gia đình chính sách.",
                ("production", "sport", "gratitude", "building"),
            ),
            (
                "DD-BVTL",
                D(2022, 6, 16),
                "Khám, tư vấn sức khỏe miễn phí cho 1.000 người cao tuổi, gia đình chính sách.",
                Decimal("91.5"),
                "Hoàn thành tốt; khám miễn phí 1.240 lượt người; tham gia hội diễn văn nghệ của "
                "Khối.",
                ("production", "gratitude", "culture", "study"),
            ),
            (
                "DD-MTDD",
                D(2022, 6, 20),
                "Xóa các điểm đổ rác trái phép trên địa bàn phụ trách; thực hiện “Mỗi tuần một "
                "việc tốt”.",
                Decimal("90.0"),
                "Hoàn thành tốt; xóa 23 điểm rác tồn đọng, duy trì “Mỗi tuần một việc tốt”.",
                ("production", "gratitude", "sport"),
            ),
            (
                "DD-NHSH",
                D(2022, 6, 21),
                "Hoàn thành kế hoạch huy động vốn; ủng hộ Quỹ “Vì người nghèo” của quận.",
                Decimal("86.5"),
                "Hoàn thành; chỉ tiêu huy động vốn đạt 98 % kế hoạch; tích cực trong hoạt động an "
                "sinh.",
                ("production", "gratitude", "study"),
            ),
            (
                "DD-DPOCD",
                D(2022, 6, 24),
                "Bảo đảm cung ứng thuốc cho các nhà thuốc trên địa bàn quận; tham gia văn nghệ, "
                "thể thao của Khối.",
                Decimal("84.0"),
                "Hoàn thành; bảo đảm cung ứng thuốc, tham gia giải cầu lông và hội diễn văn nghệ.",
                ("production", "sport", "culture"),
            ),
        ),
        {
            "study": [
                (
                    "Hội thi tìm hiểu “10 năm xây dựng và phát triển Đảng bộ Khối doanh nghiệp "
                    "quận Đống Đa”",
                    D(2022, 9, 15),
                ),
                ("Tọa đàm “Làm theo lời Bác trong công việc hằng ngày”", D(2022, 10, 20)),
                (
                    "Học tập chuyên đề năm 2022, liên hệ với nhiệm vụ của đơn vị",
                    D(2022, 7, 14),
                ),
            ],
            "production": [
                ("Đợt thi đua cao điểm 100 ngày hoàn thành kế hoạch năm 2022", D(2022, 12, 28)),
                (
                    "Phát động sáng kiến, cải tiến cách làm chào mừng 10 năm thành lập Đảng bộ "
                    "Khối",
                    D(2023, 2, 20),
                ),
                ("Thi đua hoàn thành kế hoạch quý I/2023", D(2023, 3, 31)),
            ],
            "sport": [
                ("Giải bóng đá mini chào mừng 10 năm thành lập Đảng bộ Khối", D(2023, 3, 26)),
                ("Giải cầu lông, bóng bàn cán bộ, đảng viên, người lao động", D(2022, 11, 12)),
                ("Hưởng ứng Ngày chạy Olympic vì sức khỏe toàn dân", D(2022, 8, 21)),
            ],
            "culture": [
                (
                    "Liên hoan văn nghệ “Tiếng hát những người làm theo lời Bác”",
                    D(2023, 5, 18),
                ),
                ("Hội thi cắm hoa chào mừng Ngày Quốc tế Phụ nữ 08/3/2023", D(2023, 3, 8)),
                ("Chương trình văn nghệ mừng Xuân Quý Mão 2023", D(2023, 1, 17)),
            ],
            "gratitude": [
                (
                    "Thăm, tặng quà gia đình chính sách nhân Ngày Thương binh – Liệt sĩ 27/7/2022",
                    D(2022, 7, 26),
                ),
                ("Tặng sổ tiết kiệm cho Mẹ Việt Nam anh hùng trên địa bàn quận", D(2022, 12, 20)),
                ("Ủng hộ Quỹ “Vì người nghèo” của quận dịp Tết Quý Mão 2023", D(2023, 1, 10)),
            ],
            "building": [
                (
                    "Góp ý xây dựng Đảng, xây dựng chính quyền tại tổ dân phố nơi cư trú",
                    D(2022, 10, 8),
                ),
                (
                    "Kết nạp đảng viên mới, lớp đảng viên chào mừng 10 năm thành lập Đảng bộ Khối",
                    D(2023, 5, 12),
                ),
                ("Đối thoại giữa lãnh đạo đơn vị và người lao động", D(2022, 9, 28)),
            ],
        },
        assessed=D(2023, 6, 8),
    ),
    CampaignSpec(
        CAMPAIGN_2026,
        "Thi đua “Đổi mới sáng tạo, nâng cao hiệu quả công việc” năm 2026 – làm theo lời Bác về "
        "tinh thần tự soi, tự sửa",
        D(2026, 3, 2),
        D(2026, 12, 15),
        "Cụ thể hóa chuyên đề năm 2026 thành việc làm của từng cơ quan, doanh nghiệp.\n"
        "Mỗi đơn vị có ít nhất một sáng kiến hoặc cách làm mới được áp dụng trong năm.\n"
        "Tiếp tục nhân rộng các mô hình hay đã được Đảng ủy Khối (đến 30/6/2025) và Đảng ủy công "
        "nhận.",
        "Sáng kiến, cách làm mới được áp dụng (40 điểm).\n"
        "Nhân rộng mô hình hay của đơn vị bạn (20 điểm).\n"
        "Hoạt động học tập, văn hóa, thể thao, an sinh (20 điểm).\n"
        "Xây dựng tổ chức đảng trong sạch, vững mạnh (20 điểm).",
        D(2026, 2, 9),
        D(2026, 2, 23),
        None,
        (
            (
                NNCS,
                D(2026, 3, 9),
                "Chuyển toàn bộ hồ sơ biên tập sang môi trường số; 02 sáng kiến.",
                None,
                "",
                ("study", "production", "building"),
            ),
            (
                "DD-TCDNTH",
                D(2026, 3, 10),
                "Ra mắt chuyên trang podcast “Doanh nhân làm theo lời Bác”.",
                None,
                "",
                ("production", "culture"),
            ),
            (
                "DD-THC-KT",
                D(2026, 3, 11),
                "Tổ trực kỹ thuật 24/7, có mặt trong 2 giờ.",
                None,
                "",
                ("production", "gratitude"),
            ),
            (
                "DD-BVTL",
                D(2026, 3, 12),
                "Đặt lịch khám trực tuyến cho 50 % người bệnh ngoại trú.",
                None,
                "",
                ("production", "gratitude", "sport"),
            ),
            (
                "DD-CNTH",
                D(2026, 3, 16),
                "Hỗ trợ 05 chi bộ trong Đảng bộ dùng sổ tay đảng viên điện tử.",
                None,
                "",
                ("production", "building"),
            ),
            (
                "DD-DNQT",
                D(2026, 3, 18),
                "Giảm 10 % vật tư lắp đặt hao hụt so với năm 2025.",
                None,
                "",
                ("production", "sport"),
            ),
            (
                "DD-MTDD",
                D(2026, 3, 20),
                "Thí điểm nhóm Zalo tuyên truyền ở hai xí nghiệp.",
                None,
                "",
                ("study", "gratitude"),
            ),
        ),
        {
            "study": [("Học tập chuyên đề năm 2026 về tinh thần tự soi, tự sửa", D(2026, 6, 9))],
            "production": [
                ("Cuộc thi sáng kiến “Mỗi tháng một cải tiến” quý III/2026", D(2026, 9, 25)),
                ("Nghiệm thu sáng kiến 6 tháng đầu năm 2026", D(2026, 7, 10)),
            ],
            "sport": [
                ("Hưởng ứng Ngày chạy Olympic vì sức khỏe toàn dân năm 2026", D(2026, 3, 29))
            ],
            "culture": [("Chương trình văn nghệ chào mừng Quốc khánh 2/9", D(2026, 8, 28))],
            "gratitude": [
                (
                    "Thăm, tặng quà gia đình chính sách nhân Ngày Thương binh – Liệt sĩ 27/7/2026",
                    D(2026, 7, 24),
                )
            ],
            "building": [
                ("Đối thoại giữa đảng viên và người lao động về chuyển đổi số", D(2026, 10, 16))
            ],
        },
    ),
]

# -- standards -------------------------------------------------------------------------------

SECTOR_ETHICS = {
    "root": (
        "Gương mẫu thực hiện nhiệm vụ chính trị của cơ quan, doanh nghiệp nơi công tác.",
        "Giữ mối liên hệ mật thiết với Nhân dân nơi cư trú; gương mẫu thực hiện nghĩa vụ công dân.",
    ),
    "party_office": (
        "Tham mưu trung thực, khách quan, đúng nguyên tắc; giữ bí mật nội dung, tài liệu của Đảng.",
        "Tận tụy phục vụ các chi bộ, đảng bộ trực thuộc; hướng dẫn cơ sở rõ ràng, đúng hạn.",
    ),
    "magazine": (
        "Thông tin trung thực, khách quan; kiểm chứng nguồn tin trước khi đăng tải.",
        "Không lợi dụng nghề nghiệp để trục lợi, sách nhiễu doanh nghiệp, cơ quan, tổ chức.",
    ),
    "television": (
        "Bảo đảm chất lượng tín hiệu, nội dung phát sóng đúng quy định; xử lý sự cố nhanh chóng.",
        "Lịch sự, tận tình với khách hàng; không gây phiền hà, không nhận quà biếu khi lắp đặt, "
        "sửa chữa.",
    ),
    "construction": (
        "Tuân thủ quy chuẩn kỹ thuật, bảo đảm chất lượng và an toàn lao động trên công trường.",
        "Trung thực trong nghiệm thu, thanh quyết toán; không bớt xén vật tư công trình.",
    ),
    "hospital": (
        "Thực hiện lời Bác dạy “Lương y phải như từ mẫu”; tận tụy chăm sóc người bệnh, không phân "
        "biệt đối xử.",
        "Giao tiếp, ứng xử niềm nở; không gợi ý, không nhận tiền, quà của người bệnh và người nhà.",
    ),
    "publishing": (
        "Biên tập, xuất bản đúng tôn chỉ, mục đích; bảo đảm tính chính xác, khoa học của xuất bản "
        "phẩm.",
        "Tôn trọng quyền tác giả; không in, phát hành xuất bản phẩm trái phép.",
    ),
    "pharmacy": (
        "Bảo đảm chất lượng thuốc từ sản xuất đến phân phối; tư vấn sử dụng thuốc trung thực, an "
        "toàn.",
        "Không kinh doanh thuốc giả, thuốc kém chất lượng; không vì lợi nhuận mà ảnh hưởng sức "
        "khỏe người bệnh.",
    ),
    "bank": (
        "Bảo mật thông tin khách hàng; tuân thủ quy trình tín dụng, không lợi dụng vị trí để trục "
        "lợi.",
        "Phục vụ khách hàng tận tình; công khai, minh bạch phí, lãi suất; xử lý khiếu nại đúng "
        "hạn.",
    ),
    "transport": (
        "Chấp hành nghiêm pháp luật về giao thông đường bộ; không sử dụng rượu, bia khi lái xe.",
        "Lịch sự, tôn trọng hành khách; đón, trả khách đúng nơi quy định, thu đúng giá niêm yết.",
    ),
    "enterprise": (
        "Kinh doanh trung thực, tuân thủ pháp luật; thực hiện đầy đủ nghĩa vụ với Nhà nước và "
        "người lao động.",
        "Giữ chữ tín với khách hàng, đối tác; bảo vệ tài sản, bí mật kinh doanh của công ty.",
    ),
    "urban_services": (
        "Thu gom, vận chuyển rác thải đúng giờ, đúng tuyến; giữ gìn vệ sinh môi trường đô thị.",
        "Ứng xử văn minh với người dân; trả lại tài sản nhặt được cho người đánh rơi.",
    ),
    "hotel": (
        "Đón tiếp khách chu đáo; giới thiệu trung thực về dịch vụ, di tích và văn hóa Thủ đô.",
        "Không chèo kéo, ép giá khách du lịch; bảo đảm an toàn, an ninh cho khách lưu trú.",
    ),
}
SECTOR_EXAMPLE = {
    "root": "Đi đầu trong các phong trào thi đua của Đảng bộ Khối.",
    "party_office": "Hướng dẫn, trả lời cơ sở đúng hạn; không để văn bản quá hạn xử lý.",
    "magazine": "Mỗi năm có ít nhất 02 tin, bài về gương người tốt, việc tốt.",
    "television": "Không để khách hàng phản ánh về thái độ phục vụ.",
    "construction": "Đi đầu chấp hành quy định an toàn lao động trên công trường.",
    "hospital": "Không để người bệnh phản ánh về thái độ phục vụ; tham gia khám tình nguyện.",
    "publishing": "Đọc và giới thiệu ít nhất một cuốn sách hay mỗi quý.",
    "pharmacy": "Tư vấn thuốc đúng, đủ; không để sai sót trong cấp phát.",
    "bank": "Không để khách hàng phải đến lần thứ hai vì thiếu hướng dẫn.",
    "transport": "Không vi phạm luật giao thông; không để hành khách phản ánh.",
    "enterprise": "Hoàn thành chỉ tiêu được giao; có ít nhất một đề xuất cải tiến mỗi năm.",
    "urban_services": "Hoàn thành tuyến thu gom đúng giờ; tham gia “Mỗi tuần một việc tốt”.",
    "hotel": "Không để khách phản ánh về thái độ phục vụ; giới thiệu đúng về di tích.",
}

ETHICS_V1 = [
    "1. Trung thành với Tổ quốc, với Đảng; chấp hành nghiêm đường lối của Đảng, chính sách, pháp "
    "luật của Nhà nước và nội quy, quy chế của đơn vị.",
    "2. Cần, kiệm, liêm, chính, chí công vô tư; không tham ô, lãng phí, không lợi dụng vị trí "
    "công tác để vụ lợi.",
    "3. {s1}",
    "4. {s2}",
    "5. Đoàn kết, thương yêu, giúp đỡ đồng nghiệp; tôn trọng, lắng nghe ý kiến của người lao động.",
    "6. Không ngừng học tập, nâng cao trình độ chuyên môn, nghiệp vụ, lý luận chính trị.",
]
ETHICS_V2 = [
    *ETHICS_V1[:4],
    "5. Đoàn kết, thương yêu, giúp đỡ đồng nghiệp; phát huy dân chủ, giữ gìn kỷ cương; tôn "
    "trọng, lắng nghe ý kiến của người lao động.",
    ETHICS_V1[5],
    "7. Ứng xử văn minh trên mạng xã hội: không đăng tải, chia sẻ thông tin sai sự thật, trái "
    "quan điểm của Đảng; tích cực lan tỏa thông tin tích cực, gương người tốt, việc tốt.",
    "8. Mỗi năm đăng ký 01–02 việc làm theo Bác và tự đánh giá việc thực hiện.",
]
ETHICS_V3 = [
    "1. Tuyệt đối trung thành với Tổ quốc, với Đảng, với Nhân dân; kiên định mục tiêu độc lập "
    "dân tộc gắn liền với chủ nghĩa xã hội; chấp hành nghiêm đường lối của Đảng, chính sách, pháp "
    "luật của Nhà nước và nội quy, quy chế của đơn vị.",
    "2. Cần, kiệm, liêm, chính, chí công vô tư; kiên quyết đấu tranh phòng, chống tham nhũng, "
    "lãng phí, tiêu cực; không lợi dụng vị trí công tác để vụ lợi.",
    *ETHICS_V2[2:],
    "9. Có ý chí tự lực, tự cường, khát vọng cống hiến; dám nghĩ, dám nói, dám làm, dám chịu "
    "trách nhiệm, dám đổi mới sáng tạo vì lợi ích chung.",
]
EXAMPLE_V1 = [
    "I. Đối với cấp ủy viên, người đứng đầu",
    "1. Gương mẫu chấp hành nghị quyết của Đảng; nói đi đôi với làm; đi đầu trong thực hiện "
    "nhiệm vụ chính trị của đơn vị.",
    "2. Chủ động đề xuất, dám chịu trách nhiệm; thường xuyên tự phê bình và phê bình.",
    "3. Gương mẫu về đạo đức, lối sống; quản lý gia đình, người thân không để lợi dụng chức vụ, "
    "quyền hạn.",
    "II. Đối với đảng viên",
    "4. Thực hiện đúng giờ làm việc, nội quy, quy chế của đơn vị.",
    "5. Tham gia đầy đủ sinh hoạt chi bộ, đóng đảng phí đúng quy định.",
    "6. {s}",
    "7. Gương mẫu nơi cư trú; giữ mối liên hệ với chi ủy, tổ dân phố nơi cư trú.",
]
EXAMPLE_V2 = [
    *EXAMPLE_V1[:4],
    "4. Mỗi quý ít nhất một lần đối thoại, lắng nghe ý kiến người lao động.",
    "II. Đối với đảng viên",
    "5. Thực hiện đúng giờ làm việc, nội quy, quy chế của đơn vị.",
    "6. Dự sinh hoạt chi bộ tối thiểu 10/12 kỳ trong năm; đóng đảng phí đúng hạn.",
    "7. {s}",
    "8. Đăng ký 01–02 việc làm theo Bác mỗi năm; tự đánh giá vào tháng 11.",
    "9. Gương mẫu nơi cư trú; giữ mối liên hệ với chi ủy, tổ dân phố nơi cư trú.",
]
NOTE_V2_ETHICS = (
    "Rà soát, bổ sung theo chỉ đạo của Đảng ủy Khối tại Hội nghị sơ kết 02 năm thực hiện Kết "
    "luận 01-KL/TW (14/3/2023): bổ sung chuẩn mực ứng xử trên mạng xã hội (mục 7) và việc đăng "
    "ký làm theo Bác (mục 8); mục 5 thêm yêu cầu phát huy dân chủ, giữ gìn kỷ cương."
)
NOTE_V2_EXAMPLE = (
    "Viết lại theo hướng ngắn gọn, dễ nhớ, dễ thực hiện, dễ kiểm tra, đánh giá, như Hội nghị sơ "
    "kết ngày 14/3/2023 yêu cầu: thêm tiêu chí đối thoại với người lao động, số kỳ sinh hoạt chi "
    "bộ tối thiểu và việc đăng ký làm theo Bác."
)
NOTE_V3 = (
    "Bổ sung theo Quy định 144-QĐ/TW ngày 09/5/2024 của Bộ Chính trị về chuẩn mực đạo đức cách "
    "mạng của cán bộ, đảng viên trong giai đoạn mới: sửa mục 1, 2; thêm mục 9."
)
# Units whose ethics code has a version 3 (2024), and what is special about the others:
# code -> {kind: (versions, review status or None, next review)}; default two versions in force.
V3_ETHICS = ("DBKDN-DD", NNCS, "DD-THC", "DD-BVTL", "DD-NHSH", "DD-DTLH")
STANDARD_CASES = {
    NNCS: {"ethics": (3, R.UNDER_REVIEW, D(2026, 12, 15))},
    "DD-THC-KD": {"ethics": (2, R.UNDER_REVIEW, D(2026, 12, 31))},
    "DD-CNTH": {"example": (2, R.UNDER_REVIEW, D(2027, 1, 15))},
    "DD-HTXKT": {
        "ethics": (1, R.NEEDS_UPDATE, D(2026, 12, 31)),
        "example": (1, R.NEEDS_UPDATE, D(2026, 12, 31)),
    },
    "DD-INHB": {"example": (2, R.NEEDS_UPDATE, D(2027, 3, 31))},
    "DD-DNQT": {"ethics": (1, None, None), "example": (0, None, None)},
    "DD-DLQTG": {"ethics": (0, None, None), "example": (1, None, None)},
}


# -- writing it --------------------------------------------------------------------------------
