"""The pages in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright), over
a live server, the embedded stack and its real workers: what a loan officer and ops do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.web.conftest import open_case
from tests.web.live import serve

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    # No skipping: `make install` installs Debian's chromium; a missing browser is a failure.
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `make install` (Debian package chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _login(page: Page, base: str, user: str) -> None:
    page.goto(f"{base}/login")
    page.locator(f"button[data-user='{user}']").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_a_loan_officer_fixes_a_rejected_form_and_completes_the_onsite_confirmation(
    tmp_path: Path, page: Page
) -> None:
    with open_case(tmp_path, onsite=True) as case:
        with serve(case.app) as base:
            page.goto(f"{base}/tasks")
            expect(page).to_have_url(f"{base}/login")
            _login(page, base, "bank:GZRCB/李")
            expect(page.get_by_test_id("current-user")).to_have_text("赣州农商行瑞金支行 · 李")

            tasks = page.get_by_test_id("tasks")
            expect(tasks).to_contain_text(case.loan_no)
            tasks.get_by_role("link", name="现场确认").click()
            expect(page.get_by_role("heading", name="现场确认", exact=True)).to_be_visible()
            expect(page.get_by_test_id("loan-no")).to_have_text(case.loan_no)

            page.get_by_label("参加人员（银行、村委会/扶贫工作站）").fill("刘建国、钟德华（叶坪村委会）")
            page.get_by_label("现场确认情况").fill("借款人外出务工，家中无可供执行财产。")
            page.get_by_role("button", name="提交").click()

            summary = page.get_by_test_id("error-summary")
            expect(summary).to_contain_text("请修正以下 1 处")
            expect(page.locator("[data-field='onsiteConfirmedOn'] .field-error")).to_have_text("请选择日期")
            # Nothing typed was lost.
            expect(page.get_by_label("参加人员（银行、村委会/扶贫工作站）")).to_have_value(
                "刘建国、钟德华（叶坪村委会）"
            )
            expect(page.get_by_label("现场确认情况")).to_have_value("借款人外出务工，家中无可供执行财产。")

            page.get_by_label("确认日期").fill("2026-04-15")
            page.get_by_role("button", name="提交").click()

            expect(page.get_by_test_id("success")).to_contain_text("已提交：现场确认")
            expect(page.get_by_test_id("no-tasks")).to_be_visible()
        case.stack.settle()
        assert "Task_FileLawsuit" in case.stack.visited(case.key)


def test_ops_see_the_collection_deadline_on_the_timers_page(tmp_path: Path, page: Page) -> None:
    with open_case(tmp_path, onsite=False) as case, serve(case.app) as base:
        _login(page, base, "financial-bureau/陈")
        page.get_by_role("link", name="定时器与期限").click()
        row = page.locator("tr.statutory", has_text=case.loan_no)
        # 30 working days from 2 March 2026 (Qingming on 4–6 April skipped): ends 14 April, 24:00.
        expect(row.locator("td").nth(0)).to_have_text("2026-04-14 24:00")
        expect(row).to_contain_text("催收期满（30个工作日）")
        expect(row).to_contain_text("法定期限")
        expect(row).not_to_contain_text("暂定")

        row.get_by_role("link").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("违约处置与风险缓释金代偿")
        expect(page.get_by_test_id("subscriptions")).to_contain_text("repayment-recorded")


def test_a_bank_officer_cannot_open_the_ops_view(tmp_path: Path, page: Page) -> None:
    with open_case(tmp_path, onsite=False) as case, serve(case.app) as base:
        _login(page, base, "bank:GZRCB/李")
        expect(page.get_by_role("link", name="定时器与期限")).to_have_count(0)
        answer = page.goto(f"{base}/ops/timers")
        assert answer is not None and answer.status == 403
        expect(page.get_by_role("alert")).to_contain_text("仅对市财政局、市扶贫办、市金融局和市政府开放")
