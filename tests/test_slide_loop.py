"""The lecture's third erratum: the "Training" slide's loop as printed (one step per epoch, on the
last sample) and as meant (one step per sample), checked against the slide's code typed out."""

import pytest
import torch
import torch.nn.functional as F
from torch import nn, optim

from mlp_core.datasets import load_iris
from mlp_core.slide_loop import slide_losses
from ui.studio import presets

IRIS = load_iris(seed=0)


def the_slide(X_train, Y_train, num_epochs, indented):
    """The slide's code, line for line; `indented` puts the update inside the sample loop."""
    torch.manual_seed(0)
    model_classifier = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    loss_fn = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model_classifier.parameters(), 0.01)
    losses = []
    for _epoch in range(num_epochs):
        epoch_loss = []
        for x_train, y_train in zip(X_train, Y_train, strict=True):
            y_pred = model_classifier(x_train)
            loss = loss_fn(y_pred, y_train)
            epoch_loss.append(loss.item())
            if indented:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
        if not indented:
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        losses.append(sum(epoch_loss) / len(epoch_loss))
    return losses


def test_both_loops_are_the_slides_code_run_each_way():
    X, y = torch.from_numpy(IRIS.X_train).float(), torch.from_numpy(IRIS.y_train).long()
    ours = slide_losses(IRIS.X_train, IRIS.y_train, epochs=3)
    assert ours.as_printed == pytest.approx(the_slide(X, y, 3, indented=False), rel=1e-6)
    assert ours.as_meant == pytest.approx(the_slide(X, y, 3, indented=True), rel=1e-6)


def test_as_printed_the_first_epoch_is_the_untrained_networks_loss_on_the_whole_set():
    ours = slide_losses(IRIS.X_train, IRIS.y_train, epochs=1)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
    with torch.no_grad():
        loss = F.cross_entropy(model(torch.from_numpy(IRIS.X_train).float()),
                               torch.from_numpy(IRIS.y_train).long())
    assert ours.as_printed[0] == pytest.approx(loss.item(), rel=1e-5)


def test_the_lecture_presets_erratum_tells_the_numbers_both_loops_give():
    ours = slide_losses(IRIS.X_train, IRIS.y_train, epochs=20)
    printed = tuple(round(v, 4) for v in (ours.as_printed[0], ours.as_printed[-1]))
    meant = tuple(round(v, 4) for v in (ours.as_meant[0], ours.as_meant[-1]))
    assert (printed, meant) == (presets.SLIDE_LOOP_AS_PRINTED, presets.SLIDE_LOOP_AS_MEANT)
    # As printed it barely learns; as meant it falls as the slide's 1.02 -> 0.136 does.
    assert ours.as_printed[0] - ours.as_printed[-1] < 0.05
    assert 0.9 < ours.as_meant[0] < 1.1 and ours.as_meant[-1] < 0.2
    story = presets.story(presets.LECTURE)
    for value in (*presets.SLIDE_LOOP_AS_PRINTED, *presets.SLIDE_LOOP_AS_MEANT):
        assert f"{value:.3f}" in story


def test_refuses_data_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"X_train must be \(n, d\) and y_train \(n,\)"):
        slide_losses(IRIS.X_train, IRIS.y_train[:-1])
