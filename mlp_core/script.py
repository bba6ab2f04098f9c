"""A standalone PyTorch script that reproduces a training run: same data, weights, batches, losses.

The script uses only torch, numpy and scikit-learn, with autograd and torch.optim as a student would
write it; tests/test_script.py runs it and checks that its final loss equals the Trainer's.

An uploaded table is written into the script up to MAX_EMBEDDED_VALUES numbers; a larger one would
make a script of hundreds of megabytes, so the script reads it instead from DATA_FILE next to it
(export.data_csv writes that file).
"""

from __future__ import annotations

import numpy as np

from mlp_core.datasets import (
    BUILTINS,
    LABELS,
    MULTICLASS_TOYS,
    REGRESSION_TOYS,
    TOYS,
    UPLOADED,
    Dataset,
    DataSpec,
    regression_points,
    toy_points,
)
from mlp_core.features import EXPRESSIONS
from mlp_core.functions import HUBER_DELTA, TRAIN_LOSSES, layer_modules
from mlp_core.schedules import STEP_GAMMA, step_size
from mlp_core.training import TrainConfig

MAX_EMBEDDED_VALUES = 20_000  # an uploaded table's numbers written into the script: ~400 KB
DATA_FILE = "mlp_data.csv"
SKLEARN_TOYS = {"circles": "make_circles(N_SAMPLES, noise=NOISE, factor=0.5, random_state=SEED)",
                "moons": "make_moons(N_SAMPLES, noise=NOISE, random_state=SEED)"}
OPTIMIZER_CODE = {
    "sgd": "torch.optim.SGD(model.parameters(), lr=LR, weight_decay=L2)",
    "momentum": "torch.optim.SGD(model.parameters(), lr=LR, momentum=0.9, weight_decay=L2)",
    "nesterov": ("torch.optim.SGD(model.parameters(), lr=LR, momentum=0.9, nesterov=True,\n"
                 "                            weight_decay=L2)"),
    "adam": "torch.optim.Adam(model.parameters(), lr=LR, weight_decay=L2)",
}

# The learning rate of each epoch (mlp_core/schedules.py), stepped once per epoch.
SCHEDULE_CODE = {
    "step": "# Step decay: the learning rate halves after every quarter of the epochs.\n"
            "scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size={step}, "
            "gamma={gamma})\n",
    "cosine": "# Cosine: the learning rate falls from LR along a half cosine over the epochs.\n"
              "scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=EPOCHS)\n",
}
# L1 adds L1 * sum |theta| to what each step minimises (not to the loss printed, as in the app).
L1_BACKWARD = ("        # L1: each step minimises loss + L1 * sum |theta| (not printed)\n"
               "        (loss + L1 * sum(p.abs().sum() for p in model.parameters())).backward()\n")
SCHEDULER_STEP = "    scheduler.step()  # the next epoch's learning rate\n"


def _training_loop(config: TrainConfig) -> str:
    """TRAINING_LOOP with config's L1 penalty and schedule, when it has them."""
    loop = TRAINING_LOOP
    if config.l1:
        loop = loop.replace("        loss.backward()\n", L1_BACKWARD)
    if config.schedule != "constant":
        epoch_end = "    # The epoch's train loss"
        loop = loop.replace(epoch_end, SCHEDULER_STEP + epoch_end)
    return loop


def _scheduler_code(config: TrainConfig) -> str:
    if config.schedule == "constant":
        return ""
    return SCHEDULE_CODE[config.schedule].format(step=step_size(config.epochs), gamma=STEP_GAMMA)


def _num(v) -> str:
    """A float written so that Python reads back exactly the same float."""
    return repr(float(v))


def _rows(name: str, X: np.ndarray) -> str:
    """`name = np.array([...])` with one row per line; float64 repr, so values round-trip."""
    lines = [f"    [{', '.join(_num(v) for v in row)}]," for row in np.asarray(X, dtype=np.float64)]
    return f"{name} = np.array([\n" + "\n".join(lines) + "\n], dtype=np.float64)\n"


