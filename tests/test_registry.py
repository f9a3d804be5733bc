"""The agency registry (rules/registry/*.yaml) as a table: real name forms in, registry entries out.

Most forms are copied from the real 2025 documents in corpus/real/docs (the document is named in the
row's comment: headers, "Nơi nhận" lists, assignees); old names before the 2025 reorganisation come
from the real seed notices in corpus/seeds and from the phrasings already in tests/test_agencies.py.
Rows are (form, province or None, expected).
"""

from __future__ import annotations

import pytest

from extractor.registry import load_registry


@pytest.fixture(scope="module")
def registry():
    return load_registry()


# --- form -> entry id -------------------------------------------------------------------------------

ENTRY_CASES = [
    # Government, ministries (current names from 1 March 2025)
    pytest.param("THỦ TƯỚNG CHÍNH PHỦ", None, "thu-tuong-chinh-phu", id="header-ttg-w01"),
    pytest.param("Thủ tướng Chính phủ", None, "thu-tuong-chinh-phu", id="ttg-w25"),
    pytest.param("TTgCP", None, "thu-tuong-chinh-phu", id="ttgcp-w01"),
    pytest.param("VĂN PHÒNG CHÍNH PHỦ", None, "van-phong-chinh-phu", id="header-vpcp-w19"),
    pytest.param("VPCP", None, "van-phong-chinh-phu", id="vpcp-abbr-w04"),
    pytest.param("Văn phòng chính phủ", None, "van-phong-chinh-phu", id="vpcp-lowercase-w38"),
    pytest.param("Chính phủ", None, "chinh-phu", id="chinh-phu-w14"),
    pytest.param("Thanh tra Chính phủ", None, "thanh-tra-chinh-phu", id="ttcp-w21"),
    pytest.param("Ngân hàng Nhà nước Việt Nam", None, "ngan-hang-nha-nuoc-viet-nam", id="nhnn-w10"),
    pytest.param("NHNNVN", None, "ngan-hang-nha-nuoc-viet-nam", id="nhnnvn-w22"),
    pytest.param("BỘ XÂY DỰNG", None, "bo-xay-dung", id="header-bxd-w33"),
    pytest.param("Bộ Tài chính", None, "bo-tai-chinh", id="btc-w08"),
    pytest.param("Bộ Nông nghiệp và Môi trường", None, "bo-nong-nghiep-va-moi-truong", id="bnnmt-w25"),
    pytest.param("Bộ NN&MT", None, "bo-nong-nghiep-va-moi-truong", id="bnnmt-abbr-w46"),
    pytest.param("Bộ KH&CN", None, "bo-khoa-hoc-va-cong-nghe", id="bkhcn-abbr-w19"),
    pytest.param("Bộ Khoa học và Công nghệ", None, "bo-khoa-hoc-va-cong-nghe", id="bkhcn-w13"),
    pytest.param("Bộ GD&ĐT", None, "bo-giao-duc-va-dao-tao", id="bgddt-abbr-w19"),
    pytest.param("Bộ Công Thương", None, "bo-cong-thuong", id="bct-w27"),
    pytest.param("Bộ Công an", None, "bo-cong-an", id="bca-w08"),
    pytest.param("Bộ Quốc phòng", None, "bo-quoc-phong", id="bqp-w32"),
    pytest.param("Bộ Ngoại giao", None, "bo-ngoai-giao", id="bng-w10"),
    pytest.param("Bộ Nội vụ", None, "bo-noi-vu", id="bnv-w48"),
    pytest.param("Bộ Tư pháp", None, "bo-tu-phap", id="btp-w51"),
    pytest.param("Bộ Y tế", None, "bo-y-te", id="byt-w44"),
    pytest.param("Bộ Dân tộc và Tôn giáo", None, "bo-dan-toc-va-ton-giao", id="bdttg-w22"),
    pytest.param("Bộ Văn hóa, Thể thao và Du lịch", None, "bo-van-hoa-the-thao-va-du-lich", id="bvhttdl-w39"),
    # ministries merged in 2025, as old texts still write them
    pytest.param("Bộ Nông nghiệp và PTNT", None, "bo-nong-nghiep-va-phat-trien-nong-thon", id="bnnptnt-half-abbr-w31"),
    pytest.param("Bộ Nông nghiệp và Phát triển nông thôn", None, "bo-nong-nghiep-va-phat-trien-nong-thon", id="bnnptnt-w40"),
    pytest.param("Bộ Tài nguyên Môi trường", None, "bo-tai-nguyen-va-moi-truong", id="btnmt-no-va-w31"),
    pytest.param("Bộ Tài nguyên và Môi trường", None, "bo-tai-nguyen-va-moi-truong", id="btnmt-seeds"),
    pytest.param("Bộ Lao động - Thương binh và Xã hội", None, "bo-lao-dong-thuong-binh-va-xa-hoi", id="bldtbxh-w46"),
    pytest.param("Bộ Thông tin và Truyền thông", None, "bo-thong-tin-va-truyen-thong", id="btttt-w47"),
    pytest.param("Bộ Kế hoạch và Đầu tư", None, "bo-ke-hoach-va-dau-tu", id="bkhdt-test-agencies"),
    pytest.param("Bộ Giao thông vận tải", None, "bo-giao-thong-van-tai", id="bgtvt-seeds"),
    # Government agencies, state bodies, Quốc hội
    pytest.param("Đài THVN", None, "dai-truyen-hinh-viet-nam", id="dai-thvn-w08"),
    pytest.param("Đài truyền hình Việt Nam", None, "dai-truyen-hinh-viet-nam", id="vtv-lowercase-w21"),
    pytest.param("Đài Tiếng nói Việt Nam", None, "dai-tieng-noi-viet-nam", id="vov-w39"),
    pytest.param("Đài TNVN", None, "dai-tieng-noi-viet-nam", id="dai-tnvn-w08"),
    pytest.param("TTXVN", None, "thong-tan-xa-viet-nam", id="ttxvn-w08"),
    pytest.param("Thông tấn xã Việt Nam", None, "thong-tan-xa-viet-nam", id="ttx-w43"),
    pytest.param("Bảo hiểm xã hội Việt Nam", None, "bao-hiem-xa-hoi-viet-nam", id="bhxhvn-w11"),
    pytest.param("Viện Hàn lâm Khoa học và Công nghệ Việt Nam", None, "vien-han-lam-khoa-hoc-va-cong-nghe-viet-nam", id="vast-w39"),
    pytest.param("Học Viện Chính trị Quốc gia Hồ Chí Minh", None, "hoc-vien-chinh-tri-quoc-gia-ho-chi-minh", id="hvctqg-case-w21"),
    pytest.param("Kiểm toán nhà nước", None, "kiem-toan-nha-nuoc", id="ktnn-w04"),
    pytest.param("Tòa án nhân dân tối cao", None, "toa-an-nhan-dan-toi-cao", id="tandtc-w04"),
    pytest.param("Viện kiểm sát nhân dân tối cao", None, "vien-kiem-sat-nhan-dan-toi-cao", id="vksndtc-w04"),
    pytest.param("Ủy ban Thường vụ Quốc hội", None, "uy-ban-thuong-vu-quoc-hoi", id="ubtvqh-w54"),
    pytest.param("Văn phòng Quốc hội", None, "van-phong-quoc-hoi", id="vpqh-w04"),
    pytest.param("Văn phòng Chủ tịch nước", None, "van-phong-chu-tich-nuoc", id="vpctn-w04"),
    pytest.param("Hội đồng Dân tộc", None, "hoi-dong-dan-toc", id="hddt-w22"),
    pytest.param("Ủy ban Kinh tế và Tài chính", None, "uy-ban-kinh-te-va-tai-chinh", id="ubkttc-w22"),
    pytest.param("Uỷ ban Văn hoá - Xã hội", None, "uy-ban-van-hoa-va-xa-hoi", id="ubvhxh-old-spelling-w44"),
    pytest.param("Ủy ban Quốc gia VSTBPN Việt Nam", None, "uy-ban-quoc-gia-vi-su-tien-bo-cua-phu-nu-viet-nam", id="vstbpn-w48"),
    pytest.param("VPQG về Giảm nghèo", None, "van-phong-quoc-gia-ve-giam-ngheo", id="vpqg-giam-ngheo-w46"),
    pytest.param("BCĐ Phòng thủ dân sự quốc gia", None, "ban-chi-dao-phong-thu-dan-su-quoc-gia", id="bcd-ptds-w33"),
    # departments of ministries named in the corpus
    pytest.param("Cục Đường bộ Việt Nam", None, "cuc-duong-bo-viet-nam", id="cuc-dbvn-w33"),
    pytest.param("Cục Kết cấu hạ tầng xây dựng", None, "cuc-ket-cau-ha-tang-xay-dung", id="cuc-kcht-w33"),
    pytest.param("Cục Kinh tế - Quản lý đầu tư xây dựng", None, "cuc-kinh-te-quan-ly-dau-tu-xay-dung", id="cuc-kt-qldt-w33"),
    pytest.param("Ban Quản lý Dự án 85", None, "ban-quan-ly-du-an-85", id="bqlda85-w33"),
    pytest.param("Cục Thủy sản và Kiểm ngư", None, "cuc-thuy-san-va-kiem-ngu", id="cuc-tskn-w40"),
    pytest.param("Tổng cục Thủy sản", None, "tong-cuc-thuy-san", id="tong-cuc-ts-w31"),
    pytest.param("Cục Quản lý KCB", None, "cuc-quan-ly-kham-chua-benh", id="cuc-qlkcb-w19"),
    pytest.param("Cục Dân số", None, "cuc-dan-so", id="cuc-dan-so-w45"),
    pytest.param("Cục A03", None, "cuc-an-ninh-chinh-tri-noi-bo", id="cuc-a03-w53"),
    pytest.param("Cục Quản lý giá", None, "cuc-quan-ly-gia", id="cuc-qlg-w05"),
    # Party
    pytest.param("Bộ Chính trị", None, "bo-chinh-tri", id="bct-party-w51"),
    pytest.param("Ban Bí thư", None, "ban-bi-thu", id="ban-bi-thu-w51"),
    pytest.param("Ban Bí thư Trung ương Đảng", None, "ban-bi-thu", id="ban-bi-thu-full-w04"),
    pytest.param("Ban Bí thư TW Đảng", None, "ban-bi-thu", id="ban-bi-thu-abbr-w25"),
    pytest.param("BAN CHẤP HÀNH TRUNG ƯƠNG", None, "ban-chap-hanh-trung-uong", id="header-bchtw-w51"),
    pytest.param("Văn phòng Trung ương Đảng", None, "van-phong-trung-uong-dang", id="vptw-w44"),
    pytest.param("Ban Tổ chức Trung ương", None, "ban-to-chuc-trung-uong", id="btctw-w51"),
    pytest.param("Ban TĐKT Trung ương", None, "ban-thi-dua-khen-thuong-trung-uong", id="ban-tdkt-w57"),
    pytest.param("Ban Thi đua - Khen thưởng Trung ương", None, "ban-thi-dua-khen-thuong-trung-uong", id="ban-tdkt-full-w60"),
    pytest.param("Đảng uỷ Chính phủ", None, "dang-uy-chinh-phu", id="dang-uy-cp-old-spelling-w51"),
    pytest.param("Đảng ủy Chính phủ", None, "dang-uy-chinh-phu", id="dang-uy-cp-w19"),
    pytest.param("Đảng uỷ Quốc hội", None, "dang-uy-quoc-hoi", id="dang-uy-qh-w44"),
    pytest.param("Đảng uỷ Công an Trung ương", None, "dang-uy-cong-an-trung-uong", id="dang-uy-catw-w44"),
    pytest.param("Đảng uỷ Bộ Y tế", None, "dang-uy-bo-y-te", id="dang-uy-byt-w44"),
    pytest.param("Đảng uỷ Mặt trận Tổ quốc", None, "dang-uy-mat-tran-to-quoc-cac-doan-the-trung-uong", id="dang-uy-mttq-w44"),
    # mass organisations, state groups
    pytest.param("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", None, "uy-ban-trung-uong-mat-tran-to-quoc-viet-nam", id="ubtwmttq-w39"),
    pytest.param("Ủy ban TW MTTQ Việt Nam", None, "uy-ban-trung-uong-mat-tran-to-quoc-viet-nam", id="ubtwmttq-abbr-w26"),
    pytest.param("Trung ương Hội Liên hiệp phụ nữ Việt Nam", None, "hoi-lien-hiep-phu-nu-viet-nam", id="tw-hlhpn-w48"),
    pytest.param("Tập đoàn Điện lực Việt Nam", None, "tap-doan-dien-luc-viet-nam", id="evn-w25"),
    pytest.param("EVN", None, "tap-doan-dien-luc-viet-nam", id="evn-abbr-w27"),
    pytest.param("Tập đoàn Công nghiệp-Năng lượng quốc gia Việt Nam", None, "tap-doan-cong-nghiep-nang-luong-quoc-gia-viet-nam", id="pvn-w27"),
    pytest.param("PVN", None, "tap-doan-cong-nghiep-nang-luong-quoc-gia-viet-nam", id="pvn-abbr-w27"),
    pytest.param("Tập đoàn Bưu chính Viễn thông Việt Nam", None, "tap-doan-buu-chinh-vien-thong-viet-nam", id="vnpt-w21"),
    pytest.param("VNPT", None, "tap-doan-buu-chinh-vien-thong-viet-nam", id="vnpt-abbr-w36"),
    pytest.param("Tập đoàn Công nghiệp - Viễn thông Quân đội", None, "tap-doan-cong-nghiep-vien-thong-quan-doi", id="viettel-w21"),
    pytest.param("Viettel", None, "tap-doan-cong-nghiep-vien-thong-quan-doi", id="viettel-abbr-w36"),
    pytest.param("Mobifone", None, "tong-cong-ty-vien-thong-mobifone", id="mobifone-case-w36"),
    pytest.param("Tổng Công ty Đường sắt Việt Nam", None, "tong-cong-ty-duong-sat-viet-nam", id="vnr-w33"),
    # province: people's committee and council, with and without the province
    pytest.param("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", None, "uy-ban-nhan-dan-tinh", id="header-ubnd-two-lines-w02"),
    pytest.param("UỶ BAN NHÂN DÂN TỈNH BẮC NINH", None, "uy-ban-nhan-dan-tinh", id="header-ubnd-old-spelling-two-lines-w55"),
    pytest.param("Ủy ban nhân dân thành phố Hà Nội", None, "uy-ban-nhan-dan-tinh", id="ubnd-hn-w39"),
    pytest.param("Ủy ban nhân dân tỉnh Nghệ An", None, "uy-ban-nhan-dan-tinh", id="ubnd-na-w57"),
    pytest.param("UBND tỉnh", None, "uy-ban-nhan-dan-tinh", id="ubnd-tinh-w02"),
    pytest.param("UBND tỉnh", "Đắk Lắk", "uy-ban-nhan-dan-tinh", id="ubnd-tinh-given-province-w31"),
    pytest.param("UBND thành phố Đà Nẵng", None, "uy-ban-nhan-dan-tinh", id="ubnd-dn-w20"),
    pytest.param("Hội đồng nhân dân tỉnh", None, "hoi-dong-nhan-dan-tinh", id="hdnd-w38"),
    pytest.param("Thường trực HĐND tỉnh", None, "thuong-truc-hoi-dong-nhan-dan-tinh", id="tt-hdnd-w06"),
    pytest.param("Văn phòng UBND tỉnh", None, "van-phong-ubnd-tinh", id="vp-ubnd-w53"),
    pytest.param("VPUB", None, "van-phong-ubnd-tinh", id="vpub-w03"),
    pytest.param("Văn phòng ĐĐBQH và HĐND Thành phố", None, "van-phong-doan-dbqh-va-hdnd-tinh", id="vp-doan-dbqh-w48"),
    pytest.param("Đoàn Đại biểu Quốc hội tỉnh", None, "doan-dai-bieu-quoc-hoi-tinh", id="doan-dbqh-case-w38"),
    # province: departments in force, real spellings and cases
    pytest.param("Sở Nông nghiệp và Môi trường", None, "so-nong-nghiep-va-moi-truong", id="snnmt-w31"),
    pytest.param("Sở Nông Nghiệp và Môi Trường", None, "so-nong-nghiep-va-moi-truong", id="snnmt-case-w18"),
    pytest.param("Sở NN&MT", None, "so-nong-nghiep-va-moi-truong", id="snnmt-abbr-w59"),
    pytest.param("Sở KH&CN", None, "so-khoa-hoc-va-cong-nghe", id="skhcn-abbr-w14"),
    pytest.param("Sở Khoa học Công nghệ", None, "so-khoa-hoc-va-cong-nghe", id="skhcn-no-va-w18"),
    pytest.param("Sở Tài Chính", None, "so-tai-chinh", id="stc-case-w18"),
    pytest.param("Sở Tài chính", "Cà Mau", "so-tai-chinh", id="stc-w06"),
    pytest.param("Sở Công thương", None, "so-cong-thuong", id="sct-case-w05"),
    pytest.param("Sở Nội vụ", None, "so-noi-vu", id="snv-w03"),
    pytest.param("Sở Tư pháp", None, "so-tu-phap", id="stp-w55"),
    pytest.param("Sở Y tế", None, "so-y-te", id="syt-w34"),
    pytest.param("Sở Giáo dục và Đào tạo", None, "so-giao-duc-va-dao-tao", id="sgddt-w02"),
    pytest.param("Sở Xây dựng Lâm Đồng", None, "so-xay-dung", id="sxd-bare-province-w33"),
    pytest.param("Sở Ngoại Vụ", None, "so-ngoai-vu", id="sngv-case-w09"),
    pytest.param("Sở Văn hóa, Thể thao và Du lịch", None, "so-van-hoa-the-thao-va-du-lich", id="svhttdl-w58"),
    pytest.param("Sở Văn hoá Thể thao du lịch", None, "so-van-hoa-the-thao-va-du-lich", id="svhttdl-loose-w16"),
    pytest.param("Sở Văn hóa và Thể thao", None, "so-van-hoa-va-the-thao", id="svhtt-hcm-w48"),
    pytest.param("Thanh tra thành phố", None, "thanh-tra-tinh", id="thanh-tra-tp-w41"),
    # province: departments merged in 2025 (seed notices and common short forms)
    pytest.param("Sở KH&ĐT", None, "so-ke-hoach-va-dau-tu", id="skhdt-abbr-test-agencies"),
    pytest.param("Sở KH&ĐT tỉnh Hà Tĩnh", None, "so-ke-hoach-va-dau-tu", id="skhdt-with-province"),
    pytest.param("SKHĐT", None, "so-ke-hoach-va-dau-tu", id="skhdt-code"),
    pytest.param("Sở Tài nguyên và Môi trường", None, "so-tai-nguyen-va-moi-truong", id="stnmt-seeds"),
    pytest.param("Sở TN&MT", None, "so-tai-nguyen-va-moi-truong", id="stnmt-abbr"),
    pytest.param("Sở Thông tin và Truyền thông", None, "so-thong-tin-va-truyen-thong", id="stttt-seeds"),
    pytest.param("Sở Giao thông vận tải tỉnh Long An", None, "so-giao-thong-van-tai", id="sgtvt-seeds"),
    pytest.param("Sở NN&PTNT", None, "so-nong-nghiep-va-phat-trien-nong-thon", id="snnptnt-abbr"),
    pytest.param("Sở LĐ-TB&XH", None, "so-lao-dong-thuong-binh-va-xa-hoi", id="sldtbxh-abbr"),
    pytest.param("Ban Dân tộc tỉnh", None, "ban-dan-toc-tinh", id="ban-dan-toc-seeds"),
    # province: zones, police, army
    pytest.param("Ban Quản lý các khu công nghệ cao và khu công nghiệp", None, "ban-quan-ly-cac-khu-cong-nghe-cao-va-khu-cong-nghiep", id="bql-cnc-kcn-w13"),
    pytest.param("Ban Quản lý các khu chế xuất và công nghiệp Cần Thơ", None, "ban-quan-ly-cac-khu-che-xuat-va-cong-nghiep", id="bql-kcx-w41"),
    pytest.param("Ban Quản lý khu Kinh tế tỉnh Đồng Tháp", None, "ban-quan-ly-khu-kinh-te", id="bql-kkt-case-w16"),
    pytest.param("Ban Quản lý các Khu công nghiệp tỉnh", None, "ban-quan-ly-cac-khu-cong-nghiep", id="bql-kcn-w23"),
    pytest.param("Công an tỉnh", None, "cong-an-tinh", id="ca-tinh-w14"),
    pytest.param("Công An Thành phố", None, "cong-an-tinh", id="ca-tp-case-w15"),
    pytest.param("CA tỉnh", None, "cong-an-tinh", id="ca-abbr-w34"),
    pytest.param("Bộ Chỉ huy Quân sự tỉnh", None, "bo-chi-huy-quan-su-tinh", id="bchqs-w18"),
    pytest.param("BCHQS tỉnh", None, "bo-chi-huy-quan-su-tinh", id="bchqs-abbr-w34"),
    pytest.param("Bộ CHQS tỉnh", None, "bo-chi-huy-quan-su-tinh", id="bchqs-half-abbr-w59"),
    pytest.param("Bộ Tư lệnh Thành phố", "Hồ Chí Minh", "bo-chi-huy-quan-su-tinh", id="btl-tp-hcm-w15"),
    pytest.param("Ban Chỉ huy Bộ đội Biên phòng thành phố", None, "bo-chi-huy-bo-doi-bien-phong-tinh", id="bdbp-tp-w49"),
    pytest.param("Ban Chỉ huy Phòng thủ dân sự tỉnh", None, "ban-chi-huy-phong-thu-dan-su-tinh", id="bch-ptds-w59"),
    # province: branches of central bodies, regional branches
    pytest.param("Thuế tỉnh Cà Mau", None, "thue-tinh", id="thue-tinh-w06"),
    pytest.param("Thống kê tỉnh Bắc Ninh", None, "thong-ke-tinh", id="thong-ke-tinh-w05"),
    pytest.param("Bảo hiểm xã hội Thành phố", None, "bao-hiem-xa-hoi-tinh", id="bhxh-tp-w03"),
    pytest.param("BHXH tỉnh", None, "bao-hiem-xa-hoi-tinh", id="bhxh-abbr-test-agencies"),
    pytest.param("Kho bạc Nhà nước tỉnh", None, "kho-bac-nha-nuoc-tinh", id="kbnn-tinh-test-agencies"),
    pytest.param("Cục Thuế tỉnh", None, "cuc-thue-tinh", id="cuc-thue-tinh-test-agencies"),
    pytest.param("Kho bạc nhà nước khu vực XI", None, "kho-bac-nha-nuoc-khu-vuc", id="kbnn-kv-w53"),
    pytest.param("Ngân hàng Nhà nước chi nhánh khu vực 14", None, "ngan-hang-nha-nuoc-chi-nhanh-khu-vuc", id="nhnn-kv-w17"),
    pytest.param("Chi cục Hải quan khu vực XIX", None, "chi-cuc-hai-quan-khu-vuc", id="hq-kv-w49"),
    pytest.param("Kiểm toán nhà nước khu vực V", None, "kiem-toan-nha-nuoc-khu-vuc", id="ktnn-kv-w06"),
    pytest.param("Chi nhánh Ngân hàng Chính sách xã hội Thành phố", None, "chi-nhanh-ngan-hang-chinh-sach-xa-hoi-tinh", id="nhcsxh-w03"),
    pytest.param("Công ty Điện lực Đắk Lắk", None, "cong-ty-dien-luc-tinh", id="pc-daklak-w35"),
    pytest.param("Tổng Công ty điện lực TP Hà Nội", None, "tong-cong-ty-dien-luc-thanh-pho-ha-noi", id="evnhanoi-w13"),
    # province: bodies under the departments, press
    pytest.param("Trung tâm Kiểm soát bệnh tật tỉnh", None, "trung-tam-kiem-soat-benh-tat-tinh", id="cdc-w34"),
    pytest.param("Chi cục Chăn nuôi và Thú y", None, "chi-cuc-chan-nuoi-va-thu-y", id="ccnty-w31"),
    pytest.param("Chi cục Biển đảo và Thủy sản", None, "chi-cuc-thuy-san-va-bien-dao", id="cc-bdts-w40"),
    pytest.param("Chi cục Dân số - Xã hội", None, "chi-cuc-dan-so", id="cc-ds-xh-w17"),
    pytest.param("Hội đồng TĐKT tỉnh", None, "hoi-dong-thi-dua-khen-thuong-tinh", id="hd-tdkt-w57"),
    pytest.param("Đài Phát thanh và Truyền hình Thành phố", None, "dai-phat-thanh-va-truyen-hinh-tinh", id="dai-ptth-w03"),
    pytest.param("Báo và Phát thanh, Truyền hình Cần Thơ", None, "bao-va-phat-thanh-truyen-hinh-tinh", id="bao-ptth-w45"),
    # province: Party and Fatherland Front
    pytest.param("Tỉnh ủy", None, "tinh-uy", id="tinh-uy-w01"),
    pytest.param("Thành ủy", None, "tinh-uy", id="thanh-uy-w01"),
    pytest.param("Thường trực Tỉnh ủy", None, "thuong-truc-tinh-uy", id="tt-tu-w06"),
    pytest.param("TT. Tỉnh ủy", None, "thuong-truc-tinh-uy", id="tt-tu-abbr-w34"),
    pytest.param("Ban Thường vụ Tỉnh ủy Đắk Lắk", None, "ban-thuong-vu-tinh-uy", id="btv-tu-w24"),
    pytest.param("Văn phòng Thành ủy", None, "van-phong-tinh-uy", id="vp-thanh-uy-w41"),
    pytest.param("Ban Tổ chức Tỉnh ủy", None, "ban-to-chuc-tinh-uy", id="btc-tu-w58"),
    pytest.param("Ban Tuyên giáo và Dân vận TU", None, "ban-tuyen-giao-va-dan-van-tinh-uy", id="btgdv-tu-w35"),
    pytest.param("Ủy ban Kiểm tra Tỉnh ủy", None, "uy-ban-kiem-tra-tinh-uy", id="ubkt-tu-w53"),
    pytest.param("Đảng ủy UBND TP", None, "dang-uy-ubnd-tinh", id="du-ubnd-w15"),
    pytest.param("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", None, "uy-ban-mat-tran-to-quoc-viet-nam-tinh", id="mttq-tinh-w02"),
    pytest.param("Ủy ban MTTQVN Thành phố", None, "uy-ban-mat-tran-to-quoc-viet-nam-tinh", id="mttq-tp-abbr-w48"),
    pytest.param("UBMTTQVN tỉnh", None, "uy-ban-mat-tran-to-quoc-viet-nam-tinh", id="mttq-abbr-w34"),
    pytest.param("Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", None, "tinh-doan", id="tinh-doan-full-w18"),
    pytest.param("Liên đoàn Lao động tỉnh", None, "lien-doan-lao-dong-tinh", id="ldld-w18"),
    pytest.param("Hội Nông dân tỉnh", None, "hoi-nong-dan-tinh", id="hnd-w18"),
    pytest.param("Liên hiệp các Hội Khoa học và Kỹ thuật", None, "lien-hiep-cac-hoi-khoa-hoc-va-ky-thuat-tinh", id="lhh-w16"),
    # province: courts
    pytest.param("Tòa án nhân dân thành phố", None, "toa-an-nhan-dan-tinh", id="tand-tp-w49"),
    pytest.param("Viện KSND TP", None, "vien-kiem-sat-nhan-dan-tinh", id="vksnd-tp-abbr-w49"),
    pytest.param("Viện kiểm sát nhân dân tỉnh", None, "vien-kiem-sat-nhan-dan-tinh", id="vksnd-tinh-w53"),
    # commune level (2025) and the abolished district level
    pytest.param("UBND cấp xã", None, "uy-ban-nhan-dan-xa", id="ubnd-cap-xa-w14"),
    pytest.param("Ủy ban nhân dân cấp xã", None, "uy-ban-nhan-dan-xa", id="ubnd-cap-xa-full-w05"),
    pytest.param("Ủy ban nhân dân xã Hòa Thịnh", None, "uy-ban-nhan-dan-xa", id="ubnd-xa-named-hoa-thinh-w25"),
    pytest.param("UBND phường", None, "uy-ban-nhan-dan-xa", id="ubnd-phuong"),
    pytest.param("Phòng Kinh tế cấp xã", None, "phong-kinh-te-xa", id="phong-kt-xa-w07"),
    pytest.param("Đảng ủy xã", None, "dang-uy-xa", id="dang-uy-xa-w49"),
    pytest.param("Công an xã", None, "cong-an-xa", id="ca-xa"),
    pytest.param("UBND cấp huyện", None, "uy-ban-nhan-dan-huyen", id="ubnd-cap-huyen-test-agencies"),
    pytest.param("Ủy ban nhân dân quận", None, "uy-ban-nhan-dan-huyen", id="ubnd-quan"),
    pytest.param("Phòng Nội vụ quận", None, "phong-noi-vu-huyen", id="phong-nv-quan-seeds"),
    pytest.param("Huyện ủy", None, "huyen-uy", id="huyen-uy"),
]


