"""Upload through the real file chooser: a good CSV is shown as text, a bad one is refused."""

from tests.browser.conftest import SCREENSHOTS, open_page, wait_for_app

HOSTILE = "<img src=x onerror=window.pwned=1>"
GOOD = (f"{HOSTILE},**bold**,label\n1,2,x\n3,4,y\n5,6,x\n7,8,y\n9,1,x\n2,2,y\n").encode()
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(64))
FILE_INPUT = "[data-testid='stFileUploader'] input[type='file']"


def upload(page, path) -> None:
    page.locator(FILE_INPUT).set_input_files(str(path))
    wait_for_app(page)


def text_elements(page) -> list[str]:
    return page.get_by_test_id("stText").all_text_contents()  # also inside a closed expander


def test_upload_good_then_bad_file(page, app_url, tmp_path):
    # Through the sidebar: a first request for /your_data runs app_pages/your_data.py without the
    # router (Streamlit matches it to the app_pages/ folder's file of that name; see the report).
    open_page(page, app_url)
    page.get_by_test_id("stSidebarNav").get_by_text("Your own data").click()
    wait_for_app(page)
    assert page.locator("h1").first.inner_text() == "Your own data"
    assert page.url.endswith("/your_data")
    assert "iris.csv: 150 rows, 5 columns." in text_elements(page)

    good = tmp_path / "mine.csv"
    good.write_bytes(GOOD)
    upload(page, good)
    page.get_by_text("mine.csv: 6 rows, 3 columns.").wait_for()
    assert page.locator("[data-testid='stException']").count() == 0
    # The header is shown literally, as typed, and nothing in it ran.
    assert f"Features: {HOSTILE} | **bold**" in text_elements(page)
    assert page.evaluate("window.pwned") is None
    page.screenshot(path=str(SCREENSHOTS / "upload-good.png"), full_page=True)

    bad = tmp_path / "photo.csv"
    bad.write_bytes(PNG)
    upload(page, bad)
    alert = page.get_by_test_id("stAlertContentError").first
    alert.wait_for()
    assert "photo.csv: This file is a PNG image, not a table of text." in alert.inner_text()
    # The previous table is still loaded and usable.
    assert "mine.csv: 6 rows, 3 columns." in text_elements(page)
    assert page.get_by_role("button", name="Train on this data").is_enabled()
    page.screenshot(path=str(SCREENSHOTS / "upload-bad.png"), full_page=True)


def test_the_upload_limit_is_the_same_50_mb_in_the_browser_and_on_the_page(page, app_url,
                                                                           tmp_path):
    # The file chooser counts 1 MB = 1,000,000 bytes: a file of exactly MAX_BYTES passes it and
    # reaches the page (which refuses its 12.5 million rows), one byte more is stopped in the
    # browser with the same 50 MB the caption and the page's own refusal state.
    from mlp_core.csv_reader import MAX_BYTES, MAX_ROWS

    open_page(page, app_url)
    page.get_by_test_id("stSidebarNav").get_by_text("Your own data").click()
    wait_for_app(page)
    assert page.get_by_text("Limits: 50 MB per file").count() == 1
    assert "50MB per file" in page.get_by_test_id("stFileUploader").inner_text()

    header, row = b"a,label\n", b"1,x\n"
    at_cap = tmp_path / "at_cap.csv"
    at_cap.write_bytes(header + row * ((MAX_BYTES - len(header)) // len(row)))
    assert at_cap.stat().st_size == MAX_BYTES
    upload(page, at_cap)
    alert = page.get_by_test_id("stAlertContentError").first
    alert.wait_for()
    assert f"at_cap.csv: The file has more than {MAX_ROWS:,} rows" in alert.inner_text()

    over = tmp_path / "over.csv"
    over.write_bytes(at_cap.read_bytes() + b"\n")
    upload(page, over)
    page.get_by_text("File must be 50.0MB or smaller.").wait_for()
    assert "over.csv" not in page.get_by_test_id("stAlertContentError").first.inner_text()
