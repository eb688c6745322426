"""`cchc serve` driven in a real browser: the distribution's Chromium, through Playwright
(which never downloads a browser here: it is given the system's executable). The screenshots
of each page are saved where `CCHC_SCREENSHOTS` says (the README's come from there)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import run_cchc
from web_server import Server, serving

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium() -> str:
    found = os.environ.get("CCHC_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    assert found, "Chromium is installed by .ci/system-packages"
    return found


def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CCHC_SCREENSHOTS") or tmp_path / "screens")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def browser_page(repo: Path) -> Iterator[tuple[Any, Server]]:
    from playwright.sync_api import sync_playwright

    with serving(repo) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(20_000)
        page.goto(server.address)  # the token, once, becomes a cookie
        yield page, server
        browser.close()


def test_add_see_a_field_error_edit_and_remove_through_the_forms(
    browser_page: tuple[Any, Server], repo: Path, tmp_path: Path
) -> None:
    page, server = browser_page
    folder = shots(tmp_path)
    assert page.url == server.base + "/"
    page.screenshot(path=str(folder / "tong-quan.png"), full_page=True)
    page.get_by_role("link", name="Hoạt động", exact=True).click()
    form = page.locator("form.record")
    form.locator('select[name="task"]').select_option("vp-2")
    form.locator('input[name="date"]').fill("31/04/2020")
    form.locator('input[name="title"]').fill("Đăng tin trên trang của Sở")
    error = form.locator("#loi-date")
    error.filter(has_text="không có thật").wait_for()  # checked as typed, beside the field
    assert error.inner_text().strip() == "ngày «31/04/2020» không có thật: tháng 4 năm 2020 có 30 ngày"
    assert form.locator('input[name="date"]').get_attribute("aria-invalid") == "true"
    page.screenshot(path=str(folder / "hoat-dong-loi.png"), full_page=True)
    form.locator('input[name="date"]').fill("30/04/2020")
    form.locator('select[name="form"]').select_option("trang-tin")
    form.get_by_label("Cơ chế một cửa, một cửa liên thông").check()
    form.locator('input[name="quantity"]').fill("3")
    form.locator('input[name="measure"]').fill("tin bài")
    form.locator('input[name="cost"]').fill("1.250.000")
    page.wait_for_function("document.querySelector('#loi-date').textContent.trim() === ''")
    form.get_by_role("button", name="Ghi hoạt động").click()
    saved = page.locator("p.saved")
    assert saved.inner_text().startswith("Đã ghi hoạt động HD-2020-0001-")
    record_id = saved.inner_text().removeprefix("Đã ghi hoạt động ").rstrip(".")
    listed = run_cchc("list", "--json", cwd=repo).json()
    assert listed == [{"id": record_id, "date": "2020-04-30", "unit": "van-phong-so", "task": "vp-2",
                       "title": "Đăng tin trên trang của Sở", "form": "trang-tin",
                       "contents": ["mot-cua"], "quantity": 3, "measure": "tin bài", "cost": 1250000}]
    page.screenshot(path=str(folder / "hoat-dong.png"), full_page=True)
    # Edit: the quantity, through the record's own form.
    page.get_by_role("link", name=f"Sửa {record_id}").click()
    page.locator('form.record input[name="quantity"]').fill("4")
    page.get_by_role("button", name="Lưu").click()
    assert page.locator("p.saved").inner_text() == f"Đã ghi hoạt động {record_id}."
    assert run_cchc("list", "--json", cwd=repo).json()[0]["quantity"] == 4
    # Remove, after the browser asks.
    page.get_by_role("link", name=f"Sửa {record_id}").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Xóa hoạt động này").click()
    assert page.locator("p.saved").inner_text() == "Đã xóa hoạt động."
    assert run_cchc("list", "--json", cwd=repo).json() == []


def test_progress_notes_and_a_downloaded_report(
    browser_page: tuple[Any, Server], repo: Path, tmp_path: Path
) -> None:
    page, _ = browser_page
    folder = shots(tmp_path)
    page.get_by_role("link", name="Tiến độ").click()
    form = page.locator("form.record")
    form.locator('select[name="task"]').select_option("vp-3")
    form.locator('select[name="quarter"]').select_option("2")
    form.locator('select[name="status"]').select_option("in_progress")
    form.locator('input[name="percent"]').fill("60")
    form.get_by_role("button", name="Ghi tiến độ").click()
    assert page.locator("p.saved").inner_text().startswith("Đã ghi tiến độ TD-2020-0001-")
    assert "Đang triển khai" in page.locator("tr", has_text="vp-3").first.inner_text()
    page.screenshot(path=str(folder / "tien-do.png"), full_page=True)
    page.get_by_role("link", name="Ghi chép").click()
    page.locator('select[name="period"]').select_option("Q2")
    page.locator('select[name="section"]').select_option("kho-khan")
    page.locator('textarea[name="text"]').fill("Kinh phí tuyên truyền còn hạn chế.")
    page.get_by_role("button", name="Ghi", exact=True).click()
    assert page.locator("p.saved").inner_text().startswith("Đã ghi GC-2020-0001-")
    page.screenshot(path=str(folder / "ghi-chep.png"), full_page=True)
    page.get_by_role("link", name="Báo cáo").click()
    page.locator('select[name="period"]').select_option("Q2")
    page.get_by_role("button", name="Xem").click()
    assert "Kinh phí tuyên truyền còn hạn chế." in page.locator("article.report").inner_text()
    page.screenshot(path=str(folder / "bao-cao.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="DOCX").click()
    target = tmp_path / download.value.suggested_filename
    download.value.save_as(target)
    assert target.name == "bao-cao-2020-Q2.docx"
    import docx

    text = [paragraph.text for paragraph in docx.Document(str(target)).paragraphs]
    assert "BÁO CÁO" in text and "Kinh phí tuyên truyền còn hạn chế." in text
    phone = page.context.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(page.url.split("/bao-cao")[0] + "/")
    phone.screenshot(path=str(folder / "dien-thoai.png"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling


def test_the_pages_are_usable_with_the_keyboard(browser_page: tuple[Any, Server]) -> None:
    page, _ = browser_page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Bỏ qua thanh điều hướng"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Tổng quan"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/hoat-dong")
    assert page.locator("h1").inner_text() == "Hoạt động"


def test_twenty_browsers_and_the_command_line_writing_at_once_lose_nothing(repo: Path) -> None:
    from playwright.async_api import async_playwright

    async def write_from(browser: Any, server: Server, number: int) -> None:
        context = await browser.new_context()
        page = await context.new_page()
        page.set_default_timeout(60_000)
        await page.goto(server.base + f"/hoat-dong?token={server.token}")
        form = page.locator("form.record")
        await form.locator('select[name="task"]').select_option("vp-1")
        await form.locator('input[name="date"]').fill(f"{1 + number:02d}/05/2020")
        await form.locator('input[name="title"]').fill(f"Từ trình duyệt {number}")
        await form.get_by_role("button", name="Ghi hoạt động").click()
        await page.locator("p.saved").wait_for()
        await context.close()

    async def everyone(server: Server) -> None:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium(), args=ARGS)
            command_line = [await asyncio.create_subprocess_exec(
                sys.executable, "-m", "cchc_plan", "add-activity", "-t", "vp-2", "-d", f"{10 + number}/06/2020",
                "--title", f"Từ dòng lệnh {number}", cwd=repo, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL) for number in range(5)]
            await asyncio.gather(*(write_from(browser, server, number) for number in range(20)))
            assert [await process.wait() for process in command_line] == [0] * 5
            await browser.close()

    with serving(repo) as server:
        asyncio.run(everyone(server))
    titles = sorted(item["title"] for item in run_cchc("list", "--json", cwd=repo).json())
    assert titles == sorted([*(f"Từ trình duyệt {number}" for number in range(20)),
                             *(f"Từ dòng lệnh {number}" for number in range(5))])
    assert run_cchc("check", cwd=repo).code == 0
    assert run_cchc("fmt", "--check", cwd=repo).code == 0  # still in canonical order


def test_a_page_shows_a_change_on_disk_without_a_restart(browser_page: tuple[Any, Server], repo: Path) -> None:
    page, _ = browser_page
    card = page.locator(".card .big").nth(1)
    assert card.inner_text() == "0"
    assert run_cchc("add-activity", "-t", "vp-1", "-d", "15/04/2020", "--title", "Từ dòng lệnh",
                    cwd=repo).code == 0
    page.wait_for_function("document.querySelectorAll('.card .big')[1].textContent === '1'")
    page.get_by_role("link", name="Hoạt động", exact=True).click()
    assert run_cchc("add-activity", "-t", "vp-1", "-d", "16/04/2020", "--title", "Lần nữa",
                    cwd=repo).code == 0
    page.locator("#da-doi").wait_for()  # a page with a form says so, and waits for the clerk
    assert page.locator("#da-doi").inner_text() == "Tệp kế hoạch vừa thay đổi. Tải lại trang"