@pytest.mark.parametrize(("form", "province", "expected"), ENTRY_CASES)
def test_resolves_to_entry(registry, form, province, expected):
    match = registry.resolve(form, province=province)
    assert match is not None, form
    assert match.entry.id == expected


# --- canonical names and registry ids with a province -----------------------------------------------

CANONICAL_CASES = [
    pytest.param("Sở KH&ĐT tỉnh Hà Tĩnh", None, "Sở Kế hoạch và Đầu tư tỉnh Hà Tĩnh", "so-ke-hoach-va-dau-tu@ha-tinh", id="skhdt-ha-tinh"),
    pytest.param("Sở Nội vụ", "Lào Cai", "Sở Nội vụ tỉnh Lào Cai", "so-noi-vu@lao-cai", id="snv-lao-cai"),
    pytest.param("Ủy ban nhân dân tỉnh Hà Nội", None, "Ủy ban nhân dân thành phố Hà Nội", "uy-ban-nhan-dan-tinh@ha-noi", id="ubnd-ha-noi-city"),
    pytest.param("UBND tỉnh", "Huế", "Ủy ban nhân dân thành phố Huế", "uy-ban-nhan-dan-tinh@hue", id="ubnd-hue-city"),
    pytest.param("Ủy ban nhân dân tỉnh Thừa Thiên Huế", None, "Ủy ban nhân dân thành phố Huế", "uy-ban-nhan-dan-tinh@hue", id="ubnd-thua-thien-hue"),
    pytest.param("Sở Y tế", "Hà Nội", "Sở Y tế thành phố Hà Nội", "so-y-te@ha-noi", id="syt-ha-noi"),
    pytest.param("UBND TP", "Cần Thơ", "Ủy ban nhân dân thành phố Cần Thơ", "uy-ban-nhan-dan-tinh@can-tho", id="ubnd-tp-can-tho"),
    pytest.param("Sở Tài chính", "Hồ Chí Minh", "Sở Tài chính thành phố Hồ Chí Minh", "so-tai-chinh@ho-chi-minh", id="stc-hcm"),
    pytest.param("Sở NN&MT", "Đắk Lắk", "Sở Nông nghiệp và Môi trường tỉnh Đắk Lắk", "so-nong-nghiep-va-moi-truong@dak-lak", id="snnmt-dak-lak"),
    pytest.param("Sở KH&CN", "Bắc Ninh", "Sở Khoa học và Công nghệ tỉnh Bắc Ninh", "so-khoa-hoc-va-cong-nghe@bac-ninh", id="skhcn-bac-ninh"),
    pytest.param("Sở Xây dựng Lâm Đồng", None, "Sở Xây dựng tỉnh Lâm Đồng", "so-xay-dung@lam-dong", id="sxd-lam-dong"),
    pytest.param("Văn phòng UBND tỉnh", "Nghệ An", "Văn phòng Ủy ban nhân dân tỉnh Nghệ An", "van-phong-ubnd-tinh@nghe-an", id="vpubnd-nghe-an"),
    pytest.param("Công an tỉnh", "Hà Tĩnh", "Công an tỉnh Hà Tĩnh", "cong-an-tinh@ha-tinh", id="ca-ha-tinh"),
    pytest.param("Công an thành phố", "Hà Nội", "Công an thành phố Hà Nội", "cong-an-tinh@ha-noi", id="ca-ha-noi"),
    pytest.param("Thuế tỉnh Cà Mau", None, "Thuế tỉnh Cà Mau", "thue-tinh@ca-mau", id="thue-ca-mau"),
    pytest.param("Tỉnh ủy", "Hà Tĩnh", "Tỉnh ủy Hà Tĩnh", "tinh-uy@ha-tinh", id="tinh-uy-ha-tinh"),
    pytest.param("Thành ủy", "Hà Nội", "Thành ủy Hà Nội", "tinh-uy@ha-noi", id="thanh-uy-ha-noi"),
    pytest.param("Ban Tổ chức Tỉnh ủy", "Cần Thơ", "Ban Tổ chức Thành ủy Cần Thơ", "ban-to-chuc-tinh-uy@can-tho", id="btc-thanh-uy-can-tho"),
    pytest.param("Bộ Tài chính", None, "Bộ Tài chính", "bo-tai-chinh", id="central-no-province"),
    pytest.param("VPCP", None, "Văn phòng Chính phủ", "van-phong-chinh-phu", id="central-abbr"),
]


