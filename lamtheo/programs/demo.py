"""The demo's programme: Kết luận 01-KL/TW, 2021–2026, with two years that tell a true story.

- 2023: registered, approved, self-assessed, evaluated and closed under Quy định 124-QĐ/TW
  (ranks without scores): most people "Hoàn thành tốt", some "xuất sắc" within the 20 %
  quota, a few "Hoàn thành", one or two "Không hoàn thành"; collective commitments of
  several cells.
- 2026, the current year (Quy định 366-QĐ/TW): registration closed on 31/03/2026 and the
  self-assessment window is open (November 2026 in the data's own terms). Most people are
  registered and approved, some still wait for approval, two were returned with a comment,
  some have assessed themselves, and a few members of three cells never registered.

`load_programs(admin)` writes it through `lamtheo.programs.services`, as people would: the
office (vanphong) and the secretary of the Tạp chí Nghề nghiệp và Cuộc sống cell (bithu)
register for their people and approve, the demo users with a person of their own register
themselves inside the windows, nobody approves their own registration and collective ones are
approved a level up. One exception, for speed: 2023 outside the demo users' two cells is
written in bulk with the rows the services would have written (`_write_in_bulk`); the
collective commitments and all of 2026 go through the services step by step.
Everything is decided by a fixed seed from the people in the database,
with fixed dates; the services stamp "now", so a last step dates every event back to the day
it happened in the story (submitted in February 2023, evaluated in December 2023 ...) and
puts 2023 records in the unit the person was in at the time. Running it again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils.translation import gettext as _

from lamtheo.org.models import Membership, Person, Unit, UnitKind
from lamtheo.programs import services
from lamtheo.programs.models import (
    Commitment,
    CommitmentEvent,
    CommitmentKind,
    CommitmentStatus,
    Program,
    ProgramYear,
    ProgressNote,
    RankingScheme,
    YearEvaluation,
)

SEED = 20230314
D = dt.date

PROGRAM_NAME = "Thực hiện Kết luận 01-KL/TW giai đoạn 2021–2026"
BASIS = "\n".join(
    [
        "Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số "
        "05-CT/TW về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư "
        "tưởng, đạo đức, phong cách Hồ Chí Minh",
    ]
)
TERM_THEME = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường "
    "và khát vọng phát triển đất nước phồn vinh, hạnh phúc"
)
PROGRAM_CREATED = D(2021, 6, 15)


@dataclass(frozen=True)
class YearSpec:
    year: int
    theme: str
    windows: dict
    created_on: dt.date
    scheme_name: str | None = None  # None: the services' default (Quy định 366-QĐ/TW)
    uses_scores: bool = True
    closed_on: dt.date | None = None


Y2023 = YearSpec(
    2023,
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tư tưởng dân là gốc, "
    "dựa vào dân để xây dựng Đảng và hệ thống chính trị trong sạch, vững mạnh, hoạt động hiệu "
    "lực, hiệu quả từ cơ sở",
    {
        "registration_opens": D(2023, 2, 6),
        "registration_closes": D(2023, 3, 31),
        "midyear_review_on": D(2023, 7, 14),
        "self_assessment_opens": D(2023, 11, 1),
        "self_assessment_closes": D(2023, 12, 8),
        "evaluation_deadline": D(2023, 12, 22),
    },
    created_on=D(2023, 1, 16),
    scheme_name="Quy định 124-QĐ/TW",
    uses_scores=False,
    closed_on=D(2023, 12, 28),
)
Y2026 = YearSpec(
    2026,
    "Học tập và làm theo Bác về tinh thần tự soi, tự sửa; đổi mới sáng tạo, nâng cao hiệu quả "
    "công việc",
    {
        "registration_opens": D(2026, 1, 5),
        "registration_closes": D(2026, 3, 31),
        "midyear_review_on": D(2026, 7, 15),
        "self_assessment_opens": D(2026, 11, 1),
        "self_assessment_closes": D(2026, 12, 10),
        "evaluation_deadline": D(2026, 12, 25),
    },
    created_on=D(2025, 12, 22),
)
# "Today" in the data's own terms: the latest day any 2026 event is dated.
DATA_TODAY = D(2026, 11, 25)

# Cells where some members never registered in 2026 (the secretaries' "late" queues).
LATE_CELLS = {"DD-TCNNCS": 2, "DD-HTXKT": 4, "DD-MTDD": 7}
NNCS = "DD-TCNNCS"
# 2023 in these cells goes through the services step by step (the demo users' cells); the
# other cells' 2023 is written in bulk (see _write_in_bulk).
STEP_BY_STEP_2023 = (NNCS, "DD-CQDU")
COLLECTIVE_2023 = [
    NNCS,
    "DD-TCDNTH",
    "DD-TCHNHN",
    "DD-THC",
    "DD-BVTL",
    "DD-XDKL",
    "DD-NHSH",
    "DD-MTDD",
]
COLLECTIVE_2026 = [
    *COLLECTIVE_2023,
    "DD-CQDU",
    "DD-NXBVM",
    "DD-DPOCD",
    "DD-DLQTG",
]

# -- what people write -----------------------------------------------------------------------
# Categories of work, from the job title.
LEADER, MANAGER, EDITORIAL, MEDICAL, TECHNICAL, CUSTOMER, OFFICE, WORKER, PARTY, RETIRED = (
    "leader",
    "manager",
    "editorial",
    "medical",
    "technical",
    "customer",
    "office",
    "worker",
    "party",
    "retired",
)
ANY = "any"


@dataclass(frozen=True)
class Template:
    area: str
    action: str
    result: str
    shortcoming: str
    due: tuple[int, int] | None  # (month, day) in the year
    categories: tuple[str, ...]
    sectors: tuple[str, ...] = ()  # only in these sectors (empty: any)


T = Template
MEDIA = {
    "magazine": "trên tạp chí in và điện tử",
    "television": "trên các kênh truyền hình và nền tảng số của Đài",
    "publishing": "trên trang thông tin và các ấn phẩm của Nhà xuất bản",
}
WORKPLACE = {
    "magazine": "Tòa soạn",
    "television": "Đài",
    "publishing": "Nhà xuất bản",
    "hospital": "Bệnh viện",
    "bank": "Chi nhánh",
    "transport": "Hợp tác xã",
    "hotel": "Khách sạn",
    "party_office": "Cơ quan",
}

TEMPLATES: tuple[Template, ...] = (
    # Anyone: lifestyle, self-correction, work style (a second commitment is drawn from these).
    T(
        "ethics",
        "Thực hành tiết kiệm, chống lãng phí trong sử dụng điện, nước, văn phòng phẩm tại nơi "
        "làm việc",
        "Giảm ít nhất 10% chi phí điện, nước, văn phòng phẩm của bộ phận so với năm {prev}",
        "Còn chủ quan, chưa có thói quen tắt thiết bị khi không sử dụng",
        (12, 15),
        (ANY,),
    ),
    T(
        "ethics",
        "Gương mẫu chấp hành giờ giấc, nội quy cơ quan; không dùng điện thoại vào việc riêng "
        "trong giờ làm việc",
        "Không vi phạm nội quy trong năm; tham dự đúng giờ 100% buổi giao ban và sinh hoạt chi bộ",
        "Có lúc còn đến muộn trong các buổi họp giao ban",
        (12, 15),
        (ANY,),
    ),
    T(
        "work_style",
        "Nói đi đôi với làm: hoàn thành công việc được giao đúng hẹn, không đùn đẩy trách nhiệm",
        "100% nhiệm vụ được giao hoàn thành đúng hoặc trước thời hạn",
        "Đôi khi còn để công việc dồn đến sát hạn mới xử lý",
        (11, 30),
        (ANY,),
    ),
    T(
        "ethics",
        "Tự học, tự rèn luyện: đọc và ghi chép các tác phẩm của Chủ tịch Hồ Chí Minh về đạo đức "
        "cách mạng, liên hệ với công việc của bản thân",
        "Đọc 04 tác phẩm; viết 01 bài thu hoạch và trình bày tại sinh hoạt chi bộ quý IV",
        "Việc tự nghiên cứu lý luận chính trị còn chưa thường xuyên",
        (10, 31),
        (ANY,),
    ),
    T(
        "work_style",
        "Thẳng thắn phê bình và tự phê bình; lắng nghe, tiếp thu góp ý của đồng nghiệp và quần "
        "chúng để tự soi, tự sửa",
        "Ít nhất 04 ý kiến đóng góp xây dựng tại sinh hoạt chi bộ; khắc phục 100% khuyết điểm "
        "đã được góp ý",
        "Còn ngại va chạm, chưa thẳng thắn góp ý với đồng nghiệp",
        (12, 15),
        (ANY,),
    ),
    T(
        "ethics",
        "Tham gia các hoạt động đền ơn đáp nghĩa, thiện nguyện do cơ quan và địa phương phát động",
        "Tham gia 100% đợt ủng hộ; ít nhất 02 buổi hoạt động tình nguyện trong năm",
        "Chưa tích cực tham gia hoạt động của tổ dân phố nơi cư trú",
        (11, 30),
        (ANY,),
    ),
    T(
        "ethics",
        "Sống giản dị, gương mẫu nơi cư trú; thực hiện tốt trách nhiệm của đảng viên đối với "
        "chi ủy và nhân dân nơi cư trú",
        "Được chi ủy nơi cư trú nhận xét tốt; gia đình đạt danh hiệu Gia đình văn hóa năm {year}",
        "Chưa dành nhiều thời gian cho sinh hoạt ở khu dân cư",
        (12, 15),
        (ANY,),
    ),
    T(
        "political_task",
        "Tuyên truyền nghị quyết, chủ trương của Đảng trên mạng xã hội; tham gia đấu tranh phản "
        "bác các quan điểm sai trái, thù địch",
        "Chia sẻ ít nhất 24 tin, bài chính thống trên Zalo, Facebook cá nhân; không chia sẻ "
        "thông tin chưa được kiểm chứng",
        "Chưa chủ động dùng mạng xã hội để tuyên truyền",
        (12, 15),
        (ANY,),
    ),
    T(
        "work_style",
        "Ứng dụng công nghệ số trong công việc; sử dụng thành thạo Sổ tay đảng viên điện tử và "
        "các phần mềm dùng chung của cơ quan",
        "Cập nhật đầy đủ thông tin trên Sổ tay đảng viên điện tử; 100% văn bản cá nhân xử lý "
        "trên môi trường mạng",
        "Kỹ năng sử dụng phần mềm còn hạn chế",
        (9, 30),
        (ANY,),
    ),
    T(
        "ethics",
        "Tham gia phong trào văn hóa, văn nghệ, thể dục thể thao của Khối; rèn luyện sức khỏe "
        "để hoàn thành tốt nhiệm vụ",
        "Tham gia ít nhất 02 hoạt động văn nghệ, thể thao do Đảng ủy Khối và công đoàn tổ chức",
        "Còn ngại tham gia các hoạt động phong trào",
        (11, 30),
        (ANY,),
    ),
    # Leaders of a workplace.
    T(
        "leadership",
        "Đổi mới cách điều hành: giao việc bằng văn bản, có thời hạn và người chịu trách nhiệm; "
        "kiểm tra tiến độ hằng tuần tại giao ban",
        "100% nhiệm vụ trọng tâm của {workplace} có kế hoạch, người phụ trách và được kiểm tra "
        "định kỳ; không có nhiệm vụ quá hạn",
        "Việc kiểm tra, đôn đốc sau khi giao việc chưa thường xuyên",
        (12, 15),
        (LEADER,),
    ),
    T(
        "leadership",
        "Thực hiện trách nhiệm nêu gương của người đứng đầu; định kỳ đối thoại với người lao động",
        "Tổ chức 02 buổi đối thoại trong năm; giải quyết dứt điểm 100% kiến nghị chính đáng của "
        "người lao động",
        "Chưa dành nhiều thời gian lắng nghe ý kiến người lao động",
        (12, 15),
        (LEADER,),
    ),
    T(
        "political_task",
        "Lãnh đạo đơn vị hoàn thành kế hoạch sản xuất, kinh doanh năm {year}, bảo đảm việc làm "
        "và thu nhập cho người lao động",
        "Doanh thu tăng ít nhất 8% so với năm {prev}; không nợ lương, nợ bảo hiểm xã hội của "
        "người lao động",
        "Công tác dự báo thị trường, chuẩn bị nguồn việc còn chậm",
        (12, 31),
        (LEADER,),
        ("enterprise", "construction", "pharmacy", "urban_services", "hotel", "transport"),
    ),
    T(
        "political_task",
        "Chỉ đạo {workplace} thực hiện đúng tôn chỉ, mục đích; nâng cao chất lượng tuyên "
        "truyền học tập và làm theo Bác",
        "Không có sai sót về chính trị, nội dung; mỗi tháng có ít nhất 02 tác phẩm về gương "
        "người tốt, việc tốt {media}",
        "Khâu kiểm duyệt trước khi xuất bản đôi lúc còn chưa chặt chẽ",
        (12, 15),
        (LEADER,),
        ("magazine", "television", "publishing"),
    ),
    T(
        "leadership",
        "Công khai, minh bạch tài chính và mua sắm; chỉ đạo rà soát, cắt giảm thủ tục nội bộ",
        "Công khai 100% khoản chi theo quy chế; thời gian duyệt hồ sơ thanh toán không quá 03 "
        "ngày làm việc",
        "Một số quy trình nội bộ còn rườm rà, chậm được sửa đổi",
        (10, 31),
        (LEADER,),
    ),
    T(
        "leadership",
        "Phát hiện, bồi dưỡng cán bộ trẻ; giới thiệu quần chúng ưu tú để chi bộ xem xét kết nạp",
        "Giới thiệu ít nhất 01 quần chúng ưu tú học lớp nhận thức về Đảng; đưa 02 cán bộ trẻ "
        "vào quy hoạch",
        "Công tác tạo nguồn phát triển đảng viên chưa được quan tâm đúng mức",
        (11, 30),
        (LEADER,),
    ),
    # Heads of departments.
    T(
        "advisory",
        "Nâng cao chất lượng tham mưu: chủ động đề xuất giải pháp, hồ sơ trình lãnh đạo đầy "
        "đủ, đúng quy trình",
        "100% văn bản tham mưu đúng hạn; không có văn bản bị trả lại do sai sót thể thức, nội dung",
        "Một số văn bản tham mưu còn chậm, phải chỉnh sửa nhiều lần",
        (12, 15),
        (MANAGER, PARTY),
    ),
    T(
        "work_style",
        "Xây dựng lịch công tác tuần của bộ phận, phân công rõ người, rõ việc, rõ thời hạn",
        "100% thành viên bộ phận có bảng phân công; giao ban bộ phận hằng tuần đúng lịch",
        "Phân công công việc đôi khi còn chồng chéo",
        (6, 30),
        (MANAGER,),
    ),
    T(
        "productivity",
        "Cải tiến quy trình làm việc của bộ phận, ứng dụng phần mềm quản lý công việc",
        "Rút ngắn ít nhất 20% thời gian xử lý hồ sơ so với năm {prev}; 01 sáng kiến được công "
        "nhận cấp cơ sở",
        "Chậm đổi mới cách làm, còn làm theo thói quen",
        (11, 30),
        (MANAGER,),
    ),
    T(
        "leadership",
        "Kèm cặp, hướng dẫn nhân viên mới, nhân viên trẻ trong bộ phận",
        "Kèm cặp ít nhất 02 nhân viên; 100% nhân viên mới đáp ứng yêu cầu công việc sau 03 tháng",
        "Chưa dành thời gian hướng dẫn chuyên môn cho nhân viên trẻ",
        (10, 31),
        (MANAGER,),
    ),
    # Journalists, editors, camera operators.
    T(
        "political_task",
        "Viết tin, bài phát hiện, biểu dương gương người tốt, việc tốt, điển hình tiên tiến "
        "trong học tập và làm theo Bác",
        "Ít nhất 12 tin, bài trong năm (mỗi tháng 01 bài) được đăng {media}",
        "Còn ngại đi cơ sở, chủ yếu khai thác thông tin qua điện thoại",
        (12, 15),
        (EDITORIAL,),
    ),
    T(
        "advisory",
        "Nâng cao chất lượng biên tập; kiểm tra kỹ số liệu, nguồn tin trước khi đăng tải",
        "Không có tin, bài phải đính chính; 100% bài được biên tập đúng hạn theo kế hoạch xuất bản",
        "Đôi lúc còn để sót lỗi chính tả, lỗi dữ kiện",
        (12, 15),
        (EDITORIAL,),
    ),
    T(
        "productivity",
        "Đẩy mạnh sản xuất nội dung số: video ngắn, infographic, podcast cho phiên bản điện tử",
        "Ít nhất 24 sản phẩm nội dung số trong năm; lượt xem trung bình tăng 15% so với năm {prev}",
        "Kỹ năng làm báo đa phương tiện còn hạn chế",
        (11, 30),
        (EDITORIAL,),
        ("magazine", "television"),
    ),
    T(
        "ethics",
        "Giữ gìn đạo đức nghề nghiệp người làm báo; thực hiện nghiêm Quy định về đạo đức nghề "
        "nghiệp của Hội Nhà báo Việt Nam",
        "Không vi phạm quy định đạo đức nghề nghiệp; không có đơn thư phản ánh về hoạt động tác "
        "nghiệp",
        "Có lúc chưa kiểm chứng đầy đủ nguồn tin trước khi viết bài",
        (12, 15),
        (EDITORIAL,),
        ("magazine", "television"),
    ),
    T(
        "work_style",
        "Thẩm định kỹ nội dung bản thảo, bảo đảm đúng định hướng xuất bản và đúng tiến độ",
        "100% bản thảo được thẩm định đúng quy trình; không có xuất bản phẩm bị đình chỉ, thu hồi",
        "Đôi lúc còn chậm tiến độ biên tập bản thảo",
        (12, 15),
        (EDITORIAL,),
        ("publishing",),
    ),
    T(
        "work_style",
        "Tuân thủ quy trình và thời hạn nộp bài theo lịch của Thư ký tòa soạn",
        "100% bài nộp đúng hạn; không có số phát hành nào bị chậm do phần việc của cá nhân",
        "Còn nộp bài sát hạn, gây áp lực cho khâu biên tập",
        (12, 15),
        (EDITORIAL,),
        ("magazine",),
    ),
    # Hospital.
    T(
        "work_style",
        "Thực hiện tốt quy tắc ứng xử; đổi mới thái độ phục vụ hướng tới sự hài lòng của người "
        "bệnh",
        "Tỷ lệ người bệnh hài lòng đạt từ 95% trở lên; không có phản ánh về thái độ phục vụ",
        "Có lúc giao tiếp với người bệnh và người nhà còn chưa nhẹ nhàng",
        (12, 15),
        (MEDICAL,),
        ("hospital",),
    ),
    T(
        "productivity",
        "Ứng dụng bệnh án điện tử, rút ngắn thời gian chờ khám và chờ kết quả",
        "Thời gian chờ kết quả xét nghiệm cơ bản không quá 60 phút; 100% hồ sơ được nhập đầy đủ "
        "trên phần mềm",
        "Còn chậm cập nhật hồ sơ bệnh án trên phần mềm",
        (11, 30),
        (MEDICAL,),
        ("hospital",),
    ),
    T(
        "political_task",
        "Tham gia khám bệnh, tư vấn sức khỏe miễn phí cho người có công, người cao tuổi trên địa "
        "bàn",
        "Tham gia ít nhất 03 đợt khám, tư vấn; phục vụ trên 300 lượt người",
        "Chưa tích cực tham gia hoạt động xã hội của Bệnh viện",
        (10, 31),
        (MEDICAL,),
        ("hospital",),
    ),
    T(
        "ethics",
        "Thực hiện nghiêm quy định về y đức; nói không với phong bì",
        "Không có vi phạm y đức trong năm; được người bệnh và đồng nghiệp ghi nhận",
        "Chưa mạnh dạn góp ý khi đồng nghiệp có biểu hiện chưa đúng mực",
        (12, 15),
        (MEDICAL,),
        ("hospital",),
    ),
    T(
        "advisory",
        "Kiểm tra chặt chẽ chất lượng thuốc, không để thuốc kém chất lượng, quá hạn đến tay "
        "người dùng",
        "100% lô hàng được kiểm nghiệm đúng quy trình; không có sản phẩm bị thu hồi do lỗi "
        "kiểm nghiệm",
        "Còn chậm cập nhật quy định mới về chất lượng thuốc",
        (12, 15),
        (MEDICAL, TECHNICAL),
        ("pharmacy",),
    ),
    # Engineers and technicians.
    T(
        "productivity",
        "Chủ động bảo dưỡng định kỳ thiết bị, rút ngắn thời gian khắc phục sự cố",
        "Thời gian khắc phục sự cố trung bình không quá 04 giờ; không để xảy ra sự cố do chủ quan",
        "Công tác bảo dưỡng phòng ngừa còn chưa thường xuyên",
        (12, 15),
        (TECHNICAL,),
    ),
    T(
        "productivity",
        "Nghiên cứu, đề xuất sáng kiến cải tiến kỹ thuật, tiết kiệm vật tư",
        "01 sáng kiến được Hội đồng sáng kiến cơ sở công nhận; tiết kiệm ít nhất 5% chi phí vật tư",
        "Chưa chủ động nghiên cứu, học hỏi công nghệ mới",
        (11, 30),
        (TECHNICAL,),
    ),
    T(
        "work_style",
        "Chấp hành nghiêm quy trình an toàn, vệ sinh lao động; hướng dẫn đồng nghiệp cùng thực "
        "hiện",
        "Không để xảy ra tai nạn lao động; 100% ca làm việc được kiểm tra an toàn trước khi "
        "triển khai",
        "Có lúc còn chủ quan, bỏ qua bước kiểm tra an toàn",
        (12, 15),
        (TECHNICAL, WORKER),
        ("construction", "enterprise", "urban_services"),
    ),
    T(
        "work_style",
        "Bảo đảm chất lượng tín hiệu truyền hình; xử lý kịp thời phản ánh của thuê bao",
        "Phản ánh của thuê bao được xử lý trong 24 giờ; số phản ánh giảm 10% so với năm {prev}",
        "Có lúc còn chậm phối hợp với bộ phận chăm sóc khách hàng",
        (12, 15),
        (TECHNICAL,),
        ("television",),
    ),
    T(
        "political_task",
        "Giám sát chặt chẽ chất lượng công trình, không để xảy ra sai phạm về kỹ thuật, an toàn",
        "100% hạng mục được nghiệm thu đạt chất lượng; công trình bàn giao đúng tiến độ",
        "Có lúc nhật ký công trình ghi chép chưa đầy đủ",
        (12, 15),
        (TECHNICAL, MANAGER),
        ("construction",),
    ),
    # Sales and customer service.
    T(
        "work_style",
        "Đổi mới thái độ phục vụ khách hàng: tận tình, đúng hẹn, trả lời mọi phản ánh trong ngày",
        "100% phản ánh của khách hàng được phản hồi trong 24 giờ; không có khiếu nại về thái độ "
        "phục vụ",
        "Có lúc còn chậm phản hồi khách hàng",
        (12, 15),
        (CUSTOMER,),
    ),
    T(
        "political_task",
        "Chủ động tìm kiếm khách hàng mới, hoàn thành chỉ tiêu kinh doanh được giao",
        "Hoàn thành 100% chỉ tiêu doanh số năm {year}; phát triển ít nhất 20 khách hàng mới",
        "Chưa chủ động tìm kiếm khách hàng mới",
        (12, 31),
        (CUSTOMER,),
    ),
    T(
        "productivity",
        "Ứng dụng kênh bán hàng trực tuyến; chăm sóc khách hàng qua Zalo OA và tổng đài",
        "Ít nhất 30% giao dịch thực hiện qua kênh số; dữ liệu khách hàng được cập nhật đầy đủ "
        "trên phần mềm",
        "Còn quen cách làm truyền thống, ngại thay đổi",
        (11, 30),
        (CUSTOMER,),
    ),
    T(
        "work_style",
        "Tuân thủ quy trình giao dịch, phòng chống rửa tiền và lừa đảo trực tuyến; hướng dẫn "
        "khách hàng bảo mật tài khoản",
        "Không có sai sót tác nghiệp; hướng dẫn ít nhất 200 lượt khách hàng cài đặt xác thực "
        "sinh trắc học",
        "Đôi khi còn chưa kiểm tra kỹ chứng từ",
        (12, 15),
        (CUSTOMER, OFFICE),
        ("bank",),
    ),
    T(
        "work_style",
        "Nâng cao chất lượng phục vụ du khách; giới thiệu các di tích lịch sử, văn hóa của Thủ đô",
        "Điểm đánh giá trên các nền tảng đặt phòng đạt từ 9,0 trở lên; không có phản ánh của "
        "khách về thái độ phục vụ",
        "Kỹ năng ngoại ngữ giao tiếp còn hạn chế",
        (12, 15),
        (CUSTOMER, MANAGER),
        ("hotel",),
    ),
    # Accounts and administration.
    T(
        "advisory",
        "Thực hiện đúng chế độ kế toán; lập báo cáo tài chính chính xác, đúng hạn",
        "100% báo cáo tài chính, báo cáo thuế nộp đúng hạn; không có sai sót bị cơ quan thuế, "
        "kiểm toán nhắc nhở",
        "Còn chậm trong đối chiếu công nợ cuối kỳ",
        (12, 31),
        (OFFICE,),
    ),
    T(
        "productivity",
        "Số hóa hồ sơ, tài liệu lưu trữ của bộ phận",
        "Số hóa 100% hồ sơ phát sinh năm {year} và ít nhất 50% hồ sơ năm {prev}; tra cứu được "
        "trên máy tính",
        "Hồ sơ lưu trữ còn sắp xếp chưa khoa học",
        (11, 30),
        (OFFICE, PARTY),
    ),
    T(
        "work_style",
        "Giải quyết thủ tục nội bộ nhanh gọn; niềm nở với đồng nghiệp và khách đến làm việc",
        "Hồ sơ thanh toán, văn bản đến được xử lý trong 02 ngày làm việc; không có phản ánh về "
        "thái độ",
        "Có lúc còn để hồ sơ tồn đọng",
        (12, 15),
        (OFFICE,),
    ),
    T(
        "ethics",
        "Quản lý chặt chẽ tài sản, vật tư, tiền quỹ; công khai, minh bạch số liệu",
        "Kiểm kê định kỳ 02 lần trong năm, không để thất thoát; số liệu sổ sách khớp đúng 100%",
        "Việc đối chiếu sổ sách còn chưa kịp thời",
        (12, 31),
        (OFFICE,),
    ),
    # Drivers and workers.
    T(
        "productivity",
        "Chấp hành nghiêm Luật Giao thông đường bộ; giữ xe sạch đẹp, tiết kiệm nhiên liệu",
        "Không vi phạm luật giao thông, không để xảy ra tai nạn; tiết kiệm 5% nhiên liệu so với "
        "định mức",
        "Có lúc còn chủ quan khi điều khiển phương tiện",
        (12, 15),
        (WORKER,),
    ),
    T(
        "productivity",
        "Hoàn thành khối lượng công việc được giao đúng tiến độ, bảo đảm chất lượng",
        "100% phần việc được nghiệm thu đạt yêu cầu ngay lần đầu; không nghỉ việc không lý do",
        "Tay nghề ở một số công đoạn còn hạn chế",
        (12, 15),
        (WORKER, TECHNICAL),
    ),
    T(
        "political_task",
        "Thu gom, vận chuyển rác đúng giờ, đúng tuyến; vận động người dân phân loại rác tại nguồn",
        "100% tuyến được thu gom đúng giờ; không có phản ánh của người dân về vệ sinh trên tuyến "
        "phụ trách",
        "Có lúc chưa nhắc nhở kịp thời các hộ để rác sai giờ",
        (12, 15),
        (WORKER,),
        ("urban_services",),
    ),
    T(
        "work_style",
        "Phục vụ hành khách văn minh, lịch sự; đón trả khách đúng nơi quy định",
        "Không có phản ánh của hành khách; xe đạt kiểm định và xuất bến đúng giờ 100% chuyến",
        "Đôi lúc giao tiếp với khách còn thiếu nhẹ nhàng",
        (12, 15),
        (WORKER,),
        ("transport",),
    ),
    # The committee's own office.
    T(
        "advisory",
        "Tham mưu Đảng ủy Khối xây dựng kế hoạch, hướng dẫn thực hiện chuyên đề năm {year} "
        "đúng thời gian",
        "Kế hoạch, hướng dẫn ban hành trước ngày 31/3/{year}; 100% chi bộ, đảng bộ trực thuộc "
        "triển khai",
        "Việc theo dõi, tổng hợp kết quả ở cơ sở còn chậm",
        (3, 31),
        (PARTY,),
    ),
    T(
        "advisory",
        "Cập nhật, chuẩn hóa dữ liệu đảng viên trên phần mềm cơ sở dữ liệu đảng viên",
        "100% hồ sơ đảng viên của Đảng bộ được cập nhật đầy đủ, đúng, sạch, sống",
        "Còn để một số hồ sơ chậm cập nhật biến động",
        (12, 15),
        (PARTY,),
    ),
    T(
        "political_task",
        "Tham mưu kiểm tra, giám sát việc thực hiện bản đăng ký làm theo Bác ở các chi bộ",
        "Kiểm tra, giám sát ít nhất 04 chi bộ; 100% kiến nghị sau kiểm tra được theo dõi, đôn "
        "đốc thực hiện",
        "Việc theo dõi sau kiểm tra còn chưa sát",
        (11, 30),
        (PARTY,),
    ),
    T(
        "political_task",
        "Biên tập bản tin, tin bài tuyên truyền trên nhóm Zalo của Đảng bộ",
        "Ít nhất 48 tin, bài trong năm về hoạt động của các chi bộ và gương người tốt, việc tốt",
        "Nội dung tuyên truyền còn chưa phong phú",
        (12, 15),
        (PARTY,),
    ),
    # Retired members who stay in their cell.
    T(
        "ethics",
        "Gương mẫu nơi cư trú; tham gia hòa giải ở cơ sở, vận động con cháu chấp hành pháp luật",
        "Tham gia đầy đủ sinh hoạt chi bộ; tham gia ít nhất 02 vụ hòa giải ở tổ dân phố",
        "Sức khỏe hạn chế nên có buổi chưa tham gia sinh hoạt",
        (12, 15),
        (RETIRED,),
    ),
    T(
        "political_task",
        "Kể chuyện về Bác và truyền thống của Đảng bộ cho đoàn viên, thanh niên",
        "Tham gia 02 buổi nói chuyện truyền thống cho đoàn viên, thanh niên của Khối",
        "Chưa chủ động chia sẻ kinh nghiệm với đảng viên trẻ",
        (11, 30),
        (RETIRED,),
    ),
)

# Registrations too vague to approve: returned with a comment.
VAGUE = (
    (
        T(
            "other",
            "Thực hiện tốt nhiệm vụ được giao",
            "Hoàn thành tốt",
            "",
            None,
            (ANY,),
        ),
        "Nội dung còn chung chung, chưa gắn với công việc cụ thể; đề nghị đồng chí ghi rõ việc "
        "làm và kết quả đo được (số lượng, thời hạn).",
    ),
    (
        T(
            "ethics",
            "Học tập và làm theo Bác trong công việc hằng ngày",
            "Được mọi người ghi nhận",
            "Còn hạn chế",
            None,
            (ANY,),
        ),
        "Kết quả dự kiến chưa đo được; đề nghị bổ sung chỉ tiêu cụ thể, thời hạn hoàn thành và "
        "nêu rõ hạn chế cần khắc phục.",
    ),
)

COLLECTIVE_BY_SECTOR = {
    "magazine": T(
        "political_task",
        "Duy trì chuyên mục “Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh” trên "
        "tạp chí in và điện tử",
        "Mỗi số tạp chí có ít nhất 01 bài; tổng số ít nhất 24 bài trong năm",
        "Việc phát hiện, giới thiệu điển hình ở cơ sở còn ít",
        (12, 15),
        (ANY,),
    ),
    "television": T(
        "political_task",
        "Sản xuất chuyên đề truyền hình về gương người tốt, việc tốt trên địa bàn Thủ đô",
        "12 chuyên đề phát sóng trong năm (mỗi tháng 01 chuyên đề)",
        "Nội dung tuyên truyền chưa đa dạng về hình thức",
        (12, 15),
        (ANY,),
    ),
    "hospital": T(
        "work_style",
        "Thực hiện mô hình “Bệnh viện xanh – sạch – đẹp – thân thiện”",
        "Tỷ lệ người bệnh hài lòng trên 95%; 100% khoa, phòng đạt tiêu chí xanh – sạch – đẹp",
        "Khu vực chờ khám còn quá tải vào giờ cao điểm",
        (12, 15),
        (ANY,),
    ),
    "construction": T(
        "productivity",
        "Phong trào “Công trường an toàn, chất lượng, đúng tiến độ”",
        "Không để xảy ra tai nạn lao động; 100% công trình bàn giao đúng tiến độ",
        "Một số công trình còn chậm quyết toán",
        (12, 15),
        (ANY,),
    ),
    "bank": T(
        "work_style",
        "Mô hình “Giao dịch viên thân thiện”; đẩy mạnh chuyển đổi số trong giao dịch",
        "Tỷ lệ giao dịch trên kênh số đạt 80%; không có khiếu nại về thái độ phục vụ",
        "Thời gian chờ giao dịch tại quầy còn dài vào cuối tháng",
        (12, 15),
        (ANY,),
    ),
    "urban_services": T(
        "political_task",
        "Mô hình “Tuyến phố văn minh, sạch đẹp” phối hợp với các phường",
        "Thu gom trong ngày 100% rác thải sinh hoạt trên địa bàn phụ trách; 12 đợt ra quân tổng "
        "vệ sinh trong năm",
        "Còn điểm tập kết rác chưa bảo đảm mỹ quan",
        (12, 15),
        (ANY,),
    ),
    "publishing": T(
        "political_task",
        "Xuất bản tủ sách về Chủ tịch Hồ Chí Minh và gương người tốt, việc tốt",
        "Xuất bản ít nhất 05 đầu sách; giới thiệu sách tại 02 hội sách của Thủ đô",
        "Việc quảng bá sách trên nền tảng số còn hạn chế",
        (12, 15),
        (ANY,),
    ),
    "pharmacy": T(
        "work_style",
        "Bình ổn giá, bảo đảm cung ứng thuốc thiết yếu cho nhân dân",
        "Không để thiếu thuốc thiết yếu; 100% mặt hàng niêm yết giá công khai",
        "Hệ thống quản lý kho chưa kết nối với các nhà thuốc",
        (12, 15),
        (ANY,),
    ),
    "hotel": T(
        "work_style",
        "Xây dựng văn hóa ứng xử “Thanh lịch, văn minh” của người Hà Nội trong phục vụ du khách",
        "100% nhân viên được tập huấn quy tắc ứng xử; không có phản ánh của du khách",
        "Kỹ năng ngoại ngữ của nhân viên còn không đồng đều",
        (12, 15),
        (ANY,),
    ),
    "party_office": T(
        "advisory",
        "Đổi mới công tác tham mưu của Cơ quan Đảng ủy Khối; theo dõi bản đăng ký làm theo của "
        "các chi bộ trên phần mềm",
        "100% chi bộ trực thuộc gửi bản đăng ký và kết quả đánh giá qua phần mềm; báo cáo tổng "
        "hợp đúng hạn",
        "Việc tổng hợp số liệu từ cơ sở còn thủ công, chậm",
        (12, 15),
        (ANY,),
    ),
}
COLLECTIVE_DEFAULT = T(
    "leadership",
    "Nâng cao chất lượng sinh hoạt chi bộ; sinh hoạt chuyên đề hằng quý gắn với chuyên đề năm",
    "Sinh hoạt chi bộ định kỳ 12/12 kỳ, chuyên đề 04/04 buổi; 100% đảng viên đăng ký và thực "
    "hiện việc làm theo Bác",
    "Nội dung sinh hoạt có lúc còn đơn điệu, ít thảo luận",
    (12, 15),
    (ANY,),
)

PROGRESS = (
    "Sơ kết 6 tháng: đã thực hiện được khoảng {pct}% khối lượng đăng ký, đúng tiến độ đề ra.",
    "Đến hết quý II đã hoàn thành khoảng {pct}% phần việc; đang tiếp tục triển khai theo kế hoạch.",
    "Sơ kết giữa năm: kết quả đạt khoảng {pct}% chỉ tiêu; đã báo cáo tại sinh hoạt chi bộ tháng 7.",
)
SELF_ASSESSMENT = {
    "htxs": (
        "Hoàn thành vượt mức đăng ký: {result_lower}; cách làm được chi bộ ghi nhận, đề nghị "
        "nhân rộng."
    ),
    "htt": "Hoàn thành đầy đủ, đúng thời hạn: {result_lower}.",
    "ht": (
        "Hoàn thành cơ bản nội dung đăng ký nhưng còn chậm so với thời hạn; sẽ tiếp tục khắc "
        "phục trong năm tới."
    ),
    "kht": (
        "Chưa hoàn thành: mới đạt khoảng một nửa chỉ tiêu đăng ký; đã nhận khuyết điểm trước "
        "chi bộ và đăng ký biện pháp khắc phục."
    ),
}
EVALUATION_COMMENT = {
    "htxs": "Kết quả nổi bật, có sức lan tỏa; đề nghị biểu dương.",
    "htt": "Thực hiện nghiêm túc, đúng nội dung đã đăng ký.",
    "ht": "Cơ bản hoàn thành; cần chủ động hơn về tiến độ.",
    "kht": "Chưa đạt cam kết; đề nghị xây dựng kế hoạch khắc phục.",
}


def category(job_title: str) -> str:
    """The kind of work a job title names, to pick commitments that fit it."""
    title = job_title.lower()

    def has(*words):
        return any(word in title for word in words)

    if has("hưu trí"):
        return RETIRED
    if has("đảng ủy", "ban tổ chức", "ủy ban kiểm tra", "ban tuyên giáo"):
        return LEADER if has("bí thư") else PARTY
    if (
        title.startswith(("giám đốc", "phó giám đốc", "tổng", "phó tổng", "chủ nhiệm", "phó chủ"))
        and "xí nghiệp" not in title
    ):
        return LEADER
    if has("phóng viên", "biên tập viên", "họa sĩ", "quay phim", "thư ký tòa soạn"):
        return EDITORIAL
    if has("trưởng", "chánh", "giám đốc xí nghiệp", "kiểm soát viên"):
        return MANAGER
    if has("bác sĩ", "điều dưỡng", "hộ sinh", "dược sĩ", "xét nghiệm", "chẩn đoán"):
        return MEDICAL
    if has("kỹ sư", "kỹ thuật", "kiểm nghiệm", "giám sát thi công"):
        return TECHNICAL
    if has("kinh doanh", "khách hàng", "giao dịch", "trình dược", "lễ tân", "du lịch", "tour"):
        return CUSTOMER
    if has("nhà hàng", "buồng phòng", "phát hành"):
        return CUSTOMER
    if has("lái xe", "công nhân", "thợ"):
        return WORKER
    return OFFICE


def _sectors() -> dict[str, str]:
    """Unit code -> sector of the demo's workplaces (party groups take their cell's)."""
    from lamtheo.org.demo import UNITS

    sectors = {}

    def walk(spec, inherited):
        sector = inherited if spec.kind == UnitKind.GROUP else spec.sector
        sectors[spec.code] = sector
        for child in spec.children:
            walk(child, sector)

    walk(UNITS, "enterprise")
    return sectors


def _fill(template: Template, year: int, sector: str) -> dict:
    values = {
        "year": year,
        "prev": year - 1,
        "media": MEDIA.get(sector, "trên trang thông tin của đơn vị"),
        "workplace": WORKPLACE.get(sector, "Công ty"),
    }
    return {
        "content_area": template.area,
        "action": template.action.format(**values),
        "expected_result": template.result.format(**values),
        "shortcoming": template.shortcoming.format(**values),
        "due_on": D(year, *template.due) if template.due else None,
    }


# -- the plan --------------------------------------------------------------------------------


@dataclass
class Item:
    """One commitment in the story and the days it moves on."""

    owner: Person | None  # None: collective
    unit: Unit
    fields: dict
    status: str  # where it ends: submitted, returned, approved, self_assessed, evaluated
    registered_on: dt.date
    approved_on: dt.date | None = None
    progress_on: dt.date | None = None
    progress_text: str = ""
    assessed_on: dt.date | None = None
    proposed_rank: str = ""
    rank: str = ""
    evaluated_on: dt.date | None = None
    return_comment: str = ""
    commitment: Commitment | None = None


@dataclass
class Plan:
    items: list[Item] = field(default_factory=list)
    year_ranks: dict[int, str] = field(default_factory=dict)  # person id -> rank (2023)


def _day(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(low.toordinal(), high.toordinal()))


def _choose(rng, person_category: str, sector: str, count: int) -> list[Template]:
    """`count` distinct templates: one for the person's work, then general ones."""

    def fits(t: Template, cats) -> bool:
        return any(c in t.categories for c in cats) and (not t.sectors or sector in t.sectors)

    own = [t for t in TEMPLATES if fits(t, (person_category,))]
    general = [t for t in TEMPLATES if fits(t, (ANY,))]
    first = rng.choice(own or general)
    chosen = [first]
    while len(chosen) < count:
        pick = rng.choice(general)
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def _plan_2023(rng, people, sectors, unit_then, owners) -> Plan:
    spec = Y2023.windows
    plan = Plan()
    kht_left = 2
    planned: list[tuple[Person, str, list[Item]]] = []
    for person in people:
        if not rng.random() < (0.97 if person.is_member else 0.9):
            continue
        registered_on = _day(rng, spec["registration_opens"], D(2023, 3, 24))
        unit = unit_then(person, registered_on)
        sector = sectors.get(unit.code, "enterprise")
        count = 2 if rng.random() < 0.45 else 1
        draw = rng.random()
        if draw < 0.015 and kht_left:
            rank = "kht"
            kht_left -= 1
        elif draw < 0.13:
            rank = "ht"
        elif draw < 0.35:
            rank = "htxs"
        else:
            rank = "htt"
        items = []
        for template in _choose(rng, category(person.job_title), sector, count):
            approved = registered_on + dt.timedelta(days=rng.randint(2, 9))
            items.append(
                Item(
                    owner=person,
                    unit=unit,
                    fields=_fill(template, 2023, sector),
                    status="evaluated",
                    registered_on=registered_on,
                    approved_on=approved,
                    progress_on=_day(rng, D(2023, 7, 3), D(2023, 7, 20))
                    if rng.random() < 0.3
                    else None,
                    progress_text=rng.choice(PROGRESS).format(pct=rng.choice((45, 50, 55, 60))),
                    assessed_on=_day(rng, spec["self_assessment_opens"], D(2023, 12, 5)),
                    evaluated_on=_day(rng, D(2023, 12, 11), spec["evaluation_deadline"]),
                )
            )
        planned.append((person, rank, items))

    # At most 20 % of "tốt" may be "xuất sắc" in a unit (where the year result is recorded).
    by_unit = defaultdict(list)
    for person, rank, items in planned:
        by_unit[unit_then(person, items[0].evaluated_on).pk].append([person, rank, items])
    for entries in by_unit.values():
        good = sum(1 for e in entries if e[1] == "htt")
        excellent = [e for e in entries if e[1] == "htxs"]
        while len(excellent) > good // 5:
            demoted = excellent.pop()
            demoted[1] = "htt"
            good += 1
        for person, rank, items in entries:
            plan.year_ranks[person.pk] = rank
            # Quy định 124: the year's result is the lowest of the commitments' results.
            for n, item in enumerate(items):
                item.rank = rank if n == 0 or rank in ("htxs", "htt") else "htt"
                item.proposed_rank = "htt" if rank == "kht" else item.rank
                text = SELF_ASSESSMENT[item.rank]
                result = item.fields["expected_result"]
                item.fields["self_assessment"] = text.format(
                    result_lower=result[:1].lower() + result[1:]
                )
            plan.items.extend(items)
    plan.items.sort(key=lambda item: (item.registered_on, item.owner.code))
    return plan


