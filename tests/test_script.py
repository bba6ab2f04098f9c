"""The generated PyTorch script reproduces the Trainer: it is run and its losses compared."""

import re
import subprocess
import sys

import numpy as np
import pytest
from sklearn import datasets
from torch import nn

from mlp_core.datasets import UPLOADED, DataSpec, load_iris, split_and_scale
from mlp_core.export import data_csv
from mlp_core.functions import ACTIVATIONS
from mlp_core.network import build_mlp
from mlp_core.script import DATA_FILE, MAX_EMBEDDED_VALUES, generate_script
from mlp_core.training import TrainConfig, fit

FINAL = re.compile(r"final train_loss=(\S+) test_loss=(\S+) train_acc=(\S+) test_acc=(\S+) "
                   r"epochs=(\d+)")

LECTURE = TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                      epochs=20, seed=0)
CASES = {
    "lecture iris": (DataSpec("iris"), LECTURE),
    "moons, adam, minibatch, L2": (
        DataSpec("moons", seed=3, n_samples=150, noise=0.2),
        TrainConfig(hidden=(16, 8), activation="tanh", optimizer="adam", lr=0.01, batch_size=16,
                    epochs=30, l2=1e-3, seed=3)),
    "xor written out, momentum, full batch": (
        DataSpec("xor", seed=1),
        TrainConfig(hidden=(8,), activation="sigmoid", optimizer="momentum", lr=0.5,
                    batch_size=None, epochs=50, seed=1)),
    "wine, no hidden layer": (
        DataSpec("wine", test_size=0.25, seed=5),
        TrainConfig(hidden=(), activation="relu", optimizer="sgd", lr=0.1, batch_size=8,
                    epochs=25, seed=5)),
    # Regressions: the points written out, the target scaled in the script as in the app.
    "plane, mse, adam, full batch": (
        DataSpec("plane", seed=2, n_samples=120, noise=0.1),
        TrainConfig(hidden=(8,), activation="tanh", optimizer="adam", lr=0.01, batch_size=None,
                    epochs=40, seed=2, loss="mse")),
    "bumps, huber, minibatch": (
        DataSpec("bumps", seed=4, n_samples=150, noise=0.2),
        TrainConfig(hidden=(16,), activation="relu", optimizer="momentum", lr=0.05,
                    batch_size=16, epochs=20, seed=4, loss="huber")),
    "diabetes, mae, L2": (
        DataSpec("diabetes", seed=1),
        TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.05, batch_size=32,
                    epochs=15, l2=1e-3, seed=1, loss="mae")),
    # Hand-made features: the columns made after scaling, in the script as in the app.
    "circles from x1sq and x2sq, no hidden layer": (
        DataSpec("circles", features=("x2sq", "x1sq")),
        TrainConfig(hidden=(), activation="tanh", optimizer="adam", lr=0.02, batch_size=16,
                    epochs=30, seed=0)),
    "spiral written out, every feature": (
        DataSpec("spiral", seed=2, n_classes=3, features=("x1sq", "x2sq", "x1x2", "sin1", "sin2")),
        TrainConfig(hidden=(8,), activation="relu", optimizer="sgd", lr=0.1, batch_size=8,
                    epochs=15, seed=2)),
    "bumps with sin1, sin2": (
        DataSpec("bumps", seed=1, n_samples=120, features=("sin1", "sin2")),
        TrainConfig(hidden=(8,), activation="tanh", optimizer="adam", lr=0.01, batch_size=None,
                    epochs=30, seed=1, loss="mse")),
    # L1 on the step's loss, Nesterov, and torch.optim.lr_scheduler stepped once per epoch.
    "moons, nesterov, cosine, L1": (
        DataSpec("moons", seed=2, n_samples=150, noise=0.2),
        TrainConfig(hidden=(8,), activation="tanh", optimizer="nesterov", lr=0.05, batch_size=16,
                    epochs=25, l1=1e-3, seed=2, schedule="cosine")),
    "iris, adam, step decay, L1 and L2": (
        DataSpec("iris", seed=1),
        TrainConfig(hidden=(8,), activation="relu", optimizer="adam", lr=0.01, batch_size=8,
                    epochs=22, l1=1e-3, l2=1e-4, seed=1, schedule="step")),
    "the lecture's hours -> score as a number": (
        DataSpec("hours_score"),
        TrainConfig(hidden=(4,), activation="relu", optimizer="sgd", lr=0.01, batch_size=1,
                    epochs=30, seed=0, loss="mse")),
}


