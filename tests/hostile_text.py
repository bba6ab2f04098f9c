"""Hostile names and links: what a student could upload or send round a class (issue 22).

Shared by the AppTest (what the server sends) and the browser test (what the page shows). Every
name carries MARKER, so anything on a page made from one of them can be told from the app's own.
"""

import csv
import io

import numpy as np

MARKER = "ZQX"
EVIL = "evil.example"
NAMES = [
    f"![{MARKER} img](http://127.0.0.1:9/zqx.png)",  # an image the browser would fetch
    f"[{MARKER} link](https://{EVIL}/login)",
    f"<img src=x onerror=window.pwned=1>{MARKER}",
    f"<script>window.pwned=2</script>{MARKER}",
    f"$\\rule{{1500px}}{{900px}}${MARKER}",  # a LaTeX block over the results
    f"$${MARKER}^2$$",
    f":red-background[**{MARKER} ADMIN: type your password**]",
    f"# {MARKER} heading",
    f"{MARKER} https://{EVIL}/login",  # a bare URL, autolinked by GFM
    f'=HYPERLINK("https://{EVIL}","{MARKER}")',
    f"{MARKER}\u202egnp.exe",  # the right-to-left override: shown as "ZQXexe.png"
    LONG := f"{MARKER} " + "long" * 100,
    LINE_BREAKS := f"{MARKER}\n\nSession expired: log in at www.{EVIL}",
    f"{MARKER} :material/warning: :smile:",
    f"<a href='https://{EVIL}'>{MARKER}</a>",
    f"{MARKER} admin@{EVIL}",
]
CLASSES = NAMES[:8]  # the class labels; the features are every name
FILE_NAME = f"www.{EVIL}.csv"  # what an upload's name keeps after safe_name: still a URL

# Values a tampered link puts in a page's settings: each must reach the notice as plain text.
LINK_VALUES = [
    f"https://{EVIL}/login",
    f"x\n\nSession expired: log in at https://{EVIL}/{MARKER}",
    f"{MARKER}\u202egnp.exe",
    f"![{MARKER}](http://127.0.0.1:9/zqx.png)",
    f"$\\rule{{1500px}}{{900px}}${MARKER}",
    f":red-background[**{MARKER} ADMIN**]",
    f"# {MARKER}",
    f"<img src=x onerror=window.pwned=3>{MARKER}",
]

# Every page by its url_path: its script in app_pages/ and the link settings it reads.
LINKED_PAGES = {
    "sigmoid": ("sigmoid_neuron", ("w", "b", "x")),
    "softmax": ("softmax", ("mode", "z0", "hours", "w1")),
    "softmax_regression": ("softmax_regression", ("hours", "y", "lr", "epochs", "predict")),
    "anatomy": ("mlp_anatomy", ("in", "hidden", "act", "out", "output", "weights", "seed")),
    "forward_backward": ("forward_backward", ("x1", "x2", "y", "lr", "hidden", "output", "wz")),
    "activations": ("activations_losses", ("act", "x", "loss", "z", "y", "cz", "cy")),
    "studio": ("training_studio", ("data", "seed", "hidden", "act", "opt", "lr", "batch",
                                   "epochs", "board", "bkey")),
    "your_data": ("your_data", ("missing", "single", "test", "seed")),
    "board": ("board", ("board",)),
}


def tampered_links(params) -> list[dict[str, str]]:
    """Query strings that give every LINK_VALUE to `params`, as few as can: one value a setting."""
    return [{name: LINK_VALUES[(offset + k) % len(LINK_VALUES)] for k, name in enumerate(params)}
            for offset in range(0, len(LINK_VALUES), len(params))]


def fragment(name: str) -> str:
    """The start of a hostile name, as written: found in a Markdown text only if not escaped."""
    return name[:24]


def hostile_csv(rows: int = 80, seed: int = 0) -> bytes:
    """A CSV whose column names are NAMES and whose class labels are CLASSES, classes apart."""
    rng = np.random.default_rng(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*NAMES, "label"])
    for i in range(rows):
        c = i % len(CLASSES)
        writer.writerow([*np.round(rng.normal(c, 0.3, len(NAMES)), 3), CLASSES[c]])
    return out.getvalue().encode()
