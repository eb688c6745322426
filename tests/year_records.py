"""A year of work on the shipped 2020 plan, recorded as a clerk would through the real CLI:
activities on both sides of every cut-off of Nghị định 09/2019 (14th/15th of the last month of
each quarter), progress with and without a percentage, notes for quarters only, and evidence
that is long or made of tokens a line must not break inside (dates, document numbers, links)."""

from __future__ import annotations

YEAR_RECORDS: list[tuple[str, ...]] = [
    # Quarter I: 15/12/2019 - 14/03/2020
    ("add-activity", "-t", "vp-1", "-d", "15/12/2019", "--title",
     "Ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2020", "-f", "cong-khai-tthc",
     "-n", "1", "--measure", "văn bản", "--evidence", "Kế hoạch số 12/KH-SVHTTDL ngày 15/12/2019"),
    ("add-activity", "-t", "vp-2", "-d", "20/01/2020", "--title", "Đăng tin bài về cải cách hành chính",
     "-f", "trang-tin", "-c", "y-nghia-cchc", "-n", "6", "--measure", "tin bài",
     "--location", "Trang thông tin điện tử của Sở",
     "--evidence", "https://svhttdl.quangngai.gov.vn/tin-tuc/cai-cach-hanh-chinh"),
    ("add-activity", "-t", "ttvhnt-2", "-d", "14/03/2020", "--title",
     "Biểu diễn văn nghệ lưu động tuyên truyền CCHC", "-f", "van-nghe", "-c", "trach-nhiem",
     "-n", "2", "--measure", "buổi", "--participants", "900", "--cost", "3500000",
     "--location", "Xã Sơn Bao, huyện Sơn Hà"),
    # Quarter II: 15/03/2020 - 14/06/2020
    ("add-activity", "-t", "vp-3", "-d", "15/03/2020", "--title", "Hội nghị phổ biến Nghị định 61",
     "-f", "hoi-nghi", "-c", "van-ban-phap-luat", "-c", "mot-cua", "-n", "1", "--measure",
     "hội nghị", "--participants", "85", "--cost", "2000000", "--location", "Hội trường Sở",
     "--evidence", "Giấy mời số 12/GM-SVHTTDL"),
    ("add-activity", "-t", "ttvhnt-1", "-d", "02/04/2020", "--title", "Thiết kế pano tuyên truyền CCHC",
     "-f", "pano", "-c", "y-nghia-cchc", "-n", "3", "--measure", "pano", "--cost", "4500000",
     "--location", "Quảng trường Phạm Văn Đồng"),
    ("add-activity", "-t", "qlvh-1", "-d", "14/06/2020", "--title",
     "Niêm yết công khai thủ tục hành chính lĩnh vực văn hóa", "-f", "cong-khai-tthc",
     "-c", "mot-cua", "-n", "45", "--measure", "thủ tục", "--location", "Bộ phận một cửa",
     "--evidence", "Quyết định số 1234/QĐ-UBND ngày 10/06/2020"),
    # Quarter III: 15/06/2020 - 14/09/2020
    ("add-activity", "-t", "vp-2", "-d", "15/06/2020", "--title", "Đăng tin bài về một cửa điện tử",
     "-f", "trang-tin", "-c", "chinh-quyen-dien-tu", "-n", "4", "--measure", "tin bài",
     "--evidence", "https://svhttdl.quangngai.gov.vn/tin-tuc/mot-cua-dien-tu"),
    ("add-activity", "-t", "tcct-1", "-d", "20/07/2020", "--title", "Chuyên mục cải cách hành chính",
     "-f", "phat-thanh-truyen-hinh", "-c", "sang-kien", "-n", "2", "--measure", "phóng sự",
     "--cost", "1250000"),
    ("add-activity", "-t", "ttvhnt-2", "-d", "14/09/2020", "--title", "Xe tuyên truyền lưu động",
     "-f", "xe-luu-dong", "-c", "trach-nhiem", "-n", "5", "--measure", "buổi",
     "--participants", "1250", "--cost", "6000000", "--location", "Huyện Ba Tơ"),
    # Quarter IV: 15/09/2020 - 14/12/2020
    ("add-activity", "-t", "qlvh-2", "-d", "15/09/2020", "--title",
     "Lớp tập huấn nghiệp vụ lồng ghép nội dung CCHC", "-f", "hoi-nghi", "-c", "trach-nhiem",
     "-n", "1", "--measure", "lớp", "--participants", "60", "--cost", "8000000",
     "--location", "Trung tâm Văn hóa - Nghệ thuật tỉnh", "--evidence", "Công văn số 850/SVHTTDL-QLVH"),
    ("add-activity", "-t", "vp-4", "-d", "14/12/2020", "--title", "Tổng kết công tác tuyên truyền CCHC",
     "-f", "hoi-nghi", "-n", "1", "--measure", "hội nghị", "--participants", "40"),
    # Progress
    ("progress", "-t", "vp-1", "-q", "1", "-s", "done"),
    ("progress", "-t", "vp-2", "-q", "1", "-s", "in_progress", "--percent", "25"),
    ("progress", "-t", "vp-2", "-q", "2", "-s", "in_progress", "--percent", "60",
     "--note", "Đã đăng 6/10 tin bài"),
    ("progress", "-t", "vp-2", "-q", "4", "-s", "done"),
    ("progress", "-t", "vp-3", "-q", "2", "-s", "done"),
    ("progress", "-t", "ttvhnt-1", "-q", "2", "-s", "in_progress", "--percent", "95"),
    ("progress", "-t", "ttvhnt-2", "-q", "3", "-s", "done"),
    ("progress", "-t", "qlvh-1", "-q", "2", "-s", "done"),
    ("progress", "-t", "tcct-1", "-q", "3", "-s", "in_progress", "--percent", "50"),
    # Notes, quarter by quarter only: the longer reports must show them
    ("note", "-q", "1", "-s", "chi-dao", "Sở ban hành Kế hoạch số 12/KH-SVHTTDL ngày 15/12/2019."),
    ("note", "-q", "1", "-s", "kho-khan", "Kinh phí chưa được cấp."),
    ("note", "-q", "2", "-s", "kho-khan", "Kinh phí tuyên truyền còn hạn chế."),
    ("note", "-q", "2", "-s", "kien-nghi", "Đề nghị bố trí kinh phí cho xe lưu động."),
    ("note", "-q", "3", "-s", "danh-gia", "Các đơn vị thực hiện đúng tiến độ."),
    ("note", "-q", "4", "-s", "chi-dao", "Sở chỉ đạo tổng kết công tác tuyên truyền năm 2020."),
    ("note", "--annual", "-s", "kien-nghi", "Đề nghị UBND tỉnh bố trí kinh phí năm 2021."),
]