@pytest.mark.parametrize(("form", "province", "canonical", "registry_id"), CANONICAL_CASES)
def test_canonical_name(registry, form, province, canonical, registry_id):
    match = registry.resolve(form, province=province)
    assert match is not None, form
    assert match.canonical == canonical
    assert match.registry_id == registry_id


# --- the level of a few entries --------------------------------------------------------------------

LEVEL_CASES = [
    pytest.param("Bộ Xây dựng", "trung_uong", id="ministry"),
    pytest.param("Sở Xây dựng", "tinh", id="department"),
    pytest.param("UBND cấp xã", "xa", id="commune"),
    pytest.param("UBND cấp huyện", "khac", id="abolished-district"),
    pytest.param("Kho bạc nhà nước khu vực XI", "khac", id="regional-branch"),
]


@pytest.mark.parametrize(("form", "level"), LEVEL_CASES)
def test_level(registry, form, level):
    match = registry.resolve(form)
    assert match is not None, form
    assert match.level == level


# --- bodies merged in the 2025 reorganisation -> the body that took their work ------------------------
# `current` is a registry id: with a province named, the successor in that province (or in the
# province that took it over in 2025).

SUCCESSOR_CASES = [
    pytest.param("Sở KH&ĐT", None, "so-tai-chinh", id="skhdt"),
    pytest.param("Sở Kế hoạch và Đầu tư tỉnh Hà Tĩnh", None, "so-tai-chinh@ha-tinh", id="skhdt-ha-tinh"),
    # Long An was merged into Tây Ninh on 1 July 2025: the work is now with Sở Xây dựng tỉnh Tây Ninh
    pytest.param("Sở Giao thông vận tải tỉnh Long An", None, "so-xay-dung@tay-ninh", id="sgtvt-seeds"),
    pytest.param("Sở Tài nguyên và Môi trường", None, "so-nong-nghiep-va-moi-truong", id="stnmt-seeds"),
    pytest.param("Sở NN&PTNT", None, "so-nong-nghiep-va-moi-truong", id="snnptnt"),
    pytest.param("Sở Thông tin và Truyền thông", None, "so-khoa-hoc-va-cong-nghe", id="stttt-seeds"),
    pytest.param("Sở LĐ-TB&XH", None, "so-noi-vu", id="sldtbxh"),
    pytest.param("Ban Dân tộc tỉnh", None, "so-dan-toc-va-ton-giao", id="ban-dan-toc"),
    pytest.param("Bộ Kế hoạch và Đầu tư", None, "bo-tai-chinh", id="bkhdt"),
    pytest.param("Bộ GTVT", None, "bo-xay-dung", id="bgtvt"),
    pytest.param("Bộ Tài nguyên Môi trường", None, "bo-nong-nghiep-va-moi-truong", id="btnmt-w31"),
    pytest.param("Bộ Nông nghiệp và PTNT", None, "bo-nong-nghiep-va-moi-truong", id="bnnptnt-w31"),
    pytest.param("Bộ Thông tin và Truyền thông", None, "bo-khoa-hoc-va-cong-nghe", id="btttt-w47"),
    pytest.param("Bộ Lao động - Thương binh và Xã hội", None, "bo-noi-vu", id="bldtbxh-w46"),
    pytest.param("Ủy ban Dân tộc", None, "bo-dan-toc-va-ton-giao", id="ubdt"),
    pytest.param("Tổng cục Thủy sản", None, "cuc-thuy-san-va-kiem-ngu", id="tcts-w31"),
    pytest.param("Kho bạc Nhà nước tỉnh", None, "kho-bac-nha-nuoc-khu-vuc", id="kbnn-tinh"),
    pytest.param("Ban Tuyên giáo Tỉnh ủy", None, "ban-tuyen-giao-va-dan-van-tinh-uy", id="btg-tu"),
    # bodies in force have no successor
    pytest.param("Sở Tài chính", None, None, id="stc-current"),
    pytest.param("Sở Tài chính", "Cà Mau", None, id="stc-current-ca-mau"),
    pytest.param("Bộ Nông nghiệp và Môi trường", None, None, id="bnnmt-current"),
    pytest.param("Bảo hiểm xã hội Việt Nam", None, None, id="bhxhvn-current"),
]