def script_output(source: str, tmp_path) -> str:
    path = tmp_path / "run.py"
    path.write_text(source)
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=240,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    return out.stdout


def run_script(source: str, tmp_path) -> tuple[float, float, float, float, int]:
    out = script_output(source, tmp_path)
    match = FINAL.search(out)
    assert match, out[-500:]
    *floats, epochs = match.groups()
    return (*map(float, floats), int(epochs))


@pytest.mark.parametrize("case", list(CASES))
def test_the_script_reproduces_the_trainer(case, tmp_path):
    spec, config = CASES[case]
    ds = spec.load()
    trainer = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test, n_classes=ds.n_classes)
    h = trainer.history
    train_loss, test_loss, train_acc, test_acc, epochs = run_script(
        generate_script(config, spec, ds), tmp_path)
    assert epochs == trainer.epoch == config.epochs
    assert train_loss == pytest.approx(h.train_loss[-1], abs=1e-5)
    if h.has_test:
        assert test_loss == pytest.approx(h.test_loss[-1], abs=1e-5)
        assert test_acc == pytest.approx(h.test_acc[-1], abs=1e-5)
    assert train_acc == pytest.approx(h.train_acc[-1], abs=1e-5)


EPOCH_LINE = re.compile(r"epoch +(\d+)  train loss (\S+)  acc \S+  test loss (\S+)")
# The long chaotic run: a spiral, two ReLU layers, momentum and L2, 150 epochs.
CHAOTIC = (DataSpec("spiral"),
           TrainConfig(hidden=(16, 16), activation="relu", optimizer="momentum", lr=0.1,
                       batch_size=16, epochs=150, l2=1e-3, seed=0))
PROMISED_EPOCHS = 20  # "at the start": the studio's note promises no more on a chaotic run


def test_the_script_prints_each_epochs_losses_as_the_note_promises(tmp_path):
    """studio.runs.script_note: every epoch's losses the same as the app's to about 6 digits at
    the start, even of a chaotic run (rounding differs from autograd's, so it may drift later).
    The runs of CASES are checked to their last epoch above."""
    spec, config = CHAOTIC
    ds = spec.load()
    h = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test, n_classes=ds.n_classes).history
    printed = [(int(e), float(train), float(test)) for e, train, test in
               EPOCH_LINE.findall(script_output(generate_script(config, spec, ds), tmp_path))]
    assert [e for e, *_ in printed] == list(range(1, config.epochs + 1))
    start = printed[:PROMISED_EPOCHS]
    # The script prints 6 decimals: half of the last one, plus float32 rounding.
    assert [train for _, train, _ in start] == pytest.approx(h.train_loss[:len(start)],
                                                             rel=1e-5, abs=1e-6)
    assert [test for *_, test in start] == pytest.approx(h.test_loss[:len(start)],
                                                         rel=1e-5, abs=1e-6)


def test_uploaded_data_is_written_into_the_script(tmp_path):
    rng = np.random.default_rng(7)
    X = rng.normal(size=(40, 3)) * [1, 10, 100]
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 5)
    ds = split_and_scale(X, y, ("a", "b", "c"), ("lo", "mid", "hi"), seed=2, name="mine.csv")
    config = TrainConfig(hidden=(4,), activation="gelu", optimizer="adam", lr=0.01, batch_size=8,
                         epochs=15, seed=2)
    source = generate_script(config, DataSpec(UPLOADED, seed=2), ds)
    assert "X_train = np.array([" in source and "train_test_split" not in source
    trainer = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test, n_classes=3)
    train_loss, test_loss, *_ = run_script(source, tmp_path)
    assert train_loss == pytest.approx(trainer.history.train_loss[-1], abs=1e-5)
    assert test_loss == pytest.approx(trainer.history.test_loss[-1], abs=1e-5)


