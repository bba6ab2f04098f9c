"""A teacher's link in a real browser: the same run, in Vietnamese, in presenter mode, anywhere.

What only a browser shows: the address bar follows the settings, the presenter style really
enlarges the type, the language and presenter mode last while the student clicks through the
sidebar, and the "Share this page" box holds the address to send.
"""

import re

import numpy as np

from mlp_core.datasets import DataSpec
from mlp_core.training import TrainConfig, Trainer
from tests.browser.conftest import READ_TRAIN_LOSS, open_page, wait_for_app
from ui.i18n import catalogue
from ui.presenter import STYLE

VI = catalogue("vi")
PRESENTER_ROOT_PX = re.search(r"html \{ font-size: (\d+)px", STYLE).group(1) + "px"
# A teacher's run: Circles with seed 7, two hidden layers of 6 tanh units, Adam at lr 0.05,
# batch 16, a 15-epoch budget; the link also asks for Vietnamese and presenter mode.
LINK = ("studio?lang=vi&present=1&data=circles&seed=7&hidden=6-6&act=tanh&opt=adam&lr=0.05"
        "&batch=16&epochs=15")


def root_font_size(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).fontSize")


def test_a_teachers_link_opens_the_same_run_in_vietnamese_presenter_mode(page, app_url):
    open_page(page, app_url, LINK)
    page.locator("h1", has_text=VI["studio.title"]).wait_for()
    wait_for_app(page)  # the run's end, as the other tests here (under load the h1 came first)
    assert root_font_size(page) == PRESENTER_ROOT_PX
    assert page.get_by_test_id("stAlert").filter(has_text="link").count() == 0  # nothing refused
    page.locator(".st-key-studio-train button").click()
    # The run's own matrix: the untrained network's is there from the start.
    page.locator(".st-key-studio-cm_test", has_text=re.compile(r"epoch 15\)")).wait_for(
        timeout=120_000)
    wait_for_app(page, 120_000)

    ds = DataSpec("circles", seed=7).load()
    config = TrainConfig(hidden=(6, 6), activation="tanh", optimizer="adam", lr=0.05,
                         batch_size=16, epochs=15, seed=7)
    reference = Trainer(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test,
                        n_classes=ds.n_classes).run(15)
    page.wait_for_function(f"() => ({READ_TRAIN_LOSS})().length === 15")  # drawn to the end
    np.testing.assert_allclose(page.evaluate(READ_TRAIN_LOSS), reference.history.train_loss,
                               rtol=1e-6)
    # The address bar still carries the run, so reloading or forwarding it gives it again.
    for part in ("data=circles", "seed=7", "hidden=6-6", "lang=vi", "present=1"):
        assert part in page.url, part


def test_language_and_presenter_mode_last_across_pages_and_the_share_box_has_the_link(
        page, app_url):
    open_page(page, app_url, "sigmoid?w=4&b=-5&lang=vi&present=1")
    page.locator("h1", has_text=VI["sigmoid.title"]).wait_for()
    page.get_by_test_id("stSidebarNav").get_by_text(VI["app.page_anatomy"]).click()
    page.locator("h1", has_text=VI["anatomy.title"]).wait_for()
    wait_for_app(page)
    assert page.url.split("?")[0].endswith("/anatomy")
    assert root_font_size(page) == PRESENTER_ROOT_PX
    assert "lang=vi" in page.url and "present=1" in page.url
    assert "w=4" not in page.url  # the sigmoid page's settings stay with the sigmoid page

    page.get_by_test_id("stSidebarNav").get_by_text(VI["app.page_sigmoid"]).click()
    page.locator("h1", has_text=VI["sigmoid.title"]).wait_for()
    wait_for_app(page)
    assert float(page.locator(".st-key-sigmoid-w-box input").first.input_value()) == 4.0
    page.get_by_text(VI["links.share"]).click()
    shared = page.get_by_test_id("stCode").first.inner_text().strip()
    assert shared.split("?")[0].endswith("/sigmoid")
    assert {"w=4", "b=-5", "lang=vi", "present=1"} <= set(shared.split("?")[1].split("&"))


def test_presenter_mode_switched_off_gives_the_normal_type_back(page, app_url):
    open_page(page, app_url, "?present=1")
    # The style is an st.html element whose <style> the frontend mounts after the element itself
    # appears (open_page's first element): on a busy machine, a moment later.
    page.wait_for_function(
        f"() => getComputedStyle(document.documentElement).fontSize === '{PRESENTER_ROOT_PX}'")
    page.locator(".st-key-app-present label").click()
    page.wait_for_function(
        f"() => getComputedStyle(document.documentElement).fontSize !== '{PRESENTER_ROOT_PX}'")
    wait_for_app(page)
    assert "present=" not in page.url


def test_the_share_box_holds_a_change_made_in_a_fragments_own_rerun(page, app_url):
    # The discrete-regions toggle lives in the regions fragment: its rerun moves the address bar
    # but not the sidebar, where the share box is; opening the box must give today's link.
    open_page(page, app_url, "studio?seed=3")
    page.locator(".st-key-studio-discrete label").click()
    page.wait_for_url(re.compile(r"discrete="))
    wait_for_app(page)
    page.get_by_text(catalogue("en")["links.share"]).click()
    code = page.get_by_test_id("stCode").first
    code.wait_for()
    shared = code.inner_text().strip()
    assert shared.split("?")[0].endswith("/studio")
    assert set(shared.split("?")[1].split("&")) == set(page.url.split("?")[1].split("&"))
    assert {"seed=3", "discrete=1"} <= set(shared.split("?")[1].split("&"))