@pytest.mark.parametrize(("form", "province", "current"), SUCCESSOR_CASES)
def test_successor(registry, form, province, current):
    match = registry.resolve(form, province=province)
    assert match is not None, form
    assert match.current == current


# --- forms that name no registered agency ----------------------------------------------------------

NEGATIVE_CASES = [
    pytest.param("Công ty TNHH Minh Phát", id="unknown-company"),
    pytest.param("Công ty cổ phần tập đoàn Đồng Tâm", id="company-w06"),
    pytest.param("Tập đoàn FPT", id="private-group-w19"),
    pytest.param("các sở, ban, ngành", id="collective-w03"),
    pytest.param("các đơn vị liên quan", id="vague-collective"),
    pytest.param("các cơ quan, đơn vị có liên quan", id="vague-collective-w05"),
    pytest.param("Các doanh nghiệp", id="companies-w12"),
    pytest.param("cơ quan Trung ương", id="central-bodies-vague"),
    pytest.param("Phạm Minh Chính", id="person-w25"),
    pytest.param("Bùi Thanh Sơn", id="person-w52"),
    pytest.param("Ban Đại diện cha mẹ học sinh", id="parents-board-w49"),
    pytest.param("tài nguyên và môi trường", id="plain-words-w14"),
    pytest.param("giao thông vận tải", id="plain-words-w12"),
    pytest.param("khắc phục hậu quả mưa lũ", id="plain-phrase"),
]