def _plan_2026(rng, people, sectors, owners, dangvien) -> Plan:
    spec = Y2026.windows
    plan = Plan()
    me = getattr(dangvien, "pk", None)

    def in_cell(person, code):
        return person.unit.code == code or person.unit.code.startswith(code + "-")

    plain_people = [p for p in people if p.pk not in owners and p.pk != me]
    # Members of three cells who never registered (the last few of each, by code).
    skipped = set()
    for code, n in LATE_CELLS.items():
        members = [p for p in plain_people if in_cell(p, code) and p.is_member]
        skipped.update(p.pk for p in members[-n:])
    nncs = [p for p in plain_people if in_cell(p, NNCS) and p.pk not in skipped]
    waiting = {p.pk for p in rng.sample(nncs, min(4, len(nncs)))}
    others = [p for p in plain_people if not in_cell(p, NNCS) and p.pk not in skipped]
    returned = dict(
        zip(
            [rng.choice([p for p in nncs if p.pk not in waiting]).pk, rng.choice(others).pk],
            VAGUE,
            strict=True,
        )
    )
    for person in people:
        if person.pk in skipped:
            continue
        registered_on = _day(rng, spec["registration_opens"], D(2026, 3, 27))
        sector = sectors.get(person.unit.code, "enterprise")
        count = 1 if person.pk == me else 2 if rng.random() < 0.35 else 1
        templates = _choose(rng, category(person.job_title), sector, count)
        for n, template in enumerate(templates):
            item = Item(
                owner=person,
                unit=person.unit,
                fields=_fill(template, 2026, sector),
                status="approved",
                registered_on=registered_on,
            )
            if n == 0 and person.pk in waiting:
                item.status = "submitted"  # bithu's queue
                item.registered_on = _day(rng, D(2026, 3, 16), D(2026, 3, 31))
            elif n == 0 and person.pk in returned:
                template, comment = returned[person.pk]
                item.fields = _fill(template, 2026, sector)
                item.status = "returned"
                item.return_comment = comment
                item.approved_on = item.registered_on + dt.timedelta(days=rng.randint(2, 6))
            elif person.pk != me and rng.random() < 0.03:
                item.status = "submitted"  # the office's queue
            if item.status == "approved":
                item.approved_on = item.registered_on + dt.timedelta(days=rng.randint(2, 10))
                if rng.random() < 0.35:
                    item.progress_on = _day(rng, D(2026, 7, 6), D(2026, 7, 24))
                    item.progress_text = rng.choice(PROGRESS).format(
                        pct=rng.choice((45, 50, 55, 60, 65))
                    )
                if person.pk != me and rng.random() < 0.35:
                    item.status = "self_assessed"
                    item.assessed_on = _day(rng, spec["self_assessment_opens"], DATA_TODAY)
                    item.proposed_rank = rng.choices(("htxs", "htt", "ht"), (2, 7, 1))[0]
                    result = item.fields["expected_result"]
                    item.fields["self_assessment"] = SELF_ASSESSMENT[item.proposed_rank].format(
                        result_lower=result[:1].lower() + result[1:]
                    )
            plan.items.append(item)
    plan.items.sort(key=lambda item: (item.registered_on, item.owner.code))
    return plan