def _labels(name: str, y: np.ndarray) -> str:
    return f"{name} = np.array({[int(v) for v in y]}, dtype=np.int64)\n"


def _targets(name: str, y: np.ndarray) -> str:
    return f"{name} = np.array([{', '.join(_num(v) for v in y)}], dtype=np.float64)\n"


SCALE_TARGET = (
    "# A regression's target is scaled too (its own scaler, train part only); y_scaler turns\n"
    "# predictions back into the target's units.\n"
    "y_scaler = StandardScaler().fit(y_train[:, None])\n"
    "y_train, y_test = (y_scaler.transform(part[:, None])[:, 0] for part in (y_train, y_test))\n"
)


def _split_code(stratify: bool, regression: bool = False) -> str:
    by = "y" if stratify else "None"
    return (
        "# The same split and scaling as the app: StandardScaler fitted on the train part only.\n"
        "X_train, X_test, y_train, y_test = train_test_split(\n"
        f"    X, y, test_size=TEST_SIZE, random_state=SEED, stratify={by}\n"
        ")\n"
        "scaler = StandardScaler().fit(X_train)\n"
        "X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)\n"
    ) + (SCALE_TARGET if regression else "")


def embeds_data(dataset: Dataset) -> bool:
    """Whether the script holds this uploaded table's numbers (else it reads DATA_FILE)."""
    return (dataset.n_train + dataset.n_test) * (dataset.n_features + 1) <= MAX_EMBEDDED_VALUES


READ_DATA_FILE = f'''# Your data as the app prepared it (already split and scaled) is in
# {DATA_FILE}, the data CSV the studio offers next to this script: keep the two in one folder.
# Its columns: is_test (0 or 1), label (the class index, or a regression's scaled target), then
# one column per feature.
DATA_FILE = Path(__file__).with_name("{DATA_FILE}")
if not DATA_FILE.exists():
    sys.exit(f"{{DATA_FILE}} is missing: download the data CSV ({DATA_FILE}) from the "
             "studio and put it in the folder of this script.")
table = np.loadtxt(DATA_FILE, delimiter=",", skiprows=1, ndmin=2)
is_test = table[:, 0] == 1
X_train, y_train = table[~is_test, 2:], table[~is_test, 1]
X_test, y_test = table[is_test, 2:], table[is_test, 1]
'''


def _data_code(spec: DataSpec, data: Dataset) -> tuple[str, str]:
    """The imports and the code that leave numpy X_train, X_test, y_train, y_test behind."""
    stratify = data.split is not None and data.split.stratified
    if spec.points is not None:  # a toy as edited by hand: its points written out
        X, y = spec.points.arrays()
        code = (f"# {LABELS[spec.source]}: {len(spec.points)} points, as edited by hand in the "
                "app.\n" + _rows("X", X) + (_targets if data.regression else _labels)("y", y))
        return SPLIT_IMPORTS, code + _split_code(stratify, regression=data.regression)
    if spec.source in REGRESSION_TOYS or spec.source in ("diabetes", "hours_score"):
        return _regression_data_code(spec, data)
    if spec.source in BUILTINS:
        imports = (f"from sklearn.datasets import load_{spec.source}\n"
                   "from sklearn.model_selection import train_test_split\n"
                   "from sklearn.preprocessing import StandardScaler\n")
        code = (f"data = load_{spec.source}()\n"
                "X, y = np.asarray(data.data, dtype=np.float64), np.asarray(data.target)\n")
        return imports, code + _split_code(stratify)
    if spec.source in SKLEARN_TOYS:
        imports = (f"from sklearn.datasets import make_{spec.source}\n"
                   "from sklearn.model_selection import train_test_split\n"
                   "from sklearn.preprocessing import StandardScaler\n")
        code = (f"N_SAMPLES, NOISE = {spec.n_samples}, {_num(spec.noise)}\n"
                f"X, y = {SKLEARN_TOYS[spec.source]}\n")
        return imports, code + _split_code(stratify)
    if spec.source in TOYS:
        # The app's own generator is not part of this script: its points are written out instead.
        n_classes = spec.n_classes if spec.source in MULTICLASS_TOYS else 2
        X, y = toy_points(spec.source, n_samples=spec.n_samples, noise=spec.noise,
                          seed=spec.seed, n_classes=n_classes)
        imports = ("from sklearn.model_selection import train_test_split\n"
                   "from sklearn.preprocessing import StandardScaler\n")
        code = (f"# {LABELS[spec.source]}: {spec.n_samples} points, noise {spec.noise:g}, as the "
                "app drew them.\n" + _rows("X", X) + _labels("y", y))
        return imports, code + _split_code(stratify)
    if not embeds_data(data):
        return "", READ_DATA_FILE  # its imports (sys, pathlib) are in generate_script
    y = _targets if data.regression else _labels
    code = ("# Your data as the app prepared it: already split and scaled.\n"
            + _rows("X_train", data.X_train) + y("y_train", data.y_train)
            + _rows("X_test", data.X_test.reshape(-1, data.n_features))
            + y("y_test", data.y_test)
            + f"X_test = X_test.reshape(-1, {data.n_features})\n")
    return "", code


