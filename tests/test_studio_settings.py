"""The studio's settings schema: one declaration per setting gives the defaults, the link, the
presets' check and the TrainConfig / DataSpec the widgets describe."""

import pytest

from mlp_core.datasets import DataSpec
from mlp_core.training import TrainConfig
from ui import links, state
from ui.i18n import catalogue
from ui.studio import settings
from ui.studio.presets import PRESETS, values

LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20, seed=0)


def test_the_defaults_are_the_lectures_run():
    assert settings.train_config(state.STUDIO) == LECTURE
    assert settings.data_spec(state.STUDIO) == DataSpec("iris", test_size=0.3, seed=0)
    assert {s.key: s.default for s in settings.SETTINGS}.items() <= state.STUDIO.items()
    assert settings.hidden(state.STUDIO) == settings.BY_NAME["hidden"].default == (8,)


def test_every_setting_is_declared_once_under_its_own_key_and_url_name():
    keys = [s.key for s in settings.SETTINGS]
    urls = [s.url for s in settings.SETTINGS if s.url]
    assert len(keys) == len(set(keys)) and len(urls) == len(set(urls))
    assert [p.name for p in settings.PARAMS] == urls
    assert [p.name for p in settings.VIEW_PARAMS] == ["fx", "fy", "pca", "discrete", "net"]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_label_and_help_the_schema_names_is_in_the_catalogue(lang):
    texts = catalogue(lang)
    named = {k for s in settings.SETTINGS for k in (s.label, s.help) if k}
    assert len(named) > 15
    assert sorted(named - texts.keys()) == []


def _offered(s: settings.Setting) -> list:
    """Every value the setting's widget offers (a number input: its ends and a middle; a
    multiselect: every subset of its options, in their order)."""
    if s.widget == "multiselect":
        return [tuple(o for i, o in enumerate(s.options) if k >> i & 1)
                for k in range(2 ** len(s.options))]
    if s.options:
        return list(s.options)
    if s.widget == "slider":
        n = round((s.hi - s.lo) / s.step)
        return [type(s.lo)(round(s.lo + k * s.step, 10)) for k in range(n + 1)]
    if s.widget == "number":
        return [s.lo, (s.lo + s.hi) // 2, s.hi]
    if s.widget == "toggle":
        return [False, True]
    return [s.default]


@pytest.mark.parametrize("s", [s for s in settings.SETTINGS if s.url], ids=lambda s: s.name)
def test_every_value_a_widget_offers_travels_in_the_link_and_reads_back(s):
    codec = s.codec()
    for value in [s.default, *_offered(s)]:
        read = codec.parse(codec.show(value))
        assert read == value and type(read) is type(value), (s.name, value)


@pytest.mark.parametrize("name, value, reason", [
    ("lr", 0.03, "not one of"), ("batch", 7, "not one of"), ("hidden", (65,), "at most 6"),
    ("hidden", (8,) * 7, "at most 6"), ("test_size", 0.33, "steps of 0.05"),
    ("toy_samples", 5000, "outside"), ("epochs", 0, "outside"), ("source", "mnist", "not one of"),
    ("colour", "red", "not a studio setting"),
])
def test_a_preset_value_the_controls_do_not_offer_is_named(name, value, reason):
    [problem] = settings.problems({name: value})
    assert problem.startswith(f"{name}: ") and reason in problem


def test_the_presets_pass_the_schemas_check():
    for name in PRESETS:
        assert settings.problems(values(name)) == [], name


def test_toy_options_reach_the_data_spec_only_where_they_apply():
    chosen = {**state.STUDIO, "studio.toy_samples": 150, "studio.toy_noise": 0.2,
              "studio.toy_classes": 4}
    assert settings.data_spec(chosen) == DataSpec("iris")  # the widgets are not drawn for iris
    circles = settings.data_spec({**chosen, "studio.source": "circles"})
    assert (circles.n_samples, circles.noise, circles.n_classes) == (150, 0.2, 2)
    spiral = settings.data_spec({**chosen, "studio.source": "spiral"})
    assert spiral.n_classes == 4


def test_the_widths_in_use_make_the_hidden_layers_and_full_batch_is_none():
    chosen = {**state.STUDIO, "studio.layers": 2, "studio.width.0": 16, "studio.width.1": 4,
              "studio.width.2": 32, "studio.batch": "full", "studio.lr": 0.5}
    config = settings.train_config(chosen)
    assert config.hidden == (16, 4) and config.batch_size is None and config.lr == 0.5
    assert settings.train_config({**chosen, "studio.layers": 0}).hidden == ()


def test_a_bad_link_value_of_any_setting_is_a_bad_value_not_an_exception():
    refused = 0
    for p in settings.PARAMS:
        for text in ("", "abc", "-1", "1e999", "0.5.5", "1"):
            try:
                value = p.parse(text)
            except links.BadValue:
                refused += 1
                continue
            assert p.parse(p.show(value)) == value, (p.name, text)
    assert refused > 5 * len(settings.PARAMS)  # all but a few "1" and "-1"
