"""Agency phrasings and roles, one real phrase a line: phrase in, (name, canonical, role) out."""

from __future__ import annotations

import pytest

from extractor.recognize.agencies import find_agencies
from extractor.recognize.roles import assign_roles

U = "Ủy ban nhân dân"

# phrase -> [(name, role)] of the agencies that get a role, in order
ROLE_CASES = [
    # the Party secretaries' title before the committee's chairmen, joined by "và" as by ";": the
    # provinces' Party committees and people's committees both lead
    ("Bí thư tỉnh ủy, thành ủy và Chủ tịch Ủy ban nhân dân các tỉnh, thành phố nêu trên chỉ đạo",
     [("Ủy ban nhân dân các tỉnh, thành phố nêu trên", "lead"), ("Tỉnh ủy, thành ủy các tỉnh, thành phố nêu trên", "lead")]),
    # a list of subjects that tells what was done assigns none of them; the order after it does
    ("Chính phủ, Thủ tướng Chính phủ đã ban hành nhiều văn bản chỉ đạo. Yêu cầu Bộ Công an khẩn trương thực hiện.",
     [("Bộ Công an", "lead")]),
    ("Bộ Chính trị, Ban Bí thư đã tập trung lãnh đạo; các địa phương khẩn trương khắc phục hậu quả.",
     [("các địa phương", "lead")]),
    # the last of a list of subjects shares the list's role; "ban hành" after a name alone is the issuer's act
    ("Sở Tài chính, các Sở quản lý ngành, lĩnh vực cấp tỉnh và Ủy ban nhân dân xã, phường ban hành kế hoạch kiểm tra",
     [("Sở Tài chính", "lead"), ("các Sở quản lý ngành, lĩnh vực cấp tỉnh", "lead"),
      ("Ủy ban nhân dân xã, phường", "lead")]),
    # a list of subjects that must act still leads
    ("Sở Tài chính, Sở Nội vụ chủ trì triển khai.", [("Sở Tài chính", "lead"), ("Sở Nội vụ", "lead")]),
    # a commune's civil servant by office is an assignee
    ("Công chức Địa chính - Xây dựng chủ trì, phối hợp với Chi cục Thuế",
     [("Công chức Địa chính - Xây dựng", "lead"), ("Chi cục Thuế", "support")]),
    # "&" written for "và" inside a domain's name
    ("Giao phòng Tài nguyên & Môi trường phối hợp với UBND các xã thực hiện",
     [("phòng Tài nguyên & Môi trường", "lead"), ("UBND các xã", "support")]),
    # a title before the bare "Bộ trưởng" is the same people's: the list keeps its role
    ("Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang bộ, Chủ tịch Ủy ban nhân dân các tỉnh phải phát huy vai trò",
     [("các Bộ", "lead"), ("cơ quan ngang bộ", "lead"), ("Ủy ban nhân dân các tỉnh", "lead")]),
    # the communes and wards as bodies keep a list of assignees together
    ("các tổ chức chính trị - xã hội, các xã, phường, các doanh nghiệp triển khai Đợt thi đua",
     [("các tổ chức chính trị - xã hội", "lead"), ("các xã, phường", "lead"), ("các doanh nghiệp", "lead")]),
    # a committee's list of communes or wards, after "các" or a count
    ("12. Ủy ban nhân dân các xã: Gia Thuận, Tân Điền chủ trì",
     [("Ủy ban nhân dân xã Gia Thuận", "lead"), ("Ủy ban nhân dân xã Tân Điền", "lead")]),
    ("phối hợp với Ủy ban nhân dân 04 xã: Gia Thuận, Tân Điền triển khai",
     [("Ủy ban nhân dân xã Gia Thuận", "support"), ("Ủy ban nhân dân xã Tân Điền", "support")]),
    # institutions a plan assigns as a class
    ("Phối hợp với các viện nghiên cứu để phát triển", [("các viện nghiên cứu", "support")]),
    ("Chủ đầu tư phối hợp chặt chẽ với các nhà thầu", [("Chủ đầu tư", "lead"), ("các nhà thầu", "support")]),
    # a head with its name ends a collective list: it is the next body
    ("Phối hợp với các cơ quan Trung ương, Bộ Tài chính tổ chức",
     [("các cơ quan Trung ương", "support"), ("Bộ Tài chính", "support")]),
    ("phối hợp với các sở, ngành, Sở Tài chính", [("các sở, ngành", "support"), ("Sở Tài chính", "support")]),
    ("các Sở, Ban, Ngành Tỉnh chủ trì", [("các Sở, Ban, Ngành Tỉnh", "lead")]),
    # places singled out of a plural committee are committees of their own, every head repeated
    (("Bí thư, Chủ tịch Ủy ban nhân dân các tỉnh khu vực Trung Bộ, nhất là các tỉnh: Khánh Hòa, Gia Lai tiếp tục "
      "tập trung chỉ đạo"),
     [("Ủy ban nhân dân các tỉnh khu vực Trung Bộ", "lead"), ("Tỉnh ủy các tỉnh khu vực Trung Bộ", "lead"),
      ("Ủy ban nhân dân tỉnh Khánh Hòa", "lead"), ("Tỉnh ủy Khánh Hòa", "lead"),
      ("Ủy ban nhân dân tỉnh Gia Lai", "lead"), ("Tỉnh ủy Gia Lai", "lead")]),
    ("phối hợp với Ủy ban nhân dân các tỉnh ven biển, đặc biệt là các tỉnh: Quảng Ngãi, Gia Lai để sơ tán",
     [("Ủy ban nhân dân các tỉnh ven biển", "support"), ("Ủy ban nhân dân tỉnh Quảng Ngãi", "support"),
      ("Ủy ban nhân dân tỉnh Gia Lai", "support")]),
    # a relative clause that says which units are meant stays in the name, up to the clause's verb
    ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố tại khu vực dự báo xảy ra mưa, lũ tập trung lãnh đạo",
     [("Ủy ban nhân dân các tỉnh, thành phố tại khu vực dự báo xảy ra mưa, lũ", "lead")]),
    ("Ủy ban nhân dân các địa phương có nông sản xuất khẩu qua biên giới thường xuyên cập nhật thông tin",
     [("Ủy ban nhân dân các địa phương có nông sản xuất khẩu qua biên giới", "lead")]),
    ("Ủy ban nhân dân các tỉnh, thành phố có trách nhiệm báo cáo", [("Ủy ban nhân dân các tỉnh, thành phố", "lead")]),
    ("UBND các xã có đông đồng bào dân tộc thiểu số sinh sống", [("UBND các xã", "lead")]),
    # a plural head's colon list names some bodies in full and some by domain, the head understood
    ("Chủ trì, phối hợp với các bộ, cơ quan: Công an, Văn phòng Chính phủ, Văn phòng Trung ương Đảng để rà soát",
     [("Bộ Công an", "support"), ("Văn phòng Chính phủ", "support"), ("Văn phòng Trung ương Đảng", "support")]),
    ("Giao các Bộ, cơ quan: Văn phòng Chính phủ, Nội vụ nghiên cứu, đề xuất",
     [("Văn phòng Chính phủ", "lead"), ("Bộ Nội vụ", "lead")]),
    ("giao các sở: Tài chính, Xây dựng hướng dẫn", [("Sở Tài chính", "lead"), ("Sở Xây dựng", "lead")]),
    # a bare "Bộ trưởng," before another title names every ministry; a titled collective that repeats
    # its head is one body per part; restrictive tails stay in plural names
    (("yêu cầu Bộ trưởng, Thủ trưởng cơ quan ngang bộ, cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các "
     "tỉnh, thành phố trực thuộc Trung ương tập trung hoàn thành ngay"),
     [("các Bộ", "lead"), ("cơ quan ngang bộ", "lead"), ("cơ quan thuộc Chính phủ", "lead"),
      ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "lead")]),
    ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng tập trung chỉ đạo",
     [("Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Lâm Đồng", "lead")]),
    ("Chủ tịch Ủy ban nhân dân các tỉnh, thành phố ven biển từ Đà Nẵng đến Lâm Đồng tổ chức theo dõi",
     [("Ủy ban nhân dân các tỉnh, thành phố ven biển từ Đà Nẵng đến Lâm Đồng", "lead")]),
    # a named list, then bodies nobody names: the named part supports, the rest is boilerplate
    ("Sở Y tế chủ trì, phối hợp với các sở, ban, ngành, đoàn thể Thành phố và các đơn vị có liên quan",
     [("Sở Y tế", "lead"), ("các sở, ban, ngành, đoàn thể Thành phố", "support")]),
    ("Bộ Tài chính chủ trì, phối hợp với các Bộ, cơ quan liên quan và các địa phương:",
     [("Bộ Tài chính", "lead"), ("các địa phương", "support")]),
    # a named body after "khuyến khích" leads; a collective after it is whom a policy favours
    ("Khuyến khích Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh tuyên truyền, vận động hội viên",
     [("Liên đoàn Lao động tỉnh", "lead"), ("Hội Nông dân tỉnh", "lead")]),
    # bodies singled out of a list keep the list's role
    (("yêu cầu Chủ tịch Ủy ban nhân dân tỉnh Khánh Hòa và lãnh đạo các Bộ, ngành, nhất là các Bộ: Quốc phòng, "
      "Công an theo chức năng"),
     [("Ủy ban nhân dân tỉnh Khánh Hòa", "lead"), ("các Bộ, ngành", "lead"), ("Bộ Quốc phòng", "lead"),
      ("Bộ Công an", "lead")]),
    ("Thủ trưởng các sở, ban, ngành và Ủy ban nhân dân các xã tổ chức thực hiện",
     [("các sở, ban, ngành", "lead"), ("Ủy ban nhân dân các xã", "lead")]),
    ("Chánh Văn phòng Ban Chỉ huy phòng thủ dân sự tỉnh theo dõi sát diễn biến",
     [("Văn phòng Ban Chỉ huy phòng thủ dân sự tỉnh", "lead")]),
    ("Thống đốc Ngân hàng Nhà nước Việt Nam chỉ đạo các ngân hàng", [("Ngân hàng Nhà nước Việt Nam", "lead")]),
    ("Tổng Thanh tra Chính phủ chỉ đạo thanh tra", [("Thanh tra Chính phủ", "lead")]),
    # "Bí thư, Chủ tịch UBND các tỉnh …": the provinces' party committees and people's committees
    ("Bí thư, Chủ tịch Ủy ban nhân dân các tỉnh khu vực Trung Bộ tiếp tục tập trung chỉ đạo",
     [("Ủy ban nhân dân các tỉnh khu vực Trung Bộ", "lead"), ("Tỉnh ủy các tỉnh khu vực Trung Bộ", "lead")]),
    ("Bí thư tỉnh ủy, thành ủy; Chủ tịch Ủy ban nhân dân các tỉnh, thành phố ven biển chỉ đạo",
     [("Ủy ban nhân dân các tỉnh, thành phố ven biển", "lead"),
      ("Tỉnh ủy, thành ủy các tỉnh, thành phố ven biển", "lead")]),
    ("Chủ tịch Ủy ban nhân dân tỉnh Gia Lai, Bí thư Đảng ủy xã chỉ đạo", [("Ủy ban nhân dân tỉnh Gia Lai", "lead")]),
    # a province as the subject of what it must do (notices of a working visit)
    (("Để tiếp tục tháo gỡ các khó khăn, đạt mục tiêu tăng trưởng của Tỉnh, tỉnh Đắk Lắk cần tiếp tục thực "
     "hiện quyết liệt các chủ trương"), [("tỉnh Đắk Lắk", "lead")]),
    ("Tỉnh cần tập trung lãnh đạo, chỉ đạo, có kịch bản điều hành cụ thể", [("Tỉnh", "lead")]),
    ("phối hợp với cơ quan chức năng của Bộ Nông nghiệp và Môi trường theo dõi sát diễn biến",
     [("Bộ Nông nghiệp và Môi trường", "support")]),
    ("Giao Sở Nội vụ chủ trì, phối hợp với Văn phòng UBND tỉnh theo dõi, đôn đốc",
     [("Sở Nội vụ", "lead"), ("Văn phòng UBND tỉnh", "support")]),
    ("UBND tỉnh yêu cầu các sở, ngành tỉnh, UBND cấp huyện, cấp xã tích cực phát huy",
     [("các sở, ngành tỉnh", "lead"), ("UBND cấp huyện", "lead"), ("UBND cấp xã", "lead")]),
    ("Thủ trưởng các sở, ngành tỉnh, Chủ tịch UBND cấp huyện trực tiếp lãnh đạo, chịu trách nhiệm trước UBND tỉnh",
     [("các sở, ngành tỉnh", "lead"), ("UBND cấp huyện", "lead")]),
    ("Giao Văn phòng UBND tỉnh, Sở Thông tin và Truyền thông thường xuyên kiểm tra, rà soát tham mưu UBND tỉnh",
     [("Văn phòng UBND tỉnh", "lead"), ("Sở Thông tin và Truyền thông", "lead")]),
    ("Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với các Bộ: Tài chính, Tư pháp, Nội vụ",
     [("Bộ Kế hoạch và Đầu tư", "lead"), ("Bộ Tài chính", "support"), ("Bộ Tư pháp", "support"), ("Bộ Nội vụ", "support")]),
    ("Bộ Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Bộ Lao động - Thương binh và Xã hội nghiên cứu",
     [("Bộ Văn hóa, Thể thao và Du lịch", "lead"), ("Bộ Lao động - Thương binh và Xã hội", "support")]),
    ("yêu cầu Giám đốc, Thủ trưởng cơ quan đơn vị, Chủ tịch UBND quận, huyện phải tham dự",
     [("cơ quan đơn vị", "lead"), ("UBND quận, huyện", "lead")]),
    ("Xây dựng kế hoạch khắc phục gửi UBND tỉnh (thông qua Sở Nội vụ để theo dõi tổng hợp)",
     [("UBND tỉnh", "report_to"), ("Sở Nội vụ", "report_to")]),
    ("Trên cơ sở kết quả Chỉ số CCHC đã được công bố, cơ quan, đơn vị địa phương nhanh chóng triển khai",
     [("cơ quan, đơn vị địa phương", "lead")]),
    ("Tham mưu đề xuất Chủ tịch UBND tỉnh cùng các Sở, ngành, địa phương tổ chức một số cuộc họp",
     [("các Sở, ngành, địa phương", "support")]),
    ("Chỉ đạo các cơ quan, đơn vị có liên quan và UBND cấp xã rà soát thực hiện công khai", []),
    ("Giao Trung tâm Y tế huyện (Cơ quan Thường trực Ban Chỉ đạo Chăm sóc sức khỏe nhân dân huyện) chủ trì",
     [("Trung tâm Y tế huyện", "lead")]),
    ("Kết quả báo cáo Bộ Tài nguyên và Môi trường, Chủ tịch UBND tỉnh trước ngày 15/4/2013.",
     [("Bộ Tài nguyên và Môi trường", "report_to"), ("UBND tỉnh", "report_to")]),
    ("Định kỳ hàng tháng, Chủ tịch UBND các huyện, thị xã, thành phố bố trí thời gian làm việc",
     [("UBND các huyện, thị xã, thành phố", "lead")]),
    ("Giao Giám đốc Sở Nội vụ phối hợp với Giám đốc Sở Thông tin và Truyền thông cùng với các cơ quan, đơn vị có liên quan tham mưu UBND thành phố",
     [("Sở Nội vụ", "lead"), ("Sở Thông tin và Truyền thông", "support"), ("các cơ quan, đơn vị có liên quan", "support")]),
    ("Đề nghị thành viên Ban Chỉ đạo Chăm sóc sức khỏe nhân dân huyện tham gia chỉ đạo thực hiện",
     [("Ban Chỉ đạo Chăm sóc sức khỏe nhân dân huyện", "lead")]),
    ("Sở Giáo dục và Đào tạo yêu cầu trưởng phòng Giáo dục và Đào tạo các huyện/thành phố, thủ trưởng các đơn vị trực thuộc Sở triển khai",
     [("phòng Giáo dục và Đào tạo các huyện/thành phố", "lead"), ("các đơn vị trực thuộc Sở", "lead")]),
    ("Phối hợp với ngành y tế tại địa phương triển khai thực hiện tốt các biện pháp",
     [("ngành y tế tại địa phương", "support")]),
    ("UBND tỉnh yêu cầu các Sở, Ban, ngành, các hội, đoàn thể, đơn vị lực lượng vũ trang cấp tỉnh, Ủy ban nhân dân các huyện, thành phố theo chức năng",
     [("các Sở, Ban, ngành, các hội, đoàn thể, đơn vị lực lượng vũ trang cấp tỉnh", "lead"), ("Ủy ban nhân dân các huyện, thành phố", "lead")]),
    ("Chủ tịch UBND tỉnh yêu cầu các cấp, các ngành tập trung lãnh đạo, chỉ đạo quyết liệt",
     [("các cấp, các ngành", "lead")]),
    ("Sở Tài chính chủ trì, phối hợp với Sở KH&ĐT, Kho bạc Nhà nước tỉnh, Cục Thuế tỉnh rà soát",
     [("Sở Tài chính", "lead"), ("Sở KH&ĐT", "support"), ("Kho bạc Nhà nước tỉnh", "support"), ("Cục Thuế tỉnh", "support")]),
    ("Công an tỉnh chủ trì, phối hợp với Bộ Chỉ huy Quân sự tỉnh, BHXH tỉnh bảo đảm an ninh",
     [("Công an tỉnh", "lead"), ("Bộ Chỉ huy Quân sự tỉnh", "support"), ("BHXH tỉnh", "support")]),
    ("Sở Y tế chủ trì, phối hợp với các cơ quan liên quan tăng cường công tác thanh tra",
     [("Sở Y tế", "lead")]),
    ("Giao Ban Quản lý các khu công nghiệp chủ trì, phối hợp với UBND thành phố Tân An kiểm tra",
     [("Ban Quản lý các khu công nghiệp", "lead"), ("UBND thành phố Tân An", "support")]),
    ("Đối với thành viên Đoàn Kiểm tra CCHC thành phố:", [("Đoàn Kiểm tra CCHC thành phố", "lead")]),
    ("Người đứng đầu các cơ quan, đơn vị, địa phương căn cứ kết quả báo cáo phân tích",
     [("các cơ quan, đơn vị, địa phương", "lead")]),
    ("Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh phối hợp tuyên truyền",
     [("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "lead"), ("các tổ chức chính trị - xã hội tỉnh", "lead")]),
    ("UBND huyện Châu Thành báo cáo kết quả về Sở Nông nghiệp và Phát triển nông thôn",
     [("UBND huyện Châu Thành", "lead")]),
    ("Sở LĐ-TB&XH chủ trì, phối hợp Sở TN&MT, Sở GD&ĐT triển khai", 
     [("Sở LĐ-TB&XH", "lead"), ("Sở TN&MT", "support"), ("Sở GD&ĐT", "support")]),
    # an opener's phrase with commas of its own before the subject; the verb after the name is no part of it
    (("căn cứ vào phương hướng, nhiệm vụ, mục tiêu đã nêu trong Báo cáo, Văn phòng Trung ương Đảng và các văn phòng "
     "tỉnh ủy, thành ủy cụ thể hóa để tổ chức thực hiện"),
     [("Văn phòng Trung ương Đảng", "lead"), ("các văn phòng tỉnh ủy, thành ủy", "lead")]),
    ("Trên cơ sở kết quả rà soát, đánh giá, Sở Tài chính tổng hợp báo cáo", [("Sở Tài chính", "lead")]),
    # a collective that belongs to a district or city
    ("Thủ trưởng các phòng, ban, đơn vị thuộc quận chủ động rà soát", [("các phòng, ban, đơn vị thuộc quận", "lead")]),
    # right after a role's cue a list of units needs no "các"
    ("Chủ trì, phối hợp với sở, ban, ngành, UBND xã, phường triển khai",
     [("sở, ban, ngành", "support"), ("UBND xã, phường", "support")]),
    ("Phối hợp với doanh nghiệp, viện nghiên cứu, trường đại học triển khai",
     [("doanh nghiệp, viện nghiên cứu, trường đại học", "support")]),
    ("yêu cầu cấp ủy, tổ chức đảng, chính quyền, đoàn thể các cấp tập trung thực hiện",
     [("cấp ủy, tổ chức đảng, chính quyền, đoàn thể các cấp", "lead")]),
    # the subject after an opener's long phrase may be a list of names
    (("Để nâng cao hiệu lực, hiệu quả quản lý nhà nước về đầu tư, tăng cường công tác giám sát, các Sở, ngành, "
      "UBND cấp xã và các đơn vị có liên quan triển khai thực hiện những nội dung sau:"),
     [("các Sở, ngành", "lead"), ("UBND cấp xã", "lead")]),
    # a name inside the opener's phrase is no subject; nor is one after the clause's first
    (("Để nâng cao Chỉ số CCHC của sở, ban ngành thành phố, UBND quận, huyện, góp phần nâng cao Chỉ số CCHC, "
     "yêu cầu người đứng đầu các cơ quan, đơn vị, địa phương tập trung thực hiện"),
     [("các cơ quan, đơn vị, địa phương", "lead")]),
]

# phrases where no agency has a role (issuers, objects, citations, meetings)
NO_ROLE = [
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch triển khai thực hiện",
    # the e-portal where news is posted is no assignee
    "Đăng tải thông tin trên Cổng thông tin điện tử tỉnh",
    "Bộ Chính trị, Chính phủ vừa chỉ đạo quyết liệt công tác ứng phó",
    "Khuyến khích các doanh nghiệp đầu tư hạ tầng số",
    # a unit word alone names no one
    "Cơ quan tiếp nhận văn bản kê khai giá có trách nhiệm kiểm tra",
    "Thiết lập chuyên trang kinh tế số để các cơ quan cung cấp thông tin",
    "Các cơ quan, đơn vị được giao chủ trì có trách nhiệm báo cáo kết quả",
    "UBND tỉnh yêu cầu thực hiện nghiêm túc các nội dung trên",
    "Tham mưu UBND tỉnh ban hành Kế hoạch khắc phục những tồn tại",
    "xử lý trách nhiệm của các cơ quan, đơn vị, địa phương không thực hiện đầy đủ",
    "căn cứ kết quả báo cáo phân tích và nhiệm vụ được giao cho cơ quan, đơn vị mình",
    "Hướng dẫn, kiểm tra các cơ quan, đơn vị, địa phương trong việc tổ chức thực hiện",
    "theo yêu cầu của Bộ Tài nguyên và Môi trường tại Công văn số 1017/BTNMT-TCMT",
    "làm tốt hơn nữa sự phối hợp giữa các cơ quan, đơn vị trong thực hiện nhiệm vụ",
    "Hội nghị do Ông Nguyễn Văn Út, Chủ tịch UBND tỉnh chủ trì Hội nghị",
    "tạo điều kiện cho Bưu điện tỉnh Lâm Đồng thực hiện có hiệu quả",
    "Đẩy nhanh tiến độ đầu tư cơ sở vật chất, mua sắm trang thiết bị Bộ phận một cửa cấp xã",
]

# phrase -> [(name, canonical)] recognized (roles aside)
NAME_CASES = [
    # a predicate after a body's name ends it
    ("Trường Chính trị tỉnh mở lớp bồi dưỡng cán bộ", [("Trường Chính trị tỉnh",)]),
    ("Hội đồng Thi đua tỉnh xét chọn các tập thể tiêu biểu", [("Hội đồng Thi đua tỉnh",)]),
    ("các đoàn thể chính trị - xã hội huyện tuyên truyền", [("các đoàn thể chính trị - xã hội",)]),
    ("Trung tâm Văn hóa, Thể thao và Truyền thông huyện định hướng tuyên truyền",
     [("Trung tâm Văn hóa, Thể thao và Truyền thông huyện",)]),
    # the party committee a body belongs to ends its name; a plural's places follow a name
    ("Ủy ban Kiểm tra Huyện ủy đưa nội dung lãnh đạo vào kiểm tra", [("Ủy ban Kiểm tra Huyện ủy",)]),
    ("Ban Tuyên giáo Huyện ủy chủ trì", [("Ban Tuyên giáo Huyện ủy",)]),
    ("Trung tâm Y tế các huyện, thị xã, thành phố cập nhật", [("Trung tâm Y tế các huyện, thị xã, thành phố",)]),
    # a capitalised verb after the colon is the work, not a place of the list
    ("Ủy ban nhân dân các xã, phường: Tổng hợp, báo cáo kết quả", [("Ủy ban nhân dân các xã, phường",)]),
    # merged table cells put two names side by side: a place or a name ends where the next body opens
    ("Các sở, ngành, UBND xã, phường, đặc khu Sở Tài chính",
     [("Các sở, ngành",), ("UBND xã, phường, đặc khu", "Ủy ban nhân dân xã, phường, đặc khu"), ("Sở Tài chính",)]),
    ("Sở Tài chính Các sở, ngành, UBND xã, phường, đặc khu",
     [("Sở Tài chính",), ("Các sở, ngành",), ("UBND xã, phường, đặc khu", "Ủy ban nhân dân xã, phường, đặc khu")]),
    ("UBND xã Tân Điền Trung tâm Dịch vụ nông nghiệp",
     [("UBND xã Tân Điền", "Ủy ban nhân dân xã Tân Điền"), ("Trung tâm Dịch vụ nông nghiệp",)]),
    ("UBND xã Ban Công chủ trì", [("UBND xã Ban Công", "Ủy ban nhân dân xã Ban Công")]),
    ("Ban quản lý Khu Kinh tế Phú Yên tiếp nhận hồ sơ", [("Ban quản lý Khu Kinh tế Phú Yên",)]),
    ("Tỉnh đoàn Lào Cai hỗ trợ người dân", [("Tỉnh đoàn Lào Cai",)]),
    ("Tỉnh ủy, Ủy ban nhân dân tỉnh Lâm Đồng", [("Tỉnh ủy",), ("Ủy ban nhân dân tỉnh Lâm Đồng",)]),
    # a dash and a unit word open a description of the body, no part of its name
    ("Sở Tài chính - Cơ quan thường trực", [("Sở Tài chính",), ("Cơ quan",)]),
    ("Báo và Phát thanh, Truyền hình thành phố chủ động đưa tin", [("Báo và Phát thanh, Truyền hình thành phố",)]),
    ("Ngân hàng Nhà nước Chi nhánh Khu vực 14 chỉ đạo", [("Ngân hàng Nhà nước Chi nhánh Khu vực 14",)]),
    ("Đài Truyền hình Việt Nam, Đài Tiếng nói Việt Nam, Thông tấn xã Việt Nam xây dựng chuyên mục",
     [("Đài Truyền hình Việt Nam",), ("Đài Tiếng nói Việt Nam",), ("Thông tấn xã Việt Nam",)]),
    # one committee per place, the head repeated; "khác" stays in a plural name
    ("UBND thành phố Hà Nội, Thành phố Hồ Chí Minh và UBND các tỉnh, thành phố khác thực hiện",
     [("UBND thành phố Hà Nội", "Ủy ban nhân dân thành phố Hà Nội"),
      ("UBND Thành phố Hồ Chí Minh", "Ủy ban nhân dân Thành phố Hồ Chí Minh"),
      ("UBND các tỉnh, thành phố khác", "Ủy ban nhân dân các tỉnh, thành phố khác")]),
    # an apostrophe inside a place's syllable, "&" inside a name
    ("Giao Đài Truyền thanh - Truyền hình huyện Đắk R’lấp phối hợp đăng tin",
     [("Đài Truyền thanh - Truyền hình huyện Đắk R’lấp",)]),
    ("Giao Phòng Tài nguyên & Môi trường trực tiếp kiểm tra", [("Phòng Tài nguyên & Môi trường",)]),
    # a place of three words after a department's name ("tỉnh" once ended the name)
    ("Giao Sở Tài chính tỉnh Thừa Thiên Huế chủ trì", [("Sở Tài chính tỉnh Thừa Thiên Huế",)]),
    ("Sở Nội vụ tỉnh Bà Rịa - Vũng Tàu chủ trì thực hiện", [("Sở Nội vụ tỉnh Bà Rịa - Vũng Tàu",)]),
    # the city writes itself with a capital
    ("Ủy ban nhân dân thành phố Hà Nội và Ủy ban nhân dân Thành phố Hồ Chí Minh cần tập trung",
     [("Ủy ban nhân dân thành phố Hà Nội",), ("Ủy ban nhân dân Thành phố Hồ Chí Minh",)]),
    # a name of eleven words
    ("Đề nghị Công ty Cổ phần Cấp nước và Phát triển đô thị tỉnh Đắk Nông kiểm tra",
     [("Công ty Cổ phần Cấp nước và Phát triển đô thị tỉnh Đắk Nông",)]),
    ("Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã", [("Ban Chỉ huy Phòng thủ dân sự cấp tỉnh",),
                                                      ("Ban Chỉ huy Phòng thủ dân sự cấp xã",)]),
    ("UBND cấp huyện, cấp xã", [("UBND cấp huyện", f"{U} cấp huyện"), ("UBND cấp xã", f"{U} cấp xã")]),
    ("Sở TT&TT", [("Sở TT&TT", "Sở Thông tin và Truyền thông")]),
    ("Sở KH&ĐT", [("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư")]),
    ("Sở LĐ-TB&XH", [("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội")]),
    ("HĐND tỉnh", [("HĐND tỉnh", "Hội đồng nhân dân tỉnh")]),
    ("Văn phòng UBND tỉnh", [("Văn phòng UBND tỉnh", f"Văn phòng {U} tỉnh")]),
    ("Bộ Văn hóa, Thể thao và Du lịch", [("Bộ Văn hóa, Thể thao và Du lịch", "Bộ Văn hóa, Thể thao và Du lịch")]),
    ("Sở Thông tin và Truyền thông", [("Sở Thông tin và Truyền thông", "Sở Thông tin và Truyền thông")]),
    ("các Bộ: Tài chính, Tư pháp", [("Bộ Tài chính", "Bộ Tài chính"), ("Bộ Tư pháp", "Bộ Tư pháp")]),
    ("các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ", [("các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ",) * 2]),
    ("UBND các huyện, thị xã, thành phố", [("UBND các huyện, thị xã, thành phố", f"{U} các huyện, thị xã, thành phố")]),
    ("Kho bạc Nhà nước tỉnh", [("Kho bạc Nhà nước tỉnh",) * 2]),
    ("BHXH tỉnh", [("BHXH tỉnh", "Bảo hiểm xã hội tỉnh")]),
    ("Ban Thường vụ Tỉnh ủy", [("Ban Thường vụ Tỉnh ủy",) * 2]),
    ("Thủ tướng Chính phủ", [("Thủ tướng Chính phủ",) * 2]),
    # the real 2025 corpus: shared-head province lists, people by office, enterprises, collectives
    ("Bí thư tỉnh ủy và Chủ tịch Ủy ban nhân dân các tỉnh: Đắk Lắk, Gia Lai và Lâm Đồng tiếp tục",
     [("Tỉnh ủy Đắk Lắk",) * 2, ("Tỉnh ủy Gia Lai",) * 2, ("Tỉnh ủy Lâm Đồng",) * 2,
      (f"{U} tỉnh Đắk Lắk",) * 2, (f"{U} tỉnh Gia Lai",) * 2, (f"{U} tỉnh Lâm Đồng",) * 2]),
    ("Ủy ban nhân dân các thành phố: Hà Nội, Cần Thơ thực hiện nghiêm",
     [(f"{U} thành phố Hà Nội",) * 2, (f"{U} thành phố Cần Thơ",) * 2]),
    ("Tỉnh ủy, HĐND, UBND các tỉnh: Khánh Hòa, Lâm Đồng",
     [("Tỉnh ủy Khánh Hòa",) * 2, ("Tỉnh ủy Lâm Đồng",) * 2, ("HĐND tỉnh Khánh Hòa", "Hội đồng nhân dân tỉnh Khánh Hòa"),
      ("HĐND tỉnh Lâm Đồng", "Hội đồng nhân dân tỉnh Lâm Đồng"), ("UBND tỉnh Khánh Hòa", f"{U} tỉnh Khánh Hòa"),
      ("UBND tỉnh Lâm Đồng", f"{U} tỉnh Lâm Đồng")]),
    ("Sở Xây dựng các tỉnh, thành phố: Gia Lai, Đắk Lắk",
     [("Sở Xây dựng tỉnh Gia Lai",) * 2, ("Sở Xây dựng tỉnh Đắk Lắk",) * 2]),
    ("Các Bộ Quốc phòng, Công an: Chỉ đạo các lực lượng", [("Bộ Quốc phòng",) * 2, ("Bộ Công an",) * 2]),
    ("Các Bộ Xây dựng và Công an: Phối hợp", [("Bộ Xây dựng",) * 2, ("Bộ Công an",) * 2]),
    ("Giao Phó Thủ tướng Chính phủ Lê Thành Long, Hồ Quốc Dũng chỉ đạo",
     [("Phó Thủ tướng Chính phủ Lê Thành Long",) * 2, ("Phó Thủ tướng Chính phủ Hồ Quốc Dũng",) * 2]),
    ("Đề nghị Công ty cổ phần Thủy điện Đạ Krông khẩn trương xử lý", [("Công ty cổ phần Thủy điện Đạ Krông",) * 2]),
    ("Đề nghị Tập đoàn Điện lực Việt Nam chỉ đạo", [("Tập đoàn Điện lực Việt Nam",) * 2]),
    ("Báo và Phát thanh, Truyền hình Quảng Trị tăng cường", [("Báo và Phát thanh, Truyền hình Quảng Trị",) * 2]),
    ("các bộ, ngành, địa phương khẩn trương", [("các bộ, ngành, địa phương",) * 2]),
    ("Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ", [("các Bộ",) * 2, ("cơ quan ngang bộ",) * 2]),
    ("yêu cầu các sở, ban, ngành, địa phương, chủ đầu tư trên địa bàn tỉnh",
     [("các sở, ban, ngành, địa phương",) * 2, ("chủ đầu tư trên địa bàn tỉnh",) * 2]),
    ("các sở, ban, ngành, tổ chức chính trị - xã hội", [("các sở, ban, ngành",) * 2, ("tổ chức chính trị - xã hội",) * 2]),
    # a head and a lower-case name that ends on a place's level or an anchor (district and scanned notices)
    ("Phòng Nông nghiệp và PTNT; Trung tâm dịch vụ kỹ thuật nông nghiệp huyện",
     [("Phòng Nông nghiệp và PTNT",) * 2,
      ("Trung tâm dịch vụ kỹ thuật nông nghiệp huyện",) * 2]),
    ("Theo dự báo của Trung tâm dự báo khí tượng thủy văn quốc gia, trong 24 giờ tới",
     [("Trung tâm dự báo khí tượng thủy văn quốc gia",) * 2]),
    ("kịp thời báo cáo Ban chỉ đạo phòng thủ dân sự quốc gia", [("Ban chỉ đạo phòng thủ dân sự quốc gia",) * 2]),
    ("Giao Trạm y tế xã Nghĩa Thắng theo dõi", [("Trạm y tế xã Nghĩa Thắng",) * 2]),
    ("Trung tâm y tế huyện chủ trì", [("Trung tâm y tế huyện",) * 2]),
    # the district offices' names; a dash (either) joins the two parts of one name
    ("Giao phòng Tài chính – Kế hoạch tham mưu UBND huyện",
     [("phòng Tài chính – Kế hoạch",) * 2, ("UBND huyện", "Ủy ban nhân dân huyện")]),
    ("Phòng Kinh tế - Hạ tầng chủ trì", [("Phòng Kinh tế - Hạ tầng",) * 2]),
    # as often typed, and as a scan's dash is lost
    ("Giao phòng Tài chính Kế hoạch tham mưu UBND huyện",
     [("phòng Tài chính Kế hoạch",) * 2, ("UBND huyện", "Ủy ban nhân dân huyện")]),
    ("Hiệu trưởng các trường học trên địa bàn huyện vận động phụ huynh",
     [("các trường học trên địa bàn huyện",) * 2]),
    # associations written in lower case, with their place
    ("Đề nghị Hội nông dân tỉnh, Hiệp hội doanh nghiệp tỉnh phối hợp",
     [("Hội nông dân tỉnh",) * 2, ("Hiệp hội doanh nghiệp tỉnh",) * 2]),
    # a department's name with "và" and a comma
    ("phối hợp với Cục Quản lý đê điều và Phòng, chống thiên tai kiểm tra",
     [("Cục Quản lý đê điều và Phòng, chống thiên tai",) * 2]),
    # a centre whose name has a comma and "và", written in lower case as often as not
    ("7. Trung tâm Xúc tiến đầu tư, thương mại và du lịch chủ trì",
     [("Trung tâm Xúc tiến đầu tư, thương mại và du lịch",) * 2]),
    ("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Sơn La phối hợp",
     [("Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh Sơn La",) * 2]),
    ("Trung tâm Xúc tiến đầu tư, Sở Công Thương chủ trì", [("Trung tâm Xúc tiến",) * 2, ("Sở Công Thương",) * 2]),
    # the tax and statistics offices as the 2025 reorganisation names them, before one place
    ("Thuế tỉnh Đắk Lắk chủ trì, phối hợp", [("Thuế tỉnh Đắk Lắk",) * 2]),
    ("b) Thống kê tỉnh Bắc Ninh: Phối hợp cung cấp báo cáo", [("Thống kê tỉnh Bắc Ninh",) * 2]),
    ("phối hợp với Thuế tỉnh thu ngân sách", [("Thuế tỉnh",) * 2]),
    # never before a plural: a civil servant's office ("Văn phòng - Thống kê") and its communes
    ("cho công chức Văn phòng - Thống kê các xã, thị trấn và người làm công tác", [("các xã",) * 2]),
    # a school, "trường" in lower case before its name
    ("Đề nghị Hiệu trưởng trường THCS Trần Quốc Toản chỉ đạo", [("trường THCS Trần Quốc Toản",) * 2]),
    # a verb after a known name is not part of it
    ("Văn phòng Trung ương Đảng cụ thể hoá để tổ chức thực hiện", [("Văn phòng Trung ương Đảng",) * 2]),
    # a described name with a compound noun whose first word is also a verb
    ("4. Đài truyền hình Việt Nam chủ trì đạo diễn, phối hợp", [("Đài truyền hình Việt Nam",) * 2]),
    # the Front alone, and before its level or place (the longer reading first)
    ("- Mặt trận Tổ quốc, Đoàn Thanh niên, Hội Phụ nữ hỗ trợ người dân khắc phục hậu quả.",
     [("Mặt trận Tổ quốc",) * 2, ("Đoàn Thanh niên",) * 2, ("Hội Phụ nữ",) * 2]),
    ("Mặt trận Tổ quốc tỉnh, các tổ chức chính trị - xã hội tuyên truyền",
     [("Mặt trận Tổ quốc tỉnh",) * 2, ("các tổ chức chính trị - xã hội",) * 2]),
    ("Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức thành viên",
     [("Mặt trận Tổ quốc Việt Nam tỉnh",) * 2, ("các tổ chức thành viên",) * 2]),
    # units of another kind in a list: one assignee each; the state's groups and corporations as a class
    ("9. Các Tập đoàn, Tổng Công ty nhà nước, doanh nghiệp xuất khẩu: xây dựng kế hoạch sản xuất",
     [("Các Tập đoàn, Tổng Công ty nhà nước",) * 2, ("doanh nghiệp xuất khẩu",) * 2]),
    ("Doanh nghiệp, nhà cung cấp dịch vụ IoT, nhà đầu tư tuân thủ",
     [("Doanh nghiệp",) * 2, ("nhà cung cấp dịch vụ",) * 2, ("nhà đầu tư",) * 2]),
    ("Các doanh nghiệp viễn thông, doanh nghiệp bưu chính triển khai",
     [("Các doanh nghiệp viễn thông",) * 2, ("doanh nghiệp bưu chính",) * 2]),
    # the Party's name capitalised inside a unit does not end the list
    ("2. Đề nghị các cấp ủy Đảng, Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh: Phối hợp",
     [("các cấp ủy Đảng",) * 2, ("Mặt trận Tổ quốc Việt Nam tỉnh",) * 2, ("các tổ chức chính trị - xã hội tỉnh",) * 2]),
    ("Các cấp ủy, tổ chức Đảng lãnh đạo", [("Các cấp ủy, tổ chức Đảng",) * 2]),
    # the associations by their word for themselves, after another unit
    ("các xã, phường, các doanh nghiệp, tổ chức Hội (sau đây viết tắt là cơ quan, đơn vị)",
     [("các xã, phường",) * 2, ("các doanh nghiệp",) * 2, ("tổ chức Hội",) * 2, ("cơ quan, đơn vị",) * 2]),
    # the State Bank with "nhà nước" in lower case, and its regional branch after a dash
    ("8. Ngân hàng nhà nước Việt Nam - Chi nhánh Khu vực II chủ trì, phối hợp",
     [("Ngân hàng nhà nước Việt Nam - Chi nhánh Khu vực II",) * 2]),
    # establishments as a class
    ("- Các cơ sở sản xuất tuân thủ nghiêm các quy định", [("Các cơ sở sản xuất",) * 2]),
    ("4. Các cơ sở nuôi trồng thủy sản: Theo dõi, giám sát", [("Các cơ sở nuôi trồng thủy sản",) * 2]),
    # a unit of the other kind, capitalised, is read whole before the unit its first words are
    ("Cơ quan thanh tra khẩn trương hoàn thành việc thanh tra", [("Cơ quan thanh tra",) * 2]),
    ("Cơ quan báo chí, truyền thông tăng cường thông tin", [("Cơ quan báo chí, truyền thông",) * 2]),
    ("Cơ quan, đơn vị có liên quan triển khai", [("Cơ quan, đơn vị có liên quan",) * 2]),
    ("- Phối hợp cơ quan báo chí và hệ thống truyền thông cơ sở tuyên truyền", [("cơ quan báo chí",) * 2]),
    # the information and media bodies, the district health centres, as classes
    ("5. Các cơ quan thông tin, truyền thông của tỉnh: Xây dựng Kế hoạch",
     [("Các cơ quan thông tin, truyền thông của tỉnh",) * 2]),
    ("- Các Trung tâm y tế giám sát tuyến xã và báo cáo hằng ngày.", [("Các Trung tâm y tế",) * 2]),
    # the government's agencies as some notices write them, "trực thuộc"
    ("Giao các bộ, cơ quan ngang bộ, cơ quan trực thuộc Chính phủ triển khai",
     [("các bộ, cơ quan ngang bộ, cơ quan trực thuộc Chính phủ",) * 2]),
    # a capitalised unit that opens a list of units, without "các", is one collective; never alone
    ("Sở, ban, ngành thuộc Ủy ban nhân dân Thành phố có trách nhiệm rà soát",
     [("Sở, ban, ngành thuộc Ủy ban nhân dân Thành phố",) * 2]),
    ("Sở, ban, ngành, tổ chức chính trị - xã hội", [("Sở, ban, ngành",) * 2, ("tổ chức chính trị - xã hội",) * 2]),
    ("Bộ, ngành, địa phương chủ động", [("Bộ, ngành, địa phương",) * 2]),
    # the city capitalised after "của", as a centrally-run city's offices write it
    ("4. Các Sở, ban, ngành của Thành phố, UBND phường, xã",
     [("Các Sở, ban, ngành của Thành phố",) * 2, ("UBND phường, xã", "Ủy ban nhân dân phường, xã")]),
    # the merged provincial press body written in lower case, and the province's e-portal
    ("9. Báo và phát thanh, truyền hình Sơn La, Cổng thông tin điện tử tỉnh",
     [("Báo và phát thanh, truyền hình Sơn La",) * 2, ("Cổng thông tin điện tử tỉnh",) * 2]),
    # the grassroots Party organisations, the body a directive addresses
    ("2. Ban Thường vụ Huyện ủy yêu cầu các tổ chức cơ sở đảng trực thuộc Huyện ủy:",
     [("Ban Thường vụ Huyện ủy",) * 2, ("các tổ chức cơ sở đảng trực thuộc Huyện ủy",) * 2]),
    # a commune's hamlets and neighbourhoods as bodies, their heads by title
    ("6. Trưởng các ấp tuyên truyền, vận động Nhân dân", [("các ấp",) * 2]),
    ("Giao Trưởng các thôn, tổ dân phố rà soát", [("các thôn, tổ dân phố",) * 2]),
    # the provinces' Party committees as a class (the text is normalised: "tỉnh uỷ" is read "tỉnh ủy")
    ("Đề nghị thường trực các tỉnh ủy, thành ủy tiếp tục quan tâm lãnh đạo",
     [("các tỉnh ủy, thành ủy",) * 2]),
    ("Các tỉnh ủy, thành ủy phối hợp Bộ Y tế", [("Các tỉnh ủy, thành ủy",) * 2, ("Bộ Y tế",) * 2]),
    # economic organisations and schools with their kinds, as classes after enterprises
    ("Các doanh nghiệp, tổ chức kinh tế, cơ sở giáo dục, đào tạo chủ động tham gia",
     [("Các doanh nghiệp",) * 2, ("tổ chức kinh tế",) * 2, ("cơ sở giáo dục, đào tạo",) * 2]),
    # schools as a class stay schools
    ("Các trường trên địa bàn tỉnh chủ động", [("Các trường trên địa bàn tỉnh",) * 2]),
    # a class of schools or banks runs on to its level or kind
    ("Các cơ sở giáo dục đại học công lập, cơ sở giáo dục nghề nghiệp thuộc phạm vi của tỉnh có trách nhiệm",
     [("Các cơ sở giáo dục đại học công lập",) * 2, ("cơ sở giáo dục nghề nghiệp",) * 2]),
    ("Các cơ sở đào tạo đại học, sau đại học mở chuyên ngành", [("Các cơ sở đào tạo đại học, sau đại học",) * 2]),
    ("Các ngân hàng thương mại cổ phần triển khai", [("Các ngân hàng thương mại cổ phần",) * 2]),
    ("4. Các cơ sở sản xuất giống, NTTS thương phẩm:", [("Các cơ sở sản xuất giống",) * 2]),
    # groups by their brands after a plural head, the head repeated
    ("5. Bộ Khoa học và Công nghệ, các Tập đoàn VNPT, Viettel, Mobifone khẩn trương chỉ đạo",
     [("Bộ Khoa học và Công nghệ",) * 2, ("Tập đoàn VNPT",) * 2, ("Tập đoàn Viettel",) * 2,
      ("Tập đoàn Mobifone",) * 2]),
    ("Các Tập đoàn: EVN, VNPT, Viettel bảo đảm thông tin liên lạc",
     [("Tập đoàn EVN",) * 2, ("Tập đoàn VNPT",) * 2, ("Tập đoàn Viettel",) * 2]),
    # a full name after the head is no brand list
    ("các Tập đoàn Điện lực Việt Nam, Dầu khí Việt Nam", [("Tập đoàn Điện lực Việt Nam",) * 2]),
    # the Deputy Prime Ministers by office alone; with a name, a person
    ("10. Giao các Phó Thủ tướng Chính phủ theo nhiệm vụ được phân công kiểm tra, chỉ đạo",
     [("các Phó Thủ tướng Chính phủ",) * 2]),
    ("Giao Phó Thủ tướng Hồ Đức Phớc và các Phó Thủ tướng theo nhiệm vụ được phân công",
     [("Phó Thủ tướng Hồ Đức Phớc",) * 2, ("các Phó Thủ tướng",) * 2]),
]

NO_AGENCY = [
    "Sở hữu trí tuệ, bản quyền được bảo hộ",
    # words that open with a unit and are another noun: cases, data fields
    "tất cả các trường hợp được rà soát, phát hiện quản lý theo quy định",
    "Các trường hợp vi phạm phải được xử lý nghiêm",
    "xác định cụ thể các trường dữ liệu cần thu thập",
    "Thuế thu nhập cá nhân được miễn",
    "Thống kê số liệu thiệt hại do mưa lũ",
    # a level of schooling as a topic, with no class unit before it
    "Phát triển giáo dục đại học công lập và mầm non",
    "đổi mới mô hình đào tạo đại học, sau đại học",
    "trong trường hợp cần thiết phải điều chỉnh",
    # "tổ chức Hội nghị" organises a conference
    "chỉ đạo tổ chức Hội nghị tổng kết",
    # an establishment's activity is no body
    "cơ sở sản xuất hàng hóa xuất khẩu",
    # a compound noun alone is no body: it needs its head ("Đài")
    "phát sóng trên truyền hình Việt Nam",
    # an office's bare name among other words is no body ("Phó Thủ tướng" needs "các" or a name)
    "theo ý kiến chỉ đạo của lãnh đạo",
    "mặt trận tổ quốc",
    "Hội nông dân tích cực sản xuất",
    # after a role's cue one unit alone stays a common noun; "cùng cấp" is the same level
    "Phối hợp chặt chẽ với chính quyền cùng cấp",
    "phối hợp với doanh nghiệp trong việc kê khai",
    # a described name needs its level or anchor at the end, no stopword on the way, and one of its heads
    "Trung tâm dữ liệu được xây dựng tại tỉnh",
    "Phòng chống dịch bệnh trên địa bàn huyện",
    "Hội nghị tổng kết công tác năm của tỉnh",
    "Đội ngũ cán bộ xã",
    "Trung tâm hành chính của huyện",
    "Công chức, viên chức phải gương mẫu chấp hành",
    "tỉnh Đắk Lắk đạt mức tăng trưởng 8,5%",
    "Bộ phận một cửa cấp huyện",
    "Hội nghị trực tuyến sơ kết",
    "đoàn viên thanh niên tích cực tham gia",
    "dịch vụ công trực tuyến mức độ 3, 4",
    "Tổ chức khảo sát lại việc lấy ý kiến",
    "chủ đầu tư và người mua nhà còn gặp khó khăn",
    "hỗ trợ các tỉnh thiệt hại nặng",
]


def _roles(phrase: str) -> list[tuple[str, str]]:
    return [(a.name, a.role) for a in assign_roles(phrase, 0, find_agencies(phrase))]


@pytest.mark.parametrize("phrase,expected", ROLE_CASES, ids=[c[0][:50] for c in ROLE_CASES])
def test_roles(phrase, expected):
    assert _roles(phrase) == expected


@pytest.mark.parametrize("phrase", NO_ROLE, ids=[p[:50] for p in NO_ROLE])
def test_no_role(phrase):
    from extractor.recognize.references import find_references
    blocked = [r.span for r in find_references(phrase)]
    assert [(a.name, a.role) for a in assign_roles(phrase, 0, find_agencies(phrase), blocked)] == []


@pytest.mark.parametrize("phrase,expected", NAME_CASES, ids=[c[0] for c in NAME_CASES])
def test_names(phrase, expected):
    found = find_agencies(phrase)
    assert [(m.name, m.canonical) for m in found] == [tuple(e) if len(e) == 2 else (e[0], e[0]) for e in expected]
    for mention in found:
        assert phrase[mention.span[0]:mention.span[1]] == mention.text


@pytest.mark.parametrize("phrase", NO_AGENCY)
def test_no_agency(phrase):
    assert find_agencies(phrase) == []


def test_elliptic_parts_keep_their_own_span():
    phrase = "Chủ tịch UBND cấp huyện, cấp xã chịu trách nhiệm"
    first, second = find_agencies(phrase)
    assert (first.text, second.text) == ("UBND cấp huyện", "cấp xã")
    assert second.name == "UBND cấp xã"
    assert first.title_start == 0