SPLIT_IMPORTS = ("from sklearn.model_selection import train_test_split\n"
                 "from sklearn.preprocessing import StandardScaler\n")


def _regression_data_code(spec: DataSpec, data: Dataset) -> tuple[str, str]:
    """The data code of the built-in regression sets."""
    if spec.source == "hours_score":
        return "", ("# The lecture's Hours -> Score table, the score read as a number; all eight "
                    "rows train,\n# unscaled, as in the app.\n"
                    + _rows("X_train", data.X_train) + _targets("y_train", data.y_train)
                    + "X_test, y_test = np.empty((0, 1)), np.empty(0)\n")
    if spec.source == "diabetes":
        code = ("data = load_diabetes()\n"
                "X, y = np.asarray(data.data, dtype=np.float64), np.asarray(data.target)\n")
        return "from sklearn.datasets import load_diabetes\n" + SPLIT_IMPORTS, \
            code + _split_code(False, regression=True)
    X, y = regression_points(spec.source, n_samples=spec.n_samples, noise=spec.noise,
                             seed=spec.seed)
    code = (f"# {LABELS[spec.source]}: {spec.n_samples} points, noise {spec.noise:g}, as the "
            "app drew them.\n" + _rows("X", X) + _targets("y", y))
    return SPLIT_IMPORTS, code + _split_code(False, regression=True)


def _made_code(made: tuple[str, ...]) -> str:
    """The hand-made features' columns appended after scaling, computed as the app does."""
    if not made:
        return ""
    columns = ", ".join(EXPRESSIONS[code] for code in made)
    return ("\n\n"  # a function after code: two blank lines, as PEP 8 has it
            f"# Hand-made features ({', '.join(made)}), as in the app: made from the scaled x1, "
            "x2 and\n# appended as extra inputs, not rescaled.\n"
            "def with_features(X):\n"
            "    x1, x2 = X[:, 0], X[:, 1]\n"
            f"    return np.column_stack([X, {columns}])\n\n\n"
            "X_train, X_test = with_features(X_train), with_features(X_test)\n")


def _model_code(n_in: int, hidden: tuple[int, ...], activation: str, n_out: int) -> str:
    widths = (n_in, *hidden, n_out)
    lines = []
    for k in range(len(widths) - 1):
        lines.append(f"    nn.Linear({widths[k]}, {widths[k + 1]}),")
        if k < len(hidden):  # each module as Python source: nn.ReLU()
            lines += [f"    nn.{module!r}," for module in layer_modules(activation)]
    return "model = nn.Sequential(\n" + "\n".join(lines) + "\n)\n"