def test_a_large_upload_is_read_from_the_data_csv_beside_the_script(tmp_path):
    rng = np.random.default_rng(11)
    n, d = 400, 60  # 400 x 61 numbers: more than the script may hold
    assert n * (d + 1) > MAX_EMBEDDED_VALUES
    X = rng.normal(size=(n, d)) * np.geomspace(1e-3, 1e3, d)
    y = (X[:, 0] > 0).astype(int) + (X[:, 5] > 0)
    ds = split_and_scale(X, y, tuple(f"f{i}" for i in range(d)), ("a", "b", "c"), seed=4,
                         name="big.csv")
    config = TrainConfig(hidden=(8,), activation="tanh", optimizer="sgd", lr=0.05, batch_size=16,
                         epochs=12, seed=4)
    source = generate_script(config, DataSpec(UPLOADED, seed=4), ds)
    assert "np.array([" not in source and len(source) < 10_000  # no row written in
    assert f'DATA_FILE = Path(__file__).with_name("{DATA_FILE}")' in source
    (tmp_path / DATA_FILE).write_text(data_csv(ds))
    trainer = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test, n_classes=3)
    train_loss, test_loss, train_acc, test_acc, epochs = run_script(source, tmp_path)
    assert epochs == 12
    assert train_loss == pytest.approx(trainer.history.train_loss[-1], abs=1e-5)
    assert test_loss == pytest.approx(trainer.history.test_loss[-1], abs=1e-5)
    assert (train_acc, test_acc) == pytest.approx((trainer.history.train_acc[-1],
                                                   trainer.history.test_acc[-1]))


def test_without_its_data_csv_the_script_says_which_file_is_missing(tmp_path):
    rng = np.random.default_rng(12)
    X, y = rng.normal(size=(500, 50)), rng.integers(0, 2, 500)
    ds = split_and_scale(X, y, tuple(f"f{i}" for i in range(50)), ("no", "yes"))
    path = tmp_path / "run.py"
    path.write_text(generate_script(LECTURE, DataSpec(UPLOADED), ds))
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, timeout=240,
                         cwd=tmp_path)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip() == (f"{tmp_path / DATA_FILE} is missing: download the data CSV "
                                  f"({DATA_FILE}) from the studio and put it in the folder of "
                                  "this script.")


def test_the_lecture_script_reads_like_the_lecture():
    source = generate_script(LECTURE, DataSpec("iris"), load_iris())
    assert "from sklearn.datasets import load_iris" in source
    assert "nn.Linear(4, 8),\n    nn.ReLU(),\n    nn.Linear(8, 3)," in source
    assert "torch.optim.SGD(model.parameters(), lr=LR, weight_decay=L2)" in source
    assert "stratify=y" in source and "StandardScaler().fit(X_train)" in source
    compile(source, "run.py", "exec")


def test_the_split_is_stratified_in_the_script_only_where_the_app_stratified():
    raw = datasets.load_iris()
    plain = split_and_scale(raw.data, raw.target, raw.feature_names, raw.target_names,
                            stratify=False)
    assert not plain.split.stratified
    assert "stratify=y" in generate_script(LECTURE, DataSpec("iris"), load_iris())
    assert "stratify=None" in generate_script(LECTURE, DataSpec("iris"), plain)


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
def test_the_scripts_model_is_the_one_build_mlp_makes(activation):
    source = generate_script(TrainConfig(hidden=(3, 2), activation=activation), DataSpec("iris"))
    scope = {"nn": nn}
    exec(source[source.index("model = nn.Sequential("):source.index("optimizer = ")], scope)
    assert repr(scope["model"]) == repr(build_mlp(4, (3, 2), activation, 3))


def test_the_activation_and_optimizer_become_their_torch_names():
    source = generate_script(TrainConfig(hidden=(3, 3), activation="leaky_relu",
                                         optimizer="momentum"), DataSpec("iris"))
    assert source.count("nn.LeakyReLU(negative_slope=0.01),") == 2
    assert "momentum=0.9" in source
    linear = generate_script(TrainConfig(hidden=(3,), activation="identity"), DataSpec("iris"))
    assert "nn.Linear(4, 3),\n    nn.Linear(3, 3)," in linear


def test_validation_messages():
    with pytest.raises(ValueError, match=r"source must be one of \[.*'uploaded'\], got 'mnist'\."):
        DataSpec("mnist")
    with pytest.raises(ValueError, match=r"config must be a TrainConfig, got dict\."):
        generate_script({}, DataSpec("iris"))
    with pytest.raises(ValueError, match=r"spec must be a DataSpec, got str\."):
        generate_script(LECTURE, "iris")
    with pytest.raises(ValueError, match="source 'uploaded' cannot be loaded from a spec"):
        generate_script(LECTURE, DataSpec(UPLOADED))


