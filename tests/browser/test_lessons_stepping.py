"""The by-hand lessons in a browser: Next step reveals a formula; a grid edit moves numbers."""

from tests.browser.conftest import SCREENSHOTS, open_page, wait_for_app

INDEX_WIDTH = 90  # px of the row-label column of a matrix grid; the data columns share the rest


def formulas(page) -> str:
    """The text of every KaTeX formula on the page."""
    return " ".join(page.locator(".katex-display").all_inner_texts())


def wait_for_formula(page, text: str) -> None:
    """Wait until a formula shows `text`: an edit's rerun can begin after wait_for_app's grace."""
    page.locator(".katex-display").filter(has_text=text).first.wait_for()


def edit_cell(page, grid_index: int, row: int, col: int, n_rows: int, n_cols: int, text: str):
    """Open a cell of the grid (a canvas: no DOM cells), type a number, press Enter."""
    grid = page.locator("[data-testid='stDataFrame']").nth(grid_index)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    row_height = box["height"] / (n_rows + 1)  # the header row is as tall as a data row
    col_width = (box["width"] - INDEX_WIDTH) / n_cols
    x = box["x"] + INDEX_WIDTH + col_width * (col + 0.5)
    y = box["y"] + row_height * (row + 1.5)
    page.mouse.move(x, y)  # the grid tracks the hovered cell; a click without it can miss
    page.wait_for_timeout(200)
    page.mouse.click(x, y)  # select the cell, then Enter opens its editor
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)  # the cell's editor opens on the next frame
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(text, delay=50)
    page.keyboard.press("Enter")
    wait_for_app(page)


def open_lesson(page, app_url: str, path: str) -> None:
    """Open home first, then the lesson.

    Streamlit runs a fresh server in its old app_pages/-folder mode until app.py (st.navigation) has
    run once: a direct first visit to a lesson's url gets file-name navigation and no wide layout.
    """
    open_page(page, app_url)
    open_page(page, app_url, path)
    assert page.locator("[data-testid='stException']").count() == 0
    # KaTeX typesets after the app says idle (its code loads on first use): wait for the formulas.
    page.locator(".katex-display").first.wait_for()


def screenshot(page, name: str, show_last_formula: bool = False) -> None:
    """The app scrolls inside its own container: bring the newest formula into view first."""
    if show_last_formula:
        page.locator(".katex-display").last.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_softmax_regression_next_step_then_edit_theta(page, app_url):
    open_lesson(page, app_url, "softmax_regression")
    assert "0.4626" not in formulas(page)  # y_hat belongs to step 2
    page.get_by_role("button", name="Next step").click()
    wait_for_app(page)
    page.get_by_text("Showing step 2 of 5").wait_for()
    wait_for_formula(page, "0.4626")
    assert "0.5374" in formulas(page)
    screenshot(page, "softmax_regression-next-step", show_last_formula=True)

    # theta[hours, class 0] = 1.3: z = theta^T [1, 0.5] = [0.1 + 0.65, 0.2 + 0.2] = [0.75, 0.4].
    edit_cell(page, 0, row=1, col=0, n_rows=2, n_cols=2, text="1.3")
    wait_for_formula(page, "1.3000")
    assert "0.7500" in formulas(page) and "0.2500" not in formulas(page)
    screenshot(page, "softmax_regression-theta-edited")


def test_forward_backward_edit_a_weight_then_next_step(page, app_url):
    open_lesson(page, app_url, "forward_backward")
    wait_for_formula(page, "0.4000")  # h = [0.4, 0.4], the lecture's hidden layer

    # W_h[x2, h1] = 0.5: h1 = 0.1 + 1 * 0.1 + 2 * 0.5 = 1.2, h2 stays 0.4.
    edit_cell(page, 0, row=2, col=0, n_rows=3, n_cols=2, text="0.5")
    wait_for_formula(page, "1.2000")
    screenshot(page, "forward_backward-weight-edited")

    # z = 0.1 + 0.1 * 1.2 + 0.1 * 0.4 = 0.26 comes with the next step.
    assert "0.2600" not in formulas(page)
    page.get_by_role("button", name="Next step").click()
    wait_for_app(page)
    page.get_by_text("Showing step 2 of 6").wait_for()
    wait_for_formula(page, "0.2600")
    screenshot(page, "forward_backward-next-step", show_last_formula=True)