# What a step minimises and how an epoch is scored, by task.
TASK_CODE = {
    "classification": '''
def loss_of(z, y):
    return F.cross_entropy(z, y)


def score_of(z, y):  # accuracy
    return (z.argmax(1) == y).sum().item() / len(y)
''',
    "regression": '''
def loss_of(z, y):
    return F.{loss}(z, y{loss_options})


def score_of(z, y):  # R^2 = 1 - sum (y - z)^2 / sum (y - mean y)^2
    return (1 - ((y - z) ** 2).sum() / ((y - y.mean()) ** 2).sum().clamp_min(1e-12)).item()
''',
}

TRAINING_LOOP = '''
# One seed: the initial weights above and the batch order below.
generator = torch.Generator().manual_seed(SEED)
n = len(X_train)
batch = n if BATCH_SIZE is None or BATCH_SIZE >= n else BATCH_SIZE
history = []
# Early stopping, as Keras' EarlyStopping(patience=PATIENCE, min_delta=0) on the test loss: stop
# once it has not been strictly lower than its best for PATIENCE epochs (0 = off).
best_loss, best_epoch, best_state, stopped_early = math.inf, 0, None, False
for epoch in range(1, EPOCHS + 1):
    # Full batch keeps the data in order; smaller batches are shuffled every epoch.
    order = torch.arange(n) if batch == n else torch.randperm(n, generator=generator)
    seen = []  # the logits of every step, as computed before that step's update
    for idx in order.split(batch):
        z = model(X_train[idx])
        loss = loss_of(z, y_train[idx])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        seen.append(z.detach())
    # The epoch's train loss: the mean over every sample of the loss its step saw (no second pass).
    z, y_seen = torch.cat(seen), y_train[order]
    train_loss = loss_of(z, y_seen).item()
    train_acc = score_of(z, y_seen)
    test_loss = test_acc = float("nan")
    if len(X_test):
        with torch.inference_mode():
            z_test = model(X_test)
        test_loss = loss_of(z_test, y_test).item()
        test_acc = score_of(z_test, y_test)
    if not math.isfinite(train_loss) or (len(X_test) and not math.isfinite(test_loss)):
        print(f"epoch {epoch}: the loss is no longer finite; the learning rate is too high.")
        break
    history.append((train_loss, train_acc, test_loss, test_acc))
    print(f"epoch {epoch:4d}  train loss {train_loss:.6f}  {SCORE} {train_acc:.4f}"
          f"  test loss {test_loss:.6f}  {SCORE} {test_acc:.4f}")
    if PATIENCE and len(X_test):
        if test_loss < best_loss:
            best_loss, best_epoch = test_loss, epoch
            best_state = copy.deepcopy(model.state_dict())
        elif epoch - best_epoch >= PATIENCE:
            stopped_early = True
            break

if stopped_early:
    print(f"stopped early at epoch {len(history)}: best_epoch={best_epoch} "
          f"best_test_loss={best_loss!r}")
    if RESTORE_BEST:  # the model goes back to the best epoch's weights
        model.load_state_dict(best_state)
        with torch.inference_mode():
            print(f"restored test_loss={loss_of(model(X_test), y_test).item()!r}")

if history:
    train_loss, train_acc, test_loss, test_acc = history[-1]
    print(f"final train_loss={train_loss!r} test_loss={test_loss!r} "
          f"train_acc={train_acc!r} test_acc={test_acc!r} epochs={len(history)}")
'''


def _loss_words(loss: str) -> str:
    if loss == "cross_entropy":
        return "cross-entropy on the logits"
    return (f"a regression: one linear output, loss {TRAIN_LOSSES[loss].torch_name} on the "
            "scaled target")


