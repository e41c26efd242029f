"""The demo's programme (Kết luận 01-KL/TW, 2021–2026), its years and the commitments people write.

Templates of personal and collective commitments by kind of work and sector, with the progress
notes, self-assessments and evaluation comments the story uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
# Keyed by the commitment's outcome (its own scale: exceeded, met, not met).
SELF_ASSESSMENT = {
    "exceeded": (
        "Hoàn thành vượt mức đăng ký: {result_lower}; cách làm được chi bộ ghi nhận, đề nghị "
        "nhân rộng."
    ),
    "met": "Hoàn thành đầy đủ, đúng thời hạn: {result_lower}.",
    "late": (
        "Hoàn thành cơ bản nội dung đăng ký nhưng còn chậm so với thời hạn; sẽ tiếp tục khắc "
        "phục trong năm tới."
    ),
    "not_met": (
        "Chưa hoàn thành: mới đạt khoảng một nửa chỉ tiêu đăng ký; đã nhận khuyết điểm trước "
        "chi bộ và đăng ký biện pháp khắc phục."
    ),
}
EVALUATION_COMMENT = {
    "exceeded": "Kết quả nổi bật, có sức lan tỏa; đề nghị biểu dương.",
    "met": "Thực hiện nghiêm túc, đúng nội dung đã đăng ký.",
    "late": "Cơ bản hoàn thành; cần chủ động hơn về tiến độ.",
    "not_met": "Chưa đạt cam kết; đề nghị xây dựng kế hoạch khắc phục.",
}