def _plan_collective(rng, year: int, codes, units, sectors, spec) -> list[Item]:
    items = []
    for code in codes:
        unit = units.get(code)
        if unit is None:
            continue
        template = COLLECTIVE_BY_SECTOR.get(sectors.get(code, ""), COLLECTIVE_DEFAULT)
        registered_on = _day(rng, spec["registration_opens"], D(year, 3, 20))
        item = Item(
            owner=None,
            unit=unit,
            fields=_fill(template, year, sectors.get(code, "enterprise")),
            status="evaluated" if year == 2023 else "approved",
            registered_on=registered_on,
            approved_on=registered_on + dt.timedelta(days=rng.randint(3, 12)),
        )
        if year == 2023:
            item.rank = rng.choices(("htxs", "htt"), (1, 3))[0]
            item.assessed_on = _day(rng, spec["self_assessment_opens"], D(2023, 12, 5))
            item.evaluated_on = _day(rng, D(2023, 12, 11), spec["evaluation_deadline"])
            result = item.fields["expected_result"]
            item.fields["self_assessment"] = SELF_ASSESSMENT[item.rank].format(
                result_lower=result[:1].lower() + result[1:]
            )
            item.proposed_rank = item.rank
        elif code == NNCS:
            item.status = "submitted"  # the office's queue: a cell's own registration
            item.approved_on = None
        items.append(item)
    return items


