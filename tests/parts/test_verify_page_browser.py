"""The verify page in a real browser (Debian's chromium driven by Playwright): what a person
sees for an authentic, a recalled and a cloned unit, on a phone, with JavaScript off and no
request leaving for any other asset."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from models.parts import CloneSignal, EventKind, PartUnit
from services.parts import clones, custody
from tests.factories import make_member
from tests.factories.parts import actor, make_issuer, owned_unit

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = os.path.exists(CHROMIUM)

# on CI (``CI`` set) the test runs and fails without a browser; elsewhere it may skip
pytestmark = pytest.mark.skipif(
    not HAVE_CHROMIUM and not os.environ.get("CI"), reason="chromium is not installed"
)
ORIGIN = "http://convoy.test"


@pytest.fixture
async def browser_page(http: httpx.AsyncClient) -> AsyncIterator[tuple[Any, list[str]]]:
    """A phone-sized page with JavaScript off whose requests are answered by the app."""
    from playwright.async_api import async_playwright

    requested: list[str] = []

    async def answer(route: Any) -> None:
        request = route.request
        requested.append(request.url)
        if not request.url.startswith(ORIGIN):
            await route.abort()
            return
        response = await http.get(request.url.removeprefix(ORIGIN), headers=dict(request.headers))
        await route.fulfill(
            status=response.status_code,
            headers=dict(response.headers),
            body=response.content,
        )

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = await browser.new_context(
            java_script_enabled=False,
            viewport={"width": 360, "height": 740},
            locale="zh-CN",
            is_mobile=True,
        )
        await context.route("**/*", answer)
        page = await context.new_page()
        try:
            yield page, requested
        finally:
            await context.close()
            await browser.close()


async def _open(page: Any, path: str) -> str:
    await page.goto(ORIGIN + path)
    return await page.inner_text("body")


async def test_a_person_sees_the_verdict_and_history_of_each_unit(
    browser_page: tuple[Any, list[str]],
) -> None:
    page, requested = browser_page
    # given: an authentic unit, a recalled one and a suspected clone
    issuer = await make_issuer(display_name="Tank Parts 坦克配件")
    owner = await make_member("hiddenowner", display_name="Private Owner")
    authentic, _ = await owned_unit(issuer, owner)
    recalled, _ = await owned_unit(issuer, owner)
    await custody.record_event(
        actor=actor(issuer), unit_id=recalled.unit_id, kind=EventKind.RECALLED
    )
    cloned, _ = await owned_unit(issuer, owner)
    await clones.flag(await PartUnit.get(id=cloned.unit_id), CloneSignal.CLAIM_CODE_REUSED, {})

    # when / then: the authentic one, in Chinese by default
    text = await _open(page, f"/v/{authentic.code}")
    assert "正品认证通过" in text
    assert "Tank Parts 坦克配件" in text and "北京" in text
    for step in ("出厂赋码", "发往经销商", "售出", "车主认领"):
        assert step in text
    assert "hiddenowner" not in text and "Private Owner" not in text
    assert await page.locator("script").count() == 0

    # and in English through the language link
    await page.click("nav a")
    english = await page.inner_text("body")
    assert "Authentic part" in english and "Claimed by owner" in english

    text = await _open(page, f"/v/{recalled.code}?lang=en")
    assert "Recalled" in text and "stop using it" in text

    text = await _open(page, f"/v/{cloned.code}")
    assert "疑似仿冒" in text

    text = await _open(page, "/v/NOSUCHCODE01?lang=en")
    assert "Unknown code" in text

    # every request the pages made went to the app, and only for the pages themselves
    assert requested and all(url.startswith(ORIGIN + "/v/") for url in requested)


async def test_the_page_fits_a_phone_screen(browser_page: tuple[Any, list[str]]) -> None:
    page, _ = browser_page
    issuer = await make_issuer(display_name="A maker with a rather long name for a small screen")
    owner = await make_member()
    label, _ = await owned_unit(issuer, owner)
    await page.goto(f"{ORIGIN}/v/{label.code}")
    box = await page.locator("main").bounding_box()
    assert box is not None and box["width"] <= 360
    verdict = await page.locator(".verdict").bounding_box()
    assert verdict is not None and verdict["x"] >= 0 and verdict["x"] + verdict["width"] <= 360
