"""AppTest: "check yourself" on the sigmoid, softmax, forward-and-backward and activations pages.

With "hide the answers" on, the page's worked numbers wait until every typed answer is right
within the tolerance; a wrong answer is told so with the formula that gives it. The expected
numbers come from the lecture and from torch, not from the page.
"""

import pytest
import torch
import torch.nn.functional as F
from streamlit.testing.v1 import AppTest

from tests.app.helpers import metrics, page_path
from ui.i18n import LANG_KEY, catalogue

EN, VI = catalogue("en"), catalogue("vi")

# The lecture's numbers at each page's defaults, computed here with torch.
SIGMOID = torch.sigmoid(torch.tensor(0.1 * 0.8 + 0.1, dtype=torch.float64)).item()  # 0.5449
SOFTMAX_Z = torch.tensor([0.0580, 0.4275], dtype=torch.float64)
SOFTMAX = torch.softmax(SOFTMAX_Z, 0).tolist()
SOFTMAX_LOSS = F.cross_entropy(SOFTMAX_Z[None], torch.tensor([0])).item()  # 0.8949


def _forward_backward():
    # The lecture's 2-2-1 network, all weights 0.1, x = (1, 2), y = 0, no hidden activation.
    W_h = torch.full((3, 2), 0.1, dtype=torch.float64, requires_grad=True)
    W_z = torch.full((3, 1), 0.1, dtype=torch.float64, requires_grad=True)
    h = torch.cat([torch.ones(1, dtype=torch.float64), torch.tensor([1.0, 2.0],
                                                                    dtype=torch.float64)]) @ W_h
    z = torch.cat([torch.ones(1, dtype=torch.float64), h]) @ W_z
    z.retain_grad()
    loss = F.binary_cross_entropy_with_logits(z, torch.zeros(1, dtype=torch.float64))
    loss.backward()
    return h.tolist(), torch.sigmoid(z).tolist(), loss.item(), z.grad.tolist()


FB_H, FB_Y_HAT, FB_LOSS, FB_DELTA = _forward_backward()
ACT_X = torch.tensor([0.18, -0.18], dtype=torch.float64)
ACT_F = torch.sigmoid(ACT_X).tolist()
ACT_DF = (torch.sigmoid(ACT_X) * (1 - torch.sigmoid(ACT_X))).tolist()


def numbers(values) -> str:
    return ", ".join(f"{v:.4f}" for v in values)


PAGES = {
    # page: (its key prefix, answers right to 4 decimals, a metric label shown only when revealed)
    "sigmoid_neuron": ("sigmoid", {"z": "0.18", "p": f"{SIGMOID:.4f}",
                                   "slope": f"{SIGMOID * (1 - SIGMOID):.4f}"}, "z = wx + b"),
    "softmax": ("softmax", {"y_hat": numbers(SOFTMAX), "loss": f"{SOFTMAX_LOSS:.4f}"},
                "Cross-entropy L"),
    "forward_backward": ("forward_backward", {"h": numbers(FB_H), "y_hat": numbers(FB_Y_HAT),
                                              "loss": f"{FB_LOSS:.4f}",
                                              "delta": numbers(FB_DELTA)},
                         "Loss by hand"),
    "activations_losses": ("activations", {"f": numbers(ACT_F), "df": numbers(ACT_DF)}, None),
}


def opened(page: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(page_path(page), default_timeout=30)
    at.session_state[LANG_KEY] = lang
    at.run()
    prefix = PAGES[page][0]
    at.toggle(key=f"{prefix}.check.hide").set_value(True).run()
    assert not at.exception
    return at


def revealed(at, page: str) -> bool:
    """Whether the page's worked numbers are on show: its metric, or its first figure."""
    label = PAGES[page][2]
    return label in metrics(at) if label is not None else bool(at.get("plotly_chart"))


def test_the_lecture_numbers_the_answers_are_checked_against():
    assert round(SIGMOID, 4) == 0.5449 and round(SOFTMAX_LOSS, 4) == 0.8949
    assert [round(v, 4) for v in FB_H] == [0.4, 0.4] and round(FB_Y_HAT[0], 4) == 0.5449


@pytest.mark.parametrize("page", list(PAGES))
def test_with_the_answers_hidden_the_numbers_wait_until_every_answer_is_right(page):
    prefix, answers, _ = PAGES[page]
    at = AppTest.from_file(page_path(page), default_timeout=30).run()
    assert revealed(at, page)  # switch off: the page as it always was
    at = opened(page)
    assert not revealed(at, page)
    assert [i.value for i in at.info] == [EN["common.check.held_back"].format(left=len(answers))]
    names = list(answers)
    for name in names[:-1]:
        at.text_input(key=f"{prefix}.check.{name}").input(answers[name]).run()
    assert not revealed(at, page)  # one answer still missing
    at.text_input(key=f"{prefix}.check.{names[-1]}").input(answers[names[-1]]).run()
    assert not at.exception
    verdicts = [s.value for s in at.success]
    # Each answer right, then all of them (the page's own successes come after).
    assert verdicts[:len(answers) + 1] == [EN["common.check.right"].format(tol="0.0005")] * len(
        answers) + [EN["common.check.all_right"]]
    assert revealed(at, page)


@pytest.mark.parametrize("page", list(PAGES))
def test_a_wrong_answer_is_told_with_its_formula_and_the_numbers_stay_hidden(page):
    prefix, answers, _ = PAGES[page]
    at = opened(page)
    name = list(answers)[-1]
    wrong = ", ".join(str(float(v) + 0.01) for v in answers[name].split(", "))
    at.text_input(key=f"{prefix}.check.{name}").input(wrong).run()
    n = len(answers[name].split(", "))
    expected = (EN["common.check.off_one_formula"].format(tol="0.0005") if n == 1 else
                EN["common.check.off_many_formula"].format(k=n, n=n, tol="0.0005"))
    assert [e.value for e in at.error] == [expected]
    hints = [m.value for m in at.markdown if m.value.startswith("Hint: $")]
    assert len(hints) == 1
    assert not revealed(at, page)


def test_an_answer_within_the_tolerance_counts_and_one_beyond_does_not():
    at = opened("sigmoid_neuron")
    at.text_input(key="sigmoid.check.z").input("0.1804").run()  # 0.18 + 4e-4
    assert len(at.success) == 1
    at.text_input(key="sigmoid.check.z").input("0.1806").run()  # 0.18 + 6e-4
    assert len(at.success) == 0 and len(at.error) == 1


def test_in_vietnamese():
    at = opened("sigmoid_neuron", "vi")
    assert at.toggle(key="sigmoid.check.hide").label == VI["common.check.hide"]
    at.text_input(key="sigmoid.check.z").input("1").run()
    assert [e.value for e in at.error] == [VI["common.check.off_one_formula"].format(
        tol="0.0005")]
    assert any(m.value.startswith("Gợi ý: $") for m in at.markdown)