# -- writing it through the services ---------------------------------------------------------


@dataclass
class Result:
    programs: int = 0
    years: int = 0
    commitments: int = 0
    collective: int = 0
    evaluations: int = 0
    progress_notes: int = 0
    by_status: dict = field(default_factory=dict)

    @property
    def created_anything(self) -> bool:
        return bool(self.programs or self.years or self.commitments or self.evaluations)

    def summary(self) -> str:
        """One line for `load_demo` to print."""
        return _(
            "Programme: %(years)d years, %(commitments)d registrations (%(collective)d "
            "collective), %(evaluations)d year results and %(notes)d progress notes."
        ) % {
            "years": self.years,
            "commitments": self.commitments,
            "collective": self.collective,
            "evaluations": self.evaluations,
            "notes": self.progress_notes,
        }


class _Actors:
    """Who does what: a person's own account inside the windows, otherwise the cell
    secretary (bithu, for the Nghề nghiệp và Cuộc sống cell) or the office; never the owner
    for an approval; a collective registration is approved a level up (the office)."""

    def __init__(self, admin):
        users = {u.username: u for u in get_user_model().objects.filter(username__in=USERNAMES)}
        self.admin = admin
        self.office = users.get("vanphong", admin)
        self.secretary = users.get("bithu")
        self.owners = {
            p.pk: p.user
            for p in Person.objects.filter(user__isnull=False, user__in=users.values())
            .select_related("user")
            .order_by("pk")
        }
        nncs = Unit.objects.filter(code=NNCS).first()
        self.nncs_path = nncs.path if nncs else None

    def _reviewer(self, unit: Unit):
        if self.secretary and self.nncs_path and unit.path.startswith(self.nncs_path):
            return self.secretary
        return self.office

    def register(self, item: Item):
        if item.owner is not None and item.owner.pk in self.owners:
            return self.owners[item.owner.pk]
        return self._reviewer(item.unit)

    def review(self, item: Item):
        if item.owner is None:
            return self.office  # a level up
        reviewer = self._reviewer(item.owner.unit)
        if self.owners.get(item.owner.pk) == reviewer:
            reviewer = self.office
        if self.owners.get(item.owner.pk) == reviewer:
            reviewer = self.admin
        return reviewer


