"""What the whole-journey browser tests share: each page a person works on
saved in both languages at desktop and phone width, and small real files
to attach (a PNG and a PDF the task page previews)."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from tests.browser.conftest import shot

DESKTOP = {"width": 1280, "height": 900}
PHONE_390 = {"width": 390, "height": 844}
WIDTHS = (("1280", DESKTOP), ("390", PHONE_390))


def png(label: str = "proof") -> dict[str, Any]:
    """A small real PNG (a grey sheet with a line of text), for the preview."""
    image = Image.new("RGB", (320, 200), "#f2f2f2")
    ImageDraw.Draw(image).text((20, 90), label, fill="#333333")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return {"name": f"{label}.png", "mimeType": "image/png", "buffer": buffer.getvalue()}


def pdf(name: str) -> dict[str, Any]:
    """A one-page PDF, enough for the browser's viewer and the type check."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return {"name": name, "mimeType": "application/pdf", "buffer": body}


def switch_language(page: Page, code: str) -> None:
    """Press the top bar's language button (the choice is kept in the session)."""
    button = page.get_by_test_id(f"lang-{code}")
    button.click()
    expect(page.get_by_test_id(f"lang-{code}")).to_have_attribute("aria-pressed", "true")


def shots(page: Page, name: str) -> None:
    """``<name>-{zh,en}-{1280,390}.png``: the page as it is now, in Chinese
    and in English, on a desktop and a 390 px phone; the page is left in
    Chinese at the width it had."""
    before = page.viewport_size or DESKTOP
    for width, size in WIDTHS:
        page.set_viewport_size(size)
        shot(page, f"{name}-zh-{width}")
    switch_language(page, "en")
    for width, size in reversed(WIDTHS):
        page.set_viewport_size(size)
        shot(page, f"{name}-en-{width}")
    switch_language(page, "zh-hans")
    page.set_viewport_size(before)


def fits_the_phone(page: Page) -> None:
    """Nothing wider than the screen: no sideways scrolling."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= (page.viewport_size or PHONE_390)["width"], width
