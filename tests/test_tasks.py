"""Task assembly (SPEC 4.1, 4.2) on plans built from real item wordings of the corpus.

Each case is a small plan: the header of a real Kế hoạch plus items whose wording comes
from shared/corpus (d03, d09, d15, d17, d20, d22, d26).  The expected values follow SPEC
and the gold files' conventions.
"""

from __future__ import annotations

import pytest

from pipeline.document import process_text
from pipeline.extract.subjects import clean_assignees
from pipeline.models import Agency, Assignee

HEADER = (
    "ỦY BAN NHÂN DÂN\nTỈNH ĐỒNG NAI\nSố: 12/KH-UBND\nĐồng Nai, ngày 20 tháng 11 năm 2025\n"
    "KẾ HOẠCH\nThực hiện công tác phòng, chống ma túy\n"
)


def tasks_of(body: str) -> dict[str, list[tuple[str, str]]]:
    """section id -> [(role, canonical name)] of the plan HEADER + body."""
    doc = process_text(HEADER + body)
    return {t.section: [(a.role, a.agency.name) for a in t.assignees] for t in doc.tasks}


CASES: list[tuple[str, str, dict[str, list[tuple[str, str]]]]] = [
    (
        "lead-in paragraph with its subject (d09)",
        "II. NỘI DUNG\n2. Các hoạt động chính\n"
        "Căn cứ tình hình thực tế, các cơ quan, đơn vị, địa phương phối hợp thực hiện các hoạt động sau:\n"
        "- Lồng ghép tổ chức Lễ phát động với hình thức phù hợp.\n"
        "- Tăng cường truyền thông về chủ đề của Tháng hành động.\n",
        {"II.2.-1": [("implement", "Các cơ quan, đơn vị, địa phương")],
         "II.2.-2": [("implement", "Các cơ quan, đơn vị, địa phương")]},
    ),
    (
        "agency heading with a duty tail (d17)",
        "III. TỔ CHỨC THỰC HIỆN\n1. Ủy ban nhân dân các xã, phường có quyền hạn và trách nhiệm:\n"
        "a) Thống nhất chỉ đạo thực hiện nhiệm vụ quản lý nhà nước trên địa bàn.\n"
        "b) Ban hành văn bản hướng dẫn việc tổ chức thi hành Kế hoạch.\n",
        {"III.1.a": [("implement", "Ủy ban nhân dân các xã, phường")],
         "III.1.b": [("implement", "Ủy ban nhân dân các xã, phường")]},
    ),
    (
        "targets under an item are not tasks (d03)",
        "II. NỘI DUNG\n1. Chỉ tiêu chủ yếu đến năm 2030\n"
        "1.1. Hàng năm, giảm số người nghiện ma túy trên địa bàn.\n"
        "1.2. Trên 80% số trạm y tế cấp xã đủ điều kiện xác định tình trạng nghiện.\n"
        "2. Tổ chức tuyên truyền phòng, chống ma túy trong trường học.\n",
        {"II.2": []},
    ),
    (
        "a member list overrides the heading's bodies (d20)",
        "III. TỔ CHỨC THỰC HIỆN\n2. Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ\n"
        "a) Tập trung chỉ đạo hoàn thành sửa đổi 485 văn bản quy phạm pháp luật.\n"
        "b) Các Bộ: Tài chính, Y tế, Tư pháp khẩn trương khắc phục các bất cập của Hệ thống thông tin.\n",
        {"III.2.a": [("implement", "Các Bộ"), ("implement", "Cơ quan ngang bộ")],
         "III.2.b": [("implement", "Bộ Tài chính"), ("implement", "Bộ Y tế"), ("implement", "Bộ Tư pháp")]},
    ),
    (
        "a numbered 'Nội dung:' item is a task, not a field (d22)",
        "II. NỘI DUNG, PHƯƠNG THỨC TỔ CHỨC\n"
        "1. Nội dung: Ban Thường trực Ủy ban MTTQ Việt Nam xã Lương Minh phối hợp với UBND xã tổ chức hội nghị "
        "lấy ý kiến cử tri nơi cư trú.\n",
        {"II.1": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã Lương Minh")]},
    ),
    (
        "an item's own lead-in names who does its bullets (d26)",
        "II. NỘI DUNG\n3. Ban Thường trực Ủy ban MTTQ Việt Nam xã tiếp nhận, phân loại, xử lý đơn thư như sau:\n"
        "- Khiếu nại về việc lập danh sách cử tri thì chuyển đến Ủy ban nhân dân xã giải quyết.\n"
        "- Tố cáo về người ứng cử thì chuyển đến Ủy ban bầu cử xã.\n",
        {"II.3": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã")],  # acts itself (d22, d26)
         "II.3.-1": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã")],
         "II.3.-2": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã")]},
    ),
    (
        "a nominal heading whose paragraph names the subject (d26)",
        "II. NỘI DUNG\n7. Công tác kiểm tra, giám sát\n"
        "Ban Thường trực Ủy ban MTTQ Việt Nam xã xây dựng kế hoạch và triển khai quy trình các bước để tổ chức "
        "kiểm tra, giám sát.\n",
        {"II.7": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã")]},
    ),
    (
        "a subject after a condition clause may be lower-case (d22)",
        "IV. GIẢI QUYẾT KHIẾU NẠI\n"
        "1. Đối với vụ việc ở nơi công tác thì cơ quan, tổ chức, đơn vị trực tiếp quản lý người ứng cử có trách "
        "nhiệm xác minh và trả lời bằng văn bản.\n",
        {"IV.1": [("implement", "Cơ quan, tổ chức, đơn vị trực tiếp quản lý người ứng cử")]},
    ),
    (
        "a field naming a lead and its partners, press included (d09)",
        "III. NỘI DUNG HOẠT ĐỘNG\n1. Nâng cao nhận thức về phòng ngừa bạo lực trên cơ sở giới\na) Hoạt động 1\n"
        "- Nội dung: Triển khai Tháng hành động và hưởng ứng Ngày Quốc tế.\n"
        "- Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành, đoàn thể Thành phố, Ủy ban nhân dân "
        "phường, xã, đặc khu, báo, đài và các đơn vị có liên quan.\n",
        {"III.1.a": [("lead", "Sở Nội vụ"), ("coordinate", "Các sở, ban, ngành, đoàn thể Thành phố"),
                     ("coordinate", "Ủy ban nhân dân phường, xã, đặc khu"), ("coordinate", "Báo, đài")]},
    ),
    (
        "a named partner before a generic one (field)",
        "II. NỘI DUNG\n1. Xây dựng cơ sở dữ liệu về người nghiện ma túy.\n"
        "- Cơ quan thực hiện: Sở Y tế chủ trì, phối hợp với Sở Tài chính và các đơn vị liên quan.\n",
        {"II.1": [("lead", "Sở Y tế"), ("coordinate", "Sở Tài chính")]},
    ),
    (
        "an action list inside a MỤC TIÊU part (d09)",
        "II. MỤC TIÊU CỦA KẾ HOẠCH\n1. Phấn đấu 100% xã, phường có tin, bài về bình đẳng giới.\n"
        "2. Tháng hành động\na) Thời gian: Từ ngày 15/11/2025 đến ngày 15/12/2025.\nb) Các hoạt động chính\n"
        "Căn cứ tình hình thực tế, các cơ quan, đơn vị, địa phương phối hợp thực hiện các hoạt động sau:\n"
        "- Lồng ghép tổ chức Lễ phát động với hình thức phù hợp.\n",
        {"II.2.b.-1": [("implement", "Các cơ quan, đơn vị, địa phương")]},
    ),
    (
        "bodies a lead-in directs carry out its items (d15, d11)",
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Giao Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ chỉ đạo các đơn vị kinh doanh hạ tầng khu chế "
        "xuất, khu, cụm công nghiệp có trách nhiệm:\n"
        "- Xây dựng giải pháp sử dụng nước tuần hoàn, tiết kiệm.\n",
        {"III.1": [("implement", "Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ")],
         "III.1.-1": [("implement", "Các đơn vị kinh doanh hạ tầng khu chế xuất, khu, cụm công nghiệp")]},
    ),
    (
        "lettered items with a dot marker (d26)",
        "III. TỔ CHỨC THỰC HIỆN\n1. Ban Thường trực Ủy ban MTTQ Việt Nam xã thực hiện chế độ báo cáo như sau:\n"
        "a. Báo cáo tình hình thực hiện việc hiệp thương giới thiệu người ứng cử.\n"
        "b. Báo cáo tổng kết công tác Mặt trận tham gia cuộc bầu cử.\n",
        {"III.1.a": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã")],  # the lead-in is no task
         "III.1.b": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã")]},
    ),
    (
        "an ask inside the predicate does not hide the subject (d26)",
        "II. NỘI DUNG\n1. Công tác khen thưởng\n"
        "- Kết thúc cuộc bầu cử, Ban Thường trực Ủy ban MTTQ Việt Nam xã tiến hành họp bình xét, lựa chọn các tập "
        "thể tiêu biểu để đề nghị Ủy ban MTTQ Việt Nam cấp trên khen thưởng.\n",
        {"II.1.-1": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam xã")]},
    ),
    (
        "an encouraged body is the assignee (d01)",
        "VI. TỔ CHỨC THỰC HIỆN\n"
        "1. Khuyến khích Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Đồng Nai chỉ đạo hệ thống tổ chức đoàn tham gia "
        "phổ cập kỹ năng số.\n"
        "2. Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực II: Chủ trì, phối hợp triển khai các nhiệm vụ.\n",
        {"VI.1": [("implement", "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Đồng Nai")],
         "VI.2": [("lead", "Ngân hàng Nhà nước Việt Nam - Chi nhánh Khu vực II")]},
    ),
    (
        "the agent of a passive item, its officers standing for the body (d25)",
        "II. NỘI DUNG\n1. Hội nghị cử tri nơi công tác\n"
        "a) Người ứng cử đang là Phó Chủ tịch Ủy ban nhân dân tỉnh thì việc tổ chức hội nghị lấy ý kiến cử tri nơi "
        "công tác do Ban lãnh đạo gồm người đứng đầu và cấp phó của người đứng đầu Văn phòng Ủy ban nhân dân tỉnh "
        "triệu tập và chủ trì hội nghị;\n"
        "b) Người ứng cử đang làm việc tại đơn vị sự nghiệp thì việc tổ chức hội nghị do người đứng đầu đơn vị, tổ "
        "chức phối hợp với Ban chấp hành Công đoàn (nếu có) triệu tập và chủ trì hội nghị;\n",
        {"II.1.a": [("implement", "Văn phòng Ủy ban nhân dân tỉnh")],
         "II.1.b": [("implement", "Đơn vị, tổ chức")]},
    ),
    (
        "the grounds an action rests on are not sub-tasks (d25)",
        "II. NỘI DUNG\n1. Hội nghị hiệp thương lần thứ hai\n"
        "a) Ủy ban bầu cử tỉnh thảo luận, lập danh sách sơ bộ những người ứng cử căn cứ vào các nội dung sau:\n"
        "- Tiêu chuẩn của đại biểu Quốc hội;\n- Kết quả thỏa thuận tại hội nghị hiệp thương lần thứ nhất.\n",
        {"II.1.a": [("implement", "Ủy ban bầu cử tỉnh")]},
    ),
    (
        "either officer of one body stands for the body (d25)",
        "II. NỘI DUNG\n1. Trưởng Ban hoặc Phó Trưởng Ban công tác Mặt trận chủ trì hội nghị cử tri, tuyên bố lý do.\n",
        {"II.1": [("implement", "Ban công tác Mặt trận")]},  # presiding a meeting is not the lead cue
    ),
    (
        "a short action label run into the subject of a lead-in (d23)",
        "IV. HÌNH THỨC KIỂM TRA, GIÁM SÁT\n"
        "1. Giám sát trực tiếp Ban Thường trực Ủy ban MTTQ xã và các thành viên thực hiện giám sát trực tiếp "
        "thông qua việc tham dự các hoạt động sau:\n"
        "- Tham dự các cuộc họp của Ủy ban Bầu cử xã, các Ban Bầu cử, Tổ bầu cử.\n",
        {"IV.1": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc xã"), ("implement", "Các thành viên")],
         "IV.1.-1": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc xã"), ("implement", "Các thành viên")]},
    ),
    (
        "a lower-case group subject after an opening clause beats the lead-in (d25)",
        "II. NỘI DUNG\n"
        "1. Các cơ quan, tổ chức, đơn vị được phân bổ số lượng người ứng cử thực hiện các bước sau:\n"
        "a) Tổ chức họp ban lãnh đạo mở rộng.\n"
        "b) Căn cứ vào kết quả của hội nghị ban lãnh đạo mở rộng, cơ quan, tổ chức, đơn vị có trách nhiệm hướng "
        "dẫn người ứng cử làm hồ sơ.\n"
        "c) Trường hợp người đứng đầu cơ quan là người ứng cử thì cấp phó của người đứng đầu cơ quan, tổ chức, đơn "
        "vị triệu tập và chủ trì hội nghị.\n",
        {"II.1.a": [("implement", "Các cơ quan, tổ chức, đơn vị được phân bổ số lượng người ứng cử")],
         "II.1.b": [("implement", "Cơ quan, tổ chức, đơn vị")],
         "II.1.c": [("implement", "Cơ quan, tổ chức, đơn vị")]},
    ),
    (
        "a time item of a part applies to the part's items (d12)",
        "II. NỘI DUNG THI ĐUA\n1. Chủ đề thi đua\n“Lập thành tích chào mừng Đại hội lần thứ XIV của Đảng”.\n"
        "2. Thời gian thực hiện: Từ tháng 10/2025 đến khi tổ chức thành công Đại hội Đại biểu toàn quốc lần thứ XIV.\n"
        "3. Nội dung thi đua\na) Tiếp tục nâng cao hiệu lực, hiệu quả quản lý nhà nước.\n",
        {"II.3.a": []},
    ),
    (
        "a nested lead-in naming another actor stops the outer lead-in (d25)",
        "II. NỘI DUNG\n1. Các cơ quan, tổ chức, đơn vị được phân bổ người ứng cử thực hiện các bước sau:\n"
        "a) Nội dung, trình tự hội nghị\n"
        "Người chủ trì hội nghị tuyên bố lí do. Người chủ trì có trách nhiệm sau đây:\n"
        "- Giới thiệu về mục đích, yêu cầu của hội nghị;\n"
        "b) Đại diện lãnh đạo cơ quan, tổ chức, đơn vị, chỉ huy đơn vị vũ trang nhân dân báo cáo tình hình.\n",
        {"II.1.a.-1": [],
         "II.1.b": [("implement", "Cơ quan, tổ chức, đơn vị"), ("implement", "Đơn vị vũ trang nhân dân")]},
    ),
    (
        "a generic group with its defined alias or relative clause is one subject (d17)",
        "II. NỘI DUNG\n"
        "1. Cơ quan, tổ chức, doanh nghiệp sử dụng lao động (sau đây gọi tắt là “đơn vị”) lập 01 bộ hồ sơ đề nghị.\n"
        "2. Cơ quan, tổ chức, cá nhân hưởng cơ chế, chính sách, biện pháp ưu đãi, hỗ trợ có trách nhiệm báo cáo "
        "kết quả thực hiện.\n",
        {"II.1": [("implement", "Cơ quan, tổ chức, doanh nghiệp sử dụng lao động")],
         "II.2": [("implement", "Cơ quan, tổ chức, cá nhân hưởng cơ chế, chính sách, biện pháp ưu đãi, hỗ trợ")]},
    ),
    (
        "what an inspection item checks is its content, not sub-tasks (d24)",
        "III. NỘI DUNG KIỂM TRA, GIÁM SÁT\n6. Giám sát việc lập, niêm yết danh sách những người ứng cử\n"
        "Giám sát việc lập, niêm yết danh sách những người ứng cử theo quy định. Cụ thể các nội dung:\n"
        "- Đảm bảo về số dư người ứng cử;\n- Việc giải quyết khiếu nại, tố cáo về người ứng cử.\n",
        {"III.6": []},
    ),
    (
        "lead cues: standing body, duty to lead; presiding over a meeting is not (d05, d17, d25)",
        "VI. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Khoa học và Công nghệ là cơ quan thường trực, chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch.\n"
        "2. Sở Tài chính có trách nhiệm chủ trì, tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí.\n"
        "3. Ban công tác Mặt trận chủ trì hội nghị cử tri, tuyên bố lý do.\n",
        {"VI.1": [("lead", "Sở Khoa học và Công nghệ")], "VI.2": [("lead", "Sở Tài chính")],
         "VI.3": [("implement", "Ban công tác Mặt trận")]},
    ),
    (
        "the meeting's chair stands for `Người chủ trì` (d22)",
        "III. TRÌNH TỰ TỔ CHỨC HỘI NGHỊ\n1. Triệu tập và chủ trì hội nghị\n"
        "- Ban Thường trực UBMTTQ xã phối hợp với UBND xã triệu tập (phát giấy mời) và chủ trì hội nghị.\n"
        "2. Trình tự tổ chức hội nghị\n"
        "2.1. Chủ trì tuyên bố lý do, giới thiệu đại biểu dự hội nghị. Người chủ trì có trách nhiệm sau đây:\n"
        "- Giới thiệu mục đích, yêu cầu của hội nghị;\n"
        "2.2. Người chủ trì hội nghị đọc danh sách người ứng cử.\n",
        {"III.1.-1": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc xã")],
         "III.2.1": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc xã")],
         "III.2.1.-1": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc xã")],
         "III.2.2": [("implement", "Ban Thường trực Ủy ban Mặt trận Tổ quốc xã")]},
    ),
    (
        "who attends is no task; a duty given in the list is (d27, d22)",
        "II. THÀNH PHẦN\n1. Dự tại điểm cầu Trụ sở Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương:\n"
        "- Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.\n"
        "- Đại diện các Vụ, cục, đơn vị tháp tùng lãnh đạo các Bộ, cơ quan dự Hội nghị.\n"
        "- Ủy ban nhân dân các tỉnh, thành phố chịu trách nhiệm kết nối đường truyền trực tuyến đến cấp xã.\n"
        "- Trưởng Ban Công tác Mặt trận thôn phối hợp với Trưởng thôn lập danh sách và mời cử tri đến dự.\n",
        {"II.1.-3": [("implement", "Ủy ban nhân dân các tỉnh, thành phố")],
         "II.1.-4": [("implement", "Ban Công tác Mặt trận thôn")]},
    ),
    (
        "rows of figures are not tasks (d20 appendix)",
        "II. NỘI DUNG\n1. Rà soát, cắt giảm thủ tục hành chính liên quan đến doanh nghiệp.\n"
        "2. 806 357 220 1.149 62,8 100\n",
        {"II.1": []},
    ),
]


@pytest.mark.parametrize(("name", "body", "expected"), CASES, ids=[c[0] for c in CASES])
def test_task_assembly(name: str, body: str, expected: dict[str, list[tuple[str, str]]]) -> None:
    assert tasks_of(body) == expected


@pytest.mark.parametrize(("text", "names_only"), [
    ("Phó Thủ tướng Chính phủ Lê Thành Long.", True),  # d27: attendees
    ("Lãnh đạo các Bộ: Công an, Quốc phòng, Ngoại giao, Tư pháp, Nội vụ.", True),
    ("Các Ủy ban: Quốc phòng, An ninh và Đối ngoại của Quốc hội, Văn hóa và Xã hội của Quốc hội.", True),
    ("Các cơ quan thuộc Chính phủ: Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam.", True),
    ("- Tòa án nhân dân tối cao.", True),
    ("Các Bộ: Tài chính, Y tế khẩn trương khắc phục các bất cập.", False),  # d20: members, then an action
    ("Bộ Y tế: Mời đại diện lãnh đạo một số đơn vị thuộc Bộ Y tế.", False),
    ("Tổ chức Hội nghị Ban Chấp hành Đảng bộ Tỉnh", False),
])
def test_only_names(text: str, names_only: bool) -> None:
    from pipeline.extract.tasks import _only_names

    assert _only_names(text) is names_only


def test_part_time_item_reaches_the_items_of_the_part() -> None:
    """SPEC 4.4: a time stated once for several items applies to all of them (d12 II.2 for II.3)."""
    doc = process_text(HEADER + "II. NỘI DUNG THI ĐUA\n"
                       "1. Thời gian thực hiện: Từ tháng 10/2025 đến khi tổ chức thành công Đại hội XIV.\n"
                       "2. Nội dung thi đua\na) Tiếp tục nâng cao hiệu lực quản lý nhà nước.\n"
                       "III. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ hướng dẫn thực hiện Kế hoạch.\n")
    deadlines = {t.section: t.deadline for t in doc.tasks}
    assert (deadlines["II.2.a"].kind, deadlines["II.2.a"].start, deadlines["II.2.a"].end) == ("period", "2025-10-01", None)
    assert deadlines["III.1"] is None  # another part


def test_duty_article_with_a_paragraph() -> None:
    """d31: `Điều 2. Chức năng, nhiệm vụ của X` over one paragraph is X's task."""
    text = (
        "THỦ TƯỚNG CHÍNH PHỦ\nSố: 932/QĐ-TTg\nHà Nội, ngày 15 tháng 5 năm 2025\nQUYẾT ĐỊNH\n"
        "Về việc phê duyệt danh sách thành viên của Tổ Công tác cải cách hành chính\n"
        "Điều 1. Phê duyệt thành viên Tổ Công tác cải cách hành chính.\n"
        "Điều 2. Chức năng, nhiệm vụ của Tổ Công tác cải cách hành chính\n"
        "Nghiên cứu, đề xuất với Chính phủ, Thủ tướng Chính phủ, Ban Chỉ đạo của Chính phủ triển khai các nhiệm vụ "
        "về cải cách hành chính trên phạm vi toàn quốc.\n"
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký ban hành.\n"
    ).replace("\n", "\n\n")  # paragraphs as the portal prints them
    tasks = process_text(text, fmt="md").tasks
    assert [(t.section, [a.agency.name for a in t.assignees]) for t in tasks] == [
        ("Điều 2", ["Tổ Công tác cải cách hành chính"])
    ]


def test_report_review_parts_are_not_tasks() -> None:
    """d32: a Báo cáo's review part names what was done; its forward part holds the tasks,
    and `NHIỆM VỤ ... NĂM 2026` dates them."""
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 329/BC-UBND\nLâm Đồng, ngày 19 tháng 12 năm 2025\nBÁO CÁO\n"
        "Công tác cải cách hành chính năm 2025\n"
        "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH\n"
        "1. Ủy ban nhân dân tỉnh đã ban hành Kế hoạch số 1163/KH-UBND ngày 05/8/2025 về kiểm tra.\n"
        "II. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM NĂM 2026\n"
        "1. Tập trung đẩy nhanh tiến độ giải ngân vốn đầu tư công.\n"
    ).replace("\n", "\n\n")
    doc = process_text(text, fmt="md")
    assert [(t.section, t.deadline.start if t.deadline else None) for t in doc.tasks] == [("II.1", "2026-01-01")]


def test_package_entry_point() -> None:
    import pipeline

    doc = pipeline.process_text(HEADER + "II. NỘI DUNG\n1. Sở Y tế chủ trì tổ chức tiêm chủng trong tháng 12/2025.\n")
    assert isinstance(doc, pipeline.Document)
    assert [(t.section, t.deadline.end) for t in doc.tasks] == [("II.1", "2025-12-31")]


def test_request_outside_the_outline_is_a_task() -> None:
    """d33, d29: a Tờ trình's request names who must act; the task has no section."""
    text = (
        "SỞ NỘI VỤ\nTỈNH LÂM ĐỒNG\nSố: 51/TTr-SNV\nLâm Đồng, ngày 19 tháng 01 năm 2026\nTỜ TRÌNH\n"
        "Về việc ban hành Kế hoạch kiểm tra công tác cải cách hành chính năm 2026\n"
        "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh.\n"
        "Thực hiện Kế hoạch số 9669/KH-UBND ngày 24/12/2025 của Ủy ban nhân dân tỉnh, Sở Nội vụ đã xây dựng dự thảo.\n"
        "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, ký ban hành Kế hoạch.\nNơi nhận:\n- Như trên;\n"
    ).replace("\n", "\n\n")
    tasks = process_text(text, fmt="md").tasks
    assert [(t.section, [a.agency.name for a in t.assignees]) for t in tasks] == [(None, ["Ủy ban nhân dân tỉnh"])]


def test_ocr_request_with_lost_marks() -> None:
    """d28 (OCR): `Kính đê nghị` still opens a request."""
    text = (
        "CÔNG AN TỈNH LÂM ĐỒNG\nSố: 409/TTr-CAT\nLâm Đồng, ngày 26 tháng 11 năm 2025\nTỜ TRÌNH\n"
        "Về việc thành lập hội đồng cấp tỉnh\n"
        "Công an tỉnh đã dự thảo Quyết định của Chủ tịch UBND tỉnh.\n"
        "Kính đê nghị Văn phòng Ủy ban nhân dân tỉnh thẩm định, trình Chủ tịch UBND tỉnh ký duyệt, ban hành.\n"
        "Nơi nhận:\n- Như trên;\n"
    ).replace("\n", "\n\n")
    tasks = process_text(text, fmt="md").tasks
    assert [(t.section, [a.agency.name for a in t.assignees]) for t in tasks] == [
        (None, ["Văn phòng Ủy ban nhân dân tỉnh"])
    ]


def test_closing_demand_is_not_a_task_of_the_last_item() -> None:
    """A Chỉ thị's closing `Yêu cầu Giám đốc các sở ... nghiêm túc triển khai thực hiện Chỉ thị này`
    printed after the last item is the document's closing formula (gold-dev d15)."""
    body = (
        "4. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tăng cường tuyên truyền, vận động Nhân dân.\n"
        "Yêu cầu Giám đốc các sở, Chủ tịch UBND các huyện nghiêm túc triển khai thực hiện Chỉ thị này./.\n"
    )
    doc = process_text(HEADER.replace("KẾ HOẠCH", "CHỈ THỊ").replace("12/KH-UBND", "08/CT-UBND") + body)
    assert [(t.section, [a.agency.name for a in t.assignees]) for t in doc.tasks] == [
        ("4", ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"])
    ]


def test_periodic_report_follows_the_schedule_it_points_to() -> None:
    """Seed 002 IV.1.đ: `Định kỳ báo cáo ... theo khoản 3, mục II Kế hoạch này` takes the cycle of II.3."""
    body = (
        "II. NHIỆM VỤ\n3. Tổ chức báo cáo kết quả thực hiện Nghị quyết\na) Cơ quan chủ trì: Sở Nội vụ.\n"
        "b) Thời gian thực hiện: báo cáo 6 tháng trước ngày 10/6, báo cáo năm trước ngày 15/11 hằng năm.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Các sở, ban, ngành\na) Định kỳ báo cáo kết quả thực hiện Nghị quyết theo khoản 3, mục II "
        "Kế hoạch này.\n"
    )
    doc = process_text(HEADER + body)
    report = next(t for t in doc.tasks if t.section == "III.1.a")
    assert (report.deadline.kind, report.deadline.freq) == ("recurring", "P6M")


def test_helpers_field_keeps_the_items_own_subject() -> None:
    """Seed 004 II.4: a `Cơ quan tham mưu, hướng dẫn` field names helpers; the item's subject acts."""
    body = ("II. NHIỆM VỤ\n4. Ban Chỉ đạo thực hiện QCDC ở cơ sở các cấp chủ động rà soát, kiện toàn Ban Chỉ đạo.\n"
            "- Cơ quan tham mưu, hướng dẫn: Ban Dân vận Thành ủy.\n")
    task = next(t for t in process_text(HEADER + body).tasks if t.section == "II.4")
    assert [(a.role, a.agency.name) for a in task.assignees] == [
        ("implement", "Ban Chỉ đạo thực hiện QCDC ở cơ sở các cấp"),  # QCDC is not defined in this text
        ("advise", "Ban Dân vận Thành ủy"),
        ("guide", "Ban Dân vận Thành ủy"),
    ]


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("Ủy ban Mặt trận Tổ quốc Việt Nam thành phố và các", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố"),
        ("Các cơ quan quản lý các lĩnh vực trọng điểm tại điểm d, khoản 1, mục III",
         "Các cơ quan quản lý các lĩnh vực trọng điểm"),  # d01: a pointer into the document
        ("Sở Y tế và các đơn vị liên quan", "Sở Y tế"),
    ],
)
def test_clean_assignees_cuts_dangling_words_and_pointers(printed: str, name: str) -> None:
    (cleaned,) = clean_assignees([Assignee("implement", Agency(printed, printed, False))])
    assert cleaned.agency.name == name
