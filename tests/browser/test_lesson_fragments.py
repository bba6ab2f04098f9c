"""A lesson widget a class moves often reruns only its own section on the real server.

Every script run holds the one interpreter lock a whole class shares, so a change that reruns
the app shell and a whole page costs every other student's answer time (issue 19's lesson hour).
The protocol-level client (tests/load/protocol.py) talks to the server as a browser does and
tells which runs were a fragment's: no browser is needed to see it, only the real server.
"""

import torch
import torch.nn.functional as F

from mlp_core.datasets import hours_pass
from tests.browser.lesson_student import addresses, fragment_runs, metrics, on_page, tables
from tests.load.protocol import Student


def test_the_activations_comparison_reruns_alone(app_url):
    async def steps(s):
        runs = fragment_runs(s)
        await s.set("activations.cmp_z.slider", -6.0, timeout=90)
        await s.set("activations.cmp_y", "1", timeout=90)
        assert len(runs) == 2 and all(runs), runs  # two fragment runs, not the whole page
        # The comparison follows both changes: BCE on sigma(-6) with y = 1 is log(1 + e^6).
        assert s.widget("activations.cmp_z.box").proto.number_input.value == -6.0
        table = next(frame for frame in tables(s) if "L" in frame.columns)
        assert round(float(table.set_index(table.columns[0]).loc["BCE on σ(z)", "L"]), 4) \
            == 6.0025
        # What is above it is still on the page (a fragment run leaves it in place).
        assert s.widget("activations.name") and s.widget("activations.loss")

    on_page(app_url, "activations", steps)


def has_score_table(student: Student) -> bool:
    return any(list(frame.columns) == ["Hours", "Score"] for frame in tables(student))


def test_the_sigmoid_neuron_reruns_alone_and_the_link_follows(app_url):
    async def steps(s):
        runs, urls = fragment_runs(s), addresses(s)
        await s.set("sigmoid.w.slider", 4.0, timeout=90)
        await s.set("sigmoid.x.slider", 1.25, timeout=90)
        assert len(runs) == 2 and all(runs), runs  # two fragment runs, not the whole page
        assert metrics(s)["z = wx + b"] == "5.1000"  # 4 * 1.25 + 0.1
        assert "w=4" in urls[-1] and "x=1.25" in urls[-1]  # the link has both
        # The data tables under the fragment are still on the page, the title above it too.
        assert has_score_table(s)
        assert any(el.kind == "heading" and el.proto.heading.body == "Sigmoid neuron"
                   for el in s.elements.values())
        # Hiding the answers holds the numbers back, the data tables too: a run of the page.
        await s.set("sigmoid.check.hide", True, timeout=90)
        await s.wait_idle(timeout=90)
        assert runs[2:] == [runs[2], []] and runs[2], runs  # the fragment's, then the page's
        assert not has_score_table(s)
        await s.set("sigmoid.check.hide", False, timeout=90)
        await s.wait_idle(timeout=90)
        assert has_score_table(s) and metrics(s)["z = wx + b"] == "5.1000"

    on_page(app_url, "sigmoid", steps)


def test_a_softmax_logit_reruns_the_lesson_alone(app_url):
    async def steps(s):
        runs, urls = fragment_runs(s), addresses(s)
        await s.set("softmax.z0.slider", 2.0, timeout=90)
        assert len(runs) == 1 and all(runs), runs
        loss = F.cross_entropy(torch.tensor([[2.0, 0.4275]], dtype=torch.float64),
                               torch.tensor([0]))
        assert metrics(s)["Cross-entropy L"] == f"{loss.item():.4f}"
        assert "z0=2" in urls[-1]

    on_page(app_url, "softmax", steps)


def test_the_learning_rate_reruns_the_softmax_regression_lesson_alone(app_url):
    async def steps(s):
        runs, urls = fragment_runs(s), addresses(s)
        await s.set("softmax_regression.lr", 0.5, timeout=90)
        await s.set("softmax_regression.epochs", 3, timeout=90)
        assert len(runs) == 2 and all(runs), runs
        assert "lr=0.5" in urls[-1] and "epochs=3" in urls[-1]
        # The epoch table ends where SGD at that rate does, in PyTorch too.
        theta = torch.tensor([[0.1, 0.2], [0.3, 0.4]], dtype=torch.float64, requires_grad=True)
        optimizer = torch.optim.SGD([theta], lr=0.5)
        data = hours_pass()
        for _ in range(3):
            for hours, label in zip(data.X_train[:, 0], data.y_train, strict=True):
                optimizer.zero_grad()
                z = theta.T @ torch.tensor([1.0, hours], dtype=torch.float64)
                F.cross_entropy(z[None], torch.tensor([int(label)])).backward()
                optimizer.step()
        table = next(frame for frame in tables(s) if "mean loss" in frame.columns)
        assert table[["b0", "b1", "w0", "w1"]].iloc[-1].tolist() == [
            f"{v:.4f}" for v in theta.detach().numpy().ravel()]

    on_page(app_url, "softmax_regression", steps)