def generate_script(config: TrainConfig, spec: DataSpec, dataset: Dataset | None = None) -> str:
    """Python source that trains config on spec's data with torch.optim and prints each epoch.

    dataset : the loaded data (needed for "uploaded", whose rows are written into the script, or
    read from DATA_FILE when there are more than MAX_EMBEDDED_VALUES numbers: see embeds_data).
    Its last line reads "final train_loss=... test_loss=... train_acc=... test_acc=... epochs=...";
    for a regression (config.task) the two scores are R^2.
    """
    if not isinstance(config, TrainConfig):
        raise ValueError(f"config must be a TrainConfig, got {type(config).__name__}.")
    if not isinstance(spec, DataSpec):
        raise ValueError(f"spec must be a DataSpec, got {type(spec).__name__}.")
    if dataset is None:
        dataset = spec.load()
    if not isinstance(dataset, Dataset):
        raise ValueError(f"dataset must be a Dataset, got {type(dataset).__name__}.")
    imports, data_code = _data_code(spec, dataset)
    data_code += _made_code(spec.features)
    reads_file = spec.source == UPLOADED and not embeds_data(dataset)
    stdlib = "import copy\nimport math\n" + ("import sys\nfrom pathlib import Path\n"
                                              if reads_file else "")
    n_in, n_out = dataset.n_features, dataset.n_classes
    regression = config.task == "regression"
    loss_name = TRAIN_LOSSES[config.loss].torch_name
    task_code = TASK_CODE[config.task].format(
        loss=loss_name, loss_options=", delta=HUBER_DELTA" if config.loss == "huber" else "")
    y_type, y_shape = ("float32", ".view(-1, 1)") if regression else ("int64", "")
    arch = "-".join(map(str, (n_in, *config.hidden, n_out)))
    batch = "full batch" if config.batch_size is None else f"batch size {config.batch_size}"
    name = LABELS.get(spec.source, dataset.name or "your data")
    beside = f", with {DATA_FILE} in the same folder" if reads_file else ""
    early = "" if not config.patience else (
        f"; early stopping, patience {config.patience}"
        + (", the best epoch's weights restored" if config.restore_best else ""))
    return (
        f'"""MLP Playground run in plain PyTorch: {name}, a {arch} MLP ({config.activation}).\n\n'
        f"{config.optimizer} lr {config.lr:g} ({config.schedule}), {batch}, L2 {config.l2:g}, "
        f"L1 {config.l1:g}, {config.epochs} epochs, seed {config.seed}; "
        f"{_loss_words(config.loss)}{early}.\n"
        f"Run it with: python this_file.py{beside} (needs torch, numpy and scikit-learn).\n"
        '"""\n\n'
        f"{stdlib}\n"
        "import numpy as np\n"
        "import torch\n"
        "import torch.nn.functional as F\n"
        f"{imports}"
        "from torch import nn\n\n"
        f"SEED = {config.seed}\n"
        f"TEST_SIZE = {_num(spec.test_size)}\n"
        f"LR = {_num(config.lr)}\n"
        f"L2 = {_num(config.l2)}\n"
        + (f"L1 = {_num(config.l1)}\n" if config.l1 else "") +
        f"BATCH_SIZE = {config.batch_size!r}  # None = the whole training set in one step\n"
        f"EPOCHS = {config.epochs}\n"
        f"PATIENCE = {config.patience}  # early stopping on the test loss; 0 = off\n"
        f"RESTORE_BEST = {config.restore_best}  # on an early stop, the best epoch's weights\n"
        f"FEATURES = {list(dataset.feature_names)!r}\n"
        f"{'TARGET' if regression else 'CLASSES'} = {list(dataset.class_names)!r}\n"
        f"SCORE = {'R^2' if regression else 'acc'!r}\n"
        + (f"HUBER_DELTA = {_num(HUBER_DELTA)}\n" if config.loss == "huber" else "")
        + "\n"
        f"{data_code}"
        "X_train = torch.tensor(X_train, dtype=torch.float32)\n"
        "X_test = torch.tensor(X_test, dtype=torch.float32)\n"
        f"y_train = torch.as_tensor(y_train, dtype=torch.{y_type}){y_shape}\n"
        f"y_test = torch.as_tensor(y_test, dtype=torch.{y_type}){y_shape}\n"
        f"{task_code}\n"
        "torch.manual_seed(SEED)\n"
        f"{_model_code(n_in, config.hidden, config.activation, n_out)}"
        f"optimizer = {OPTIMIZER_CODE[config.optimizer]}\n"
        f"{_scheduler_code(config)}"
        f"{_training_loop(config)}"
    )

