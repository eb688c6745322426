"""`python -m bench.sheet FOLDER ROWS`: the workbook a unit sends, ROWS activities of the
shipped plan's tasks spread over the year, for the benchmark of `cchc import`."""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

# Tasks of the shipped plan with a form each may use (a code or the name the plan shows).
TASKS = (("vp-1", "hoi-nghi"), ("vp-2", "Tin, bài trên trang tin của Sở"), ("vp-3", "hoi-nghi"),
         ("qlvh-1", "van-nghe"), ("qlvh-2", "pano"), ("ttvhnt-1", "Xe tuyên truyền lưu động"),
         ("ttvhnt-2", "van-nghe"), ("tcct-1", "phat-thanh-truyen-hinh"))
NAME = "nhap-lieu.xlsx"


def write_workbook(folder: Path, rows: int, seed: int = 18) -> Path:
    from openpyxl import Workbook

    chosen = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hoạt động")
    sheet.append(["Nhiệm vụ", "Ngày thực hiện", "Tên hoạt động", "Hình thức", "Số lượng",
                  "Đơn vị tính", "Số người tham dự", "Kinh phí (đồng)"])
    for number in range(rows):
        day = dt.date(2020, 1, 1) + dt.timedelta(days=chosen.randrange(340))
        task, form = chosen.choice(TASKS)
        sheet.append([task, day, f"Hoạt động nhập từ bảng tính số {number + 1}",
                      form, chosen.randint(1, 5), "tin bài",
                      chosen.randint(0, 300), chosen.randrange(0, 5_000_000, 50_000)])
    path = folder / NAME
    book.save(path)
    return path


if __name__ == "__main__":
    write_workbook(Path(sys.argv[1]), int(sys.argv[2]))