USERNAMES = ("admin", "vanphong", "bithu", "kiemtra", "dangvien")


def _write(item: Item, year: ProgramYear, actors: _Actors, result: Result) -> None:
    """Take one commitment as far as the story says, through the services."""
    by = actors.register(item)
    fields = {k: item.fields[k] for k in services.COMMITMENT_FIELDS}
    target = {"person": item.owner} if item.owner is not None else {"unit": item.unit}
    commitment = services.commitment_create(
        by=by, year=year, submit=True, today=item.registered_on, **target, **fields
    )
    reviewer = actors.review(item)
    if item.status == "returned":
        commitment = services.commitment_return(
            by=reviewer, commitment=commitment, version=None, comment=item.return_comment
        )
    elif item.status != "submitted":
        commitment = services.commitment_approve(by=reviewer, commitment=commitment, version=None)
        if item.progress_on:
            services.progress_add(by=by, commitment=commitment, text=item.progress_text)
            result.progress_notes += 1
            commitment.version += 1  # as progress_add saved it
        if item.assessed_on:
            # A collective commitment has no owner: the level above records its assessment.
            commitment = services.commitment_self_assess(
                by=by if item.owner is not None else reviewer,
                commitment=commitment,
                version=commitment.version,
                text=item.fields["self_assessment"],
                proposed_rank=item.proposed_rank,
                today=item.assessed_on,
            )
    item.commitment = commitment
    result.commitments += 1
    result.collective += item.owner is None


