"""Each lesson's settings schema: one declaration per setting, from which the page's state
defaults, its link and its widget ranges all come, and they agree."""

import importlib
import math

import pytest

from ui import i18n, links, state
from ui.settings import Schema, Setting


def lesson_schema(page: str) -> Schema:
    """The schema declared beside app_pages/<page>.py, in ui/lessons/<page>.py."""
    return importlib.import_module(f"ui.lessons.{page}").SCHEMA


# page prefix -> (its schema, its dict in ui/state.py, the link's names as students have them).
PAGES = {
    "sigmoid": (lesson_schema("sigmoid_neuron"), state.SIGMOID, ["w", "b", "x"]),
    "softmax": (lesson_schema("softmax"), state.SOFTMAX,
                ["n", "mode", *(f"z{i}" for i in range(5)), "hours",
                 *(f"w{i}" for i in range(5)), *(f"b{i}" for i in range(5)), "y"]),
    "softmax_regression": (lesson_schema("softmax_regression"), state.SOFTMAX_REGRESSION,
                           ["theta", "hours", "y", "lr", "all", "epochs", "predict"]),
    "anatomy": (lesson_schema("mlp_anatomy"), state.ANATOMY,
                ["in", "hidden", "w1", "w2", "w3", "w4", "act", "out", "output", "weights",
                 "seed"]),
    # "wz" is not declared: which W_z it carries depends on the output (the page builds it).
    "forward_backward": (lesson_schema("forward_backward"), state.FORWARD_BACKWARD,
                         ["x1", "x2", "y", "lr", "hidden", "output", "wh", "all"]),
    "activations": (lesson_schema("activations_losses"), state.ACTIVATIONS_LOSSES,
                    ["act", "x", "loss", "z", "y", "cz", "cy"]),
}
ROUTER_NAMES = {"lang", "present"}  # app.py's own link values, on every page
SETTINGS = [pytest.param(s, id=s.key) for page, _, _ in PAGES.values() for s in page.settings]
LINKED = [p for p in SETTINGS if p.values[0].url or p.values[0].link]  # what a link can carry


@pytest.mark.parametrize("prefix", PAGES)
def test_the_page_state_is_the_schema_defaults_and_each_key_is_the_page_s(prefix):
    schema, defaults, _ = PAGES[prefix]
    assert defaults == schema.defaults
    assert defaults in state.ALL_PAGES  # kept while the student visits another page
    assert all(key.startswith(f"{prefix}.") for key in defaults)


@pytest.mark.parametrize("prefix", PAGES)
def test_the_link_keeps_its_names_and_every_name_and_rule_is_the_page_s(prefix):
    schema, _, names = PAGES[prefix]
    assert [p.name for p in schema.params] == names  # links already shared keep working
    assert len(set(names)) == len(names) and not set(names) & ROUTER_NAMES
    assert {p.key for p in schema.params} <= schema.defaults.keys()
    assert {rule.name for rule in schema.rules} <= set(names)


@pytest.mark.parametrize("setting", LINKED)
def test_every_default_round_trips_through_its_link_codec(setting):
    codec = setting.codec()
    assert codec.key == setting.key
    assert codec.parse(codec.show(setting.default)) == setting.default


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_default_is_inside_its_widget_range(setting):
    if setting.widget in ("slider", "number"):
        assert setting.lo <= setting.default <= setting.hi
        assert not setting.slider or setting.lo <= min(setting.slider) <= max(
            setting.slider) <= setting.hi
        assert setting.step > 0 and not math.isinf(setting.hi - setting.lo)
    if setting.options:
        assert setting.default in setting.options


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_label_and_help_is_in_both_catalogues(setting):
    for key in filter(None, (setting.label, setting.help)):
        assert key in i18n.catalogue("en") and key in i18n.catalogue("vi")


def test_a_key_declared_twice_is_refused():
    with pytest.raises(ValueError, match="declared twice"):
        Schema([Setting("page.a", 1), Setting("page.b", 2), Setting("page.a", 3)])


def test_a_link_value_out_of_the_declared_range_is_refused():
    # The box's range is the link's: the sigmoid page's w box takes [-100, 100].
    w = lesson_schema("sigmoid_neuron")["sigmoid.w"].codec()
    assert w.parse("99.5") == 99.5
    with pytest.raises(links.BadValue, match="outside -100 to 100"):
        w.parse("100.5")
