"""mlp_core's facts about a run (its split, why it stopped) said in words by ui, in both languages.

The English sentences are the ones mlp_core itself wrote before it handed up facts instead.
"""

import math

import numpy as np
import pytest

from mlp_core.datasets import SPLIT_KINDS, Split, split_and_scale
from mlp_core.training import STOP_KINDS, StopReason
from ui import i18n
from ui.studio.facts import end_text, split_text, stop_text

LAST_FINITE = " Training stopped; the weights shown are the last finite ones."
TOO_HIGH = ": the learning rate is probably too high."
# One fact of every kind, in the order of STOP_KINDS, and what it says in English.
STOPS = {
    StopReason("budget", 7): "Reached the budget of 7 epochs.",
    StopReason("early", 40, value=0.53304159, best=30, restored=True):
        "Stopped early at epoch 40: the test loss has not been lower than at epoch 30 (0.5330) "
        "for 10 epochs. The weights of epoch 30 are restored.",
    StopReason("loss", 3, step=2, value=math.inf):
        "The loss became infinite (inf: too large to hold) at epoch 3, step 2" + TOO_HIGH
        + LAST_FINITE,
    StopReason("loss_overflow", 4):
        "The loss grew too large for the computer to hold (beyond about 3.4e+38, the largest "
        "number the network's 32-bit numbers can store) at epoch 4" + TOO_HIGH + LAST_FINITE,
    StopReason("test_loss", 5, value=math.nan):
        "The test loss became undefined (nan: not a number) at epoch 5: the test inputs times "
        "these weights give numbers too large for the computer to hold (beyond about 3.4e+38). "
        "Either the weights grew too large (lower the learning rate) or the test set is "
        "not scaled like the training set." + LAST_FINITE,
    StopReason("weights", 6):
        "The weights stopped being finite at epoch 6" + TOO_HIGH + LAST_FINITE,
}
SPLITS = {
    Split("stratified"): "Stratified split: every class keeps its share in train and test.",
    Split("stratify_off"): "Plain random split: stratify is off.",
    Split("rare_class", rare_class="z"):
        "Plain random split: class 'z' has only 1 sample, too few to stratify.",
    Split("small_part", part_rows=1, n_classes=3):
        "Plain random split: a part of 1 rows cannot hold all 3 classes.",
    Split("unsplit"): "All rows are training rows: the lecture's table is too small to split.",
    Split("continuous"): "Plain random split: a number to predict has no classes to stratify by.",
}


@pytest.fixture
def vietnamese(monkeypatch):
    monkeypatch.setattr(i18n, "language", lambda: "vi")


def test_every_stop_kind_is_said_in_english_with_its_numbers():
    assert [reason.kind for reason in STOPS] == list(STOP_KINDS)
    assert [stop_text(reason) for reason in STOPS] == list(STOPS.values())


def test_every_split_kind_is_said_in_english_with_its_numbers():
    assert [split.kind for split in SPLITS] == list(SPLIT_KINDS)
    assert [split_text(split) for split in SPLITS] == list(SPLITS.values())
    assert split_text(None) == ""  # rows that came split: nothing to say


def test_an_early_stop_says_which_weights_the_model_holds_and_what_to_change():
    kept = StopReason("early", 25, value=1.5, best=5)
    assert stop_text(kept) == ("Stopped early at epoch 25: the test loss has not been lower than "
                               "at epoch 5 (1.5000) for 20 epochs. The weights are epoch 25's, "
                               "the last trained.")
    assert end_text(kept).endswith(" Raise the patience (or set it to 0) in the sidebar to train "
                                   "further.")
    assert end_text(StopReason("budget", 7)) == ("Reached the budget of 7 epochs. Raise the epoch "
                                                 "budget in the sidebar to train further.")


def test_in_vietnamese_every_fact_keeps_its_numbers(vietnamese):
    said = [stop_text(reason) for reason in STOPS]
    assert said[0] == "Đã chạy hết 7 epoch tối đa."
    assert said[1] == ("Đã dừng sớm ở epoch 40: mất mát trên tập kiểm tra không thấp hơn mức ở "
                       "epoch 30 (0.5330) trong 10 epoch. Trọng số của epoch 30 đã được khôi phục.")
    assert said[2].startswith("Hàm mất mát thành vô cùng (inf: quá lớn để lưu) ở epoch 3, bước 2:")
    for reason, text in zip(STOPS, said, strict=True):
        assert str(reason.epoch) in text and text not in STOPS.values()
        assert text.endswith("trọng số đang hiển thị là bộ hữu hạn cuối cùng.") == reason.non_finite
    assert split_text(Split("small_part", part_rows=1, n_classes=3)) == (
        "Chia ngẫu nhiên thường: một phần chỉ có 1 hàng, không chứa đủ cả 3 lớp.")
    assert "lớp 'z'" in split_text(Split("rare_class", rare_class="z"))


def test_a_class_name_from_an_upload_shows_as_it_is_not_as_markdown():
    X = np.arange(20, dtype=float).reshape(10, 2)
    data = split_and_scale(X, [0] * 9 + [1], ("a", "b"), ("ok", "**bold**"))
    assert data.split == Split("rare_class", rare_class="**bold**")
    assert "class '\\*\\*bold\\*\\*' has only 1 sample" in split_text(data.split)


def test_a_stalled_run_is_told_with_its_numbers_and_the_usual_reasons(monkeypatch):
    from mlp_core.progress import Stall
    from ui.studio.facts import stall_text

    loss = Stall("loss", 20, 21.73456, math.log(3), 0.79, 1 / 3)
    accuracy = Stall("accuracy", 20, 0.2, 0.5623, 0.75, 0.75)
    monkeypatch.setattr(i18n, "language", lambda: "vi")
    assert stall_text(loss).startswith(
        "Mạng không học được: trong 20 epoch gần nhất, mất mát huấn luyện luôn từ 21.7346 trở lên")
    monkeypatch.setattr(i18n, "language", lambda: "en")
    assert stall_text(loss) == (
        "Not learning: for the last 20 epochs the training loss has stayed at 21.7346 or above, "
        "no better than guessing every class at its share of the data (1.0986). The usual "
        "reasons: a learning rate far too high (the steps jump past every good weight) or far "
        "too low (they barely move), or a network that cannot draw the boundary (no hidden "
        "layer).")
    assert stall_text(accuracy).startswith(
        "Not learning: for the last 20 epochs the training accuracy has stayed at 0.7500 or "
        "below, no better than always guessing the most common class (0.7500). The usual")