@pytest.mark.parametrize("form", NEGATIVE_CASES)
def test_unknown_forms_give_none(registry, form):
    assert registry.resolve(form) is None


def test_former_provinces_table_is_what_the_package_says():
    # rules/registry/former_provinces.yaml is generated from vietnamadminunits (a dev dependency)
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "scripts" / "build_former_provinces.py"
    spec = importlib.util.spec_from_file_location("build_former_provinces", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--check"]) == 0, "run python scripts/build_former_provinces.py and commit"


def test_former_provinces_have_their_successor(registry):
    merged = {p.name: p.successor for p in registry.provinces if not p.current}
    assert len(merged) == 63 - 34
    assert merged["Quảng Nam"] == "da-nang" and merged["Bình Dương"] == "ho-chi-minh"


def test_a_registrys_memos_stay_bounded_in_a_long_running_process(monkeypatch):
    # the memos of resolved names and keys grew with every distinct name an app or watch ever read
    from extractor import registry as registry_module

    monkeypatch.setattr(registry_module, "_MEMO_LIMIT", 3)
    fresh = load_registry()
    names = ["Sở Tài chính", "Sở Nội vụ", "Sở Tư pháp", "Sở Y tế", "Sở Xây dựng", "Sở Tài chính"]
    found = [fresh.resolve(name) is not None for name in names]
    assert found == [True] * len(names)
    assert len(fresh._resolved) <= 3 and len(fresh._keys) <= 3