def _evaluate(items: list[Item], year: ProgramYear, plan: Plan, actors: _Actors, result: Result):
    for item in items:
        if item.rank:
            services.commitment_evaluate(
                by=actors.review(item),
                commitment=item.commitment,
                version=None,
                rank=item.rank,
                comment=EVALUATION_COMMENT[item.rank],
            )
    people = {item.owner.pk: item for item in items if item.owner is not None}
    # The quota counts "tốt" already recorded, so "xuất sắc" comes last.
    order = sorted(people, key=lambda pk: (plan.year_ranks[pk] == "htxs", people[pk].owner.code))
    for pk in order:
        item = people[pk]
        services.year_evaluate(
            by=actors.review(item),
            year=year,
            person=item.owner,
            rank=plan.year_ranks[pk],
            comment=EVALUATION_COMMENT[plan.year_ranks[pk]],
        )
        result.evaluations += 1


def _write_in_bulk(
    items: list[Item], year: ProgramYear, plan: Plan, actors: _Actors, result: Result
) -> None:
    """The rest of 2023, written at once with the rows the services would have written
    (registered, approved, progress, self-assessed, evaluated; the year's results). Taking
    some 500 commitments through five transitions each would make the demo load take
    twenty seconds; the rules were checked when the plan was made (windows, who approves,
    the 20 % quota, the lowest result under Quy định 124)."""
    S = CommitmentStatus
    commitments = []
    for item in items:
        versions = 6 if item.progress_on else 5  # created 1, then one per transition
        commitments.append(
            Commitment(
                year=year,
                kind=CommitmentKind.PERSONAL,
                person=item.owner,
                unit=item.unit,
                **{k: item.fields[k] for k in services.COMMITMENT_FIELDS},
                status=S.EVALUATED,
                version=versions,
                self_assessment=item.fields["self_assessment"],
                proposed_rank=item.proposed_rank,
                rank=item.rank,
                evaluation_comment=EVALUATION_COMMENT[item.rank],
                evaluated_by=actors.review(item),
            )
        )
    Commitment.objects.bulk_create(commitments, batch_size=500)
    events, notes = [], []
    for item, commitment in zip(items, commitments, strict=True):
        item.commitment = commitment
        by, reviewer = actors.register(item), actors.review(item)
        steps = [("created", S.DRAFT, by, ""), ("submitted", S.SUBMITTED, by, "")]
        steps.append(("approved", S.APPROVED, reviewer, ""))
        if item.progress_on:
            steps.append(("progress", S.APPROVED, by, item.progress_text))
            notes.append(ProgressNote(commitment=commitment, text=item.progress_text, author=by))
        steps.append(("self_assessed", S.SELF_ASSESSED, by, ""))
        steps.append(("evaluated", S.EVALUATED, reviewer, EVALUATION_COMMENT[item.rank]))
        events += [
            CommitmentEvent(commitment=commitment, action=a, status=st, actor=u, comment=c)
            for a, st, u, c in steps
        ]
    CommitmentEvent.objects.bulk_create(events, batch_size=500)
    ProgressNote.objects.bulk_create(notes, batch_size=500)
    people = {item.owner.pk: item for item in items}
    YearEvaluation.objects.bulk_create(
        [
            YearEvaluation(
                year=year,
                person=item.owner,
                unit=item.owner.unit,
                rank=plan.year_ranks[pk],
                comment=EVALUATION_COMMENT[plan.year_ranks[pk]],
                evaluated_by=actors.review(item),
            )
            for pk, item in people.items()
        ],
        batch_size=500,
    )
    result.commitments += len(commitments)
    result.progress_notes += len(notes)
    result.evaluations += len(people)