def test_a_spec_loads_the_same_data_as_its_loader():
    ds = DataSpec("spiral", seed=4, n_samples=90, noise=0.0, n_classes=3).load()
    assert ds.n_classes == 3 and ds.n_train + ds.n_test == 90
    np.testing.assert_array_equal(DataSpec("iris").load().X_train, load_iris().X_train)


@pytest.mark.parametrize("n", [40, 400], ids=["written in", "read from the data CSV"])
def test_an_uploaded_regression_is_reproduced(n, tmp_path):
    rng = np.random.default_rng(5)
    d = 3 if n == 40 else 60
    X = rng.normal(size=(n, d))
    y = 250 + 40 * X[:, 0] - 15 * X[:, 1] ** 2 + rng.normal(size=n)  # in the hundreds
    ds = split_and_scale(X, y, tuple(f"f{i}" for i in range(d)), ("price",), seed=3,
                         name="prices.csv", task="regression")
    config = TrainConfig(hidden=(8,), activation="relu", optimizer="adam", lr=0.01,
                         batch_size=16, epochs=10, seed=3, loss="huber")
    source = generate_script(config, DataSpec(UPLOADED, seed=3), ds)
    if n == 400:
        assert "np.array([" not in source
        (tmp_path / DATA_FILE).write_text(data_csv(ds))
    trainer = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test)
    train_loss, test_loss, train_r2, test_r2, _ = run_script(source, tmp_path)
    h = trainer.history
    assert train_loss == pytest.approx(h.train_loss[-1], abs=1e-5)
    assert test_loss == pytest.approx(h.test_loss[-1], abs=1e-5)
    assert (train_r2, test_r2) == pytest.approx((h.train_acc[-1], h.test_acc[-1]), abs=1e-5)


EARLY = re.compile(r"stopped early at epoch (\d+): best_epoch=(\d+) best_test_loss=(\S+)")
RESTORED = re.compile(r"restored test_loss=(\S+)")
# A big network on 20 noisy training points: the test loss is lowest at epoch 69, then climbs.
OVERFIT = (DataSpec("moons", test_size=0.5, seed=0, n_samples=40, noise=0.3),
           TrainConfig(hidden=(64, 64), activation="relu", optimizer="sgd", lr=0.05,
                       batch_size=None, epochs=400, seed=0))


@pytest.mark.parametrize("restore", [True, False])
def test_the_script_stops_early_where_the_app_does(restore, tmp_path):
    spec, plain = OVERFIT
    config = TrainConfig(**{**plain.__dict__, "patience": 15, "restore_best": restore})
    ds = spec.load()
    trainer = fit(config, ds.X_train, ds.y_train, ds.X_test, ds.y_test, n_classes=ds.n_classes)
    stop = trainer.stopped
    assert (stop.kind, stop.best, stop.epoch) == ("early", 69, 84)
    out = script_output(generate_script(config, spec, ds), tmp_path)
    epoch, best, best_loss = EARLY.search(out).groups()
    assert (int(epoch), int(best)) == (stop.epoch, stop.best)
    assert float(best_loss) == pytest.approx(stop.value, rel=1e-4)
    _, test_loss, _, _, epochs = FINAL.search(out).groups()
    assert int(epochs) == trainer.epoch == len(trainer.history)
    assert float(test_loss) == pytest.approx(trainer.history.test_loss[-1], rel=1e-4)
    restored = RESTORED.search(out)
    assert (restored is not None) == restore
    if restore:  # the script's model holds the best epoch's weights, as the app's does
        assert float(restored.group(1)) == float(best_loss)
        app = trainer.predict_proba(ds.X_test)
        best_model = trainer.snapshot(stop.best).predict_proba(ds.X_test)
        np.testing.assert_array_equal(app, best_model)


def test_with_patience_off_the_script_runs_to_its_budget_as_before(tmp_path):
    spec, config = OVERFIT
    source = generate_script(TrainConfig(**{**config.__dict__, "epochs": 30}), spec)
    assert "PATIENCE = 0  # early stopping on the test loss; 0 = off" in source
    assert "stopped early" not in script_output(source, tmp_path)