def _create_year(spec: YearSpec, program: Program, actors: _Actors, result: Result):
    year = services.year_create(
        by=actors.office, program=program, year=spec.year, theme=spec.theme, **spec.windows
    )
    if spec.scheme_name:
        # No service edits a scheme yet: the rules of a past year are data set once.
        RankingScheme.objects.filter(year=year).update(
            name=spec.scheme_name, uses_scores=spec.uses_scores
        )
    result.years += 1
    return services.year_advance(by=actors.office, year=year)


def load_programs(admin, seed: int = SEED) -> Result:
    """Write the demo programme and its two years; what already exists is left as it is."""
    result = Result()
    root = Unit.objects.filter(code=_root_code()).first()
    if root is None:
        return result
    actors = _Actors(admin)
    program = Program.objects.filter(unit=root, name=PROGRAM_NAME).first()
    if program is None:
        program = services.program_create(
            by=actors.office,
            unit=root,
            name=PROGRAM_NAME,
            start_year=2021,
            end_year=2026,
            basis=BASIS,
            term_theme=TERM_THEME,
        )
        result.programs += 1
    if program.years.exists():
        return result  # the story has been written (or someone has written their own)

    sectors = _sectors()
    people = list(
        Person.objects.in_subtree(root)
        .current()
        .filter(unit__closed_on__isnull=True)
        .select_related("unit")
        .order_by("code", "pk")
    )
    units = {u.code: u for u in Unit.objects.subtree_of(root)}
    unit_then = _unit_on(people, units)
    users = actors.owners
    dangvien = next(
        (p for p in people if users.get(p.pk) and users[p.pk].username == "dangvien"), None
    )
    rng = random.Random(f"lamtheo-programs:{seed}")

    # 2023: opened, filled, under evaluation, evaluated, closed. The demo users' cells and the
    # collective commitments go through every service; the other cells are written in bulk.
    year = _create_year(Y2023, program, actors, result)
    plan = _plan_2023(rng, people, sectors, unit_then, actors.owners)
    collective = _plan_collective(rng, 2023, COLLECTIVE_2023, units, sectors, Y2023.windows)
    step_by_step = [*collective] + [
        i for i in plan.items if i.owner.unit.code.startswith(STEP_BY_STEP_2023)
    ]
    in_bulk = [i for i in plan.items if i not in step_by_step]
    for item in step_by_step:
        _write(item, year, actors, result)
    year = services.year_advance(by=actors.office, year=year)  # under evaluation
    _evaluate(step_by_step, year, plan, actors, result)
    _write_in_bulk(in_bulk, year, plan, actors, result)
    year_2023 = services.year_advance(by=actors.office, year=year)  # closed

    # 2026: open, registered, partly approved and self-assessed; some late.
    year = _create_year(Y2026, program, actors, result)
    plan_2026 = _plan_2026(rng, people, sectors, actors.owners, dangvien)
    collective_2026 = _plan_collective(rng, 2026, COLLECTIVE_2026, units, sectors, Y2026.windows)
    for item in [*collective_2026, *plan_2026.items]:
        _write(item, year, actors, result)

    _date_the_story(
        program,
        {year_2023.pk: Y2023, year.pk: Y2026},
        [*collective, *plan.items, *collective_2026, *plan_2026.items],
        unit_then,
        rng,
    )
    result.by_status = dict(
        Counter(Commitment.objects.filter(year__program=program).values_list("status", flat=True))
    )
    return result


def _root_code() -> str:
    from lamtheo.org.demo import ROOT_CODE

    return ROOT_CODE


def _unit_on(people: list[Person], units: dict[str, Unit]):
    """unit_then(person, day): the unit a person was in on `day` (past periods included)."""
    by_pk = {u.pk: u for u in units.values()}
    periods = defaultdict(list)
    for membership in Membership.objects.filter(person__in=people).order_by("ended_on", "pk"):
        periods[membership.person_id].append(membership)

    def unit_then(person: Person, day: dt.date) -> Unit:
        for membership in periods.get(person.pk, ()):
            started = membership.started_on or dt.date.min
            if started <= day < membership.ended_on and membership.unit_id in by_pk:
                return by_pk[membership.unit_id]
        return person.unit

    return unit_then


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return dt.datetime.combine(day, dt.time(rng.randint(8, 16), rng.randint(0, 59)), tzinfo=tz)


def _update_rows(model, fields: list[str], rows: list[tuple]) -> None:
    """UPDATE model SET fields = values WHERE pk = ..., one statement run for every row
    (rows: (*values, pk)). Used only to date records back: `save()` and `bulk_update()` would
    stamp "now" (auto_now) or cost a second per thousand rows."""
    if not rows:
        return
    ops = connection.ops
    columns = [model._meta.get_field(name) for name in fields]
    sets = ", ".join(f"{ops.quote_name(f.column)} = %s" for f in columns)
    sql = (
        f"UPDATE {ops.quote_name(model._meta.db_table)} SET {sets} "
        f"WHERE {ops.quote_name(model._meta.pk.column)} = %s"
    )
    adapted = [
        tuple(ops.adapt_datetimefield_value(v) if isinstance(v, dt.datetime) else v for v in row)
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, adapted)


def _date_the_story(program, specs: dict[int, YearSpec], items: list[Item], unit_then, rng):
    """Stamp each record with the day it happened in the story (the services used "now"),
    and file 2023 records under the unit the person was in then."""
    program_at = _at(PROGRAM_CREATED, rng)
    Program.objects.filter(pk=program.pk).update(created_at=program_at, updated_at=program_at)
    for pk, spec in specs.items():
        last = spec.closed_on or spec.windows["registration_opens"]
        ProgramYear.objects.filter(pk=pk).update(
            created_at=_at(spec.created_on, rng), updated_at=_at(last, rng)
        )
        if spec.closed_on:  # filed under where people were when the year was evaluated
            evaluated = {i.owner.pk: i for i in items if i.owner and i.evaluated_on}
            rows = []
            for pk_, person_id in (
                YearEvaluation.objects.filter(year_id=pk)
                .order_by("pk")
                .values_list("pk", "person_id")
            ):
                item = evaluated[person_id]
                moment = _at(item.evaluated_on, rng)
                rows.append((moment, moment, unit_then(item.owner, item.evaluated_on).pk, pk_))
            _update_rows(YearEvaluation, ["created_at", "updated_at", "unit"], rows)

    rows, moments = [], {}
    for item in sorted(items, key=lambda i: i.commitment.pk):
        commitment = item.commitment
        days = {
            "submitted": item.registered_on,
            "approved": item.approved_on,
            "returned": item.approved_on if item.status == "returned" else None,
            "progress": item.progress_on,
            "self_assessed": item.assessed_on,
            "evaluated": item.evaluated_on if item.rank else None,
        }
        stamps = {action: _at(day, rng) for action, day in days.items() if day}
        if item.status in ("submitted", "returned"):
            stamps.pop("approved", None)
        stamps["created"] = stamps["submitted"] - dt.timedelta(minutes=rng.randint(5, 40))
        for action, moment in stamps.items():
            moments[(commitment.pk, action)] = moment
        rows.append(
            (
                stamps["created"],
                max(stamps.values()),
                stamps["submitted"],
                stamps.get("approved"),
                stamps.get("self_assessed"),
                stamps.get("evaluated"),
                item.unit.pk,  # 2023: where the person was then
                commitment.pk,
            )
        )
    _update_rows(
        Commitment,
        [
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
            "self_assessed_at",
            "evaluated_at",
            "unit",
        ],
        rows,
    )
    ids = [item.commitment.pk for item in items]
    events = CommitmentEvent.objects.filter(commitment_id__in=ids).order_by("pk")
    _update_rows(
        CommitmentEvent,
        ["at"],
        [
            (moments[(commitment_id, action)], pk)
            for pk, commitment_id, action in events.values_list("pk", "commitment_id", "action")
            if (commitment_id, action) in moments
        ],
    )
    notes = ProgressNote.objects.filter(commitment_id__in=ids).order_by("pk")
    _update_rows(
        ProgressNote,
        ["created_at"],
        [(moments[(c, "progress")], pk) for pk, c in notes.values_list("pk", "commitment_id")],
    )
