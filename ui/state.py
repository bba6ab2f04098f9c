"""Session-state keys and their defaults: one dict per page, every key prefixed by its page.

A lesson's and the studio's dicts are their settings schemas' defaults (ui/settings.py).

Everything a student builds lives in st.session_state, never in module globals, because one server
process serves a whole class. Pages call init(DEFAULTS) at the top and reset(DEFAULTS) from a
button's on_click (a callback runs before the widgets are drawn, so it may overwrite their keys).
"""

import copy

import streamlit as st

from ui import lesson_challenge, lesson_checks
from ui.lessons import (
    activations_losses,
    forward_backward,
    mlp_anatomy,
    sigmoid_neuron,
    softmax,
    softmax_regression,
)
from ui.studio import settings as studio_settings


def init(defaults: dict) -> None:
    """Set every key of `defaults` that the session does not have yet."""
    for key, value in defaults.items():
        if key not in st.session_state:
            st.session_state[key] = copy.deepcopy(value)


def reset(defaults: dict) -> None:
    """Put every key of `defaults` back to its default (use as an on_click callback)."""
    for key, value in defaults.items():
        st.session_state[key] = copy.deepcopy(value)


# --- shared between pages -----------------------------------------------------------------------
# The dataset prepared on "Your own data" (an mlp_core.datasets.Dataset), read by the studio.
SHARED_DATASET = "shared.dataset"

# --- app.py: the session's language and presenter mode, for every page ------------------------
APP: dict = {
    "app.lang": "en",  # a key of ui.i18n.LANGUAGES
    "app.present": False,  # presenter mode (ui.presenter)
}

# --- the lessons: each page's defaults, from its settings schema in ui/lessons/<page>.py -------
SIGMOID: dict = sigmoid_neuron.SCHEMA.defaults
SOFTMAX: dict = softmax.SCHEMA.defaults
SOFTMAX_REGRESSION: dict = softmax_regression.SCHEMA.defaults
ANATOMY: dict = mlp_anatomy.SCHEMA.defaults
FORWARD_BACKWARD: dict = forward_backward.SCHEMA.defaults
ACTIVATIONS_LOSSES: dict = activations_losses.SCHEMA.defaults

# --- app_pages/training_studio.py -------------------------------------------------------------
STUDIO: dict = {
    # Every setting's default, declared once in the studio's schema (ui/studio/settings.py).
    **studio_settings.DEFAULTS,
    "studio.preset": "Lecture: Iris 4-8-3",
    "studio.story": "",
    # Not widgets: the run itself (a ui.studio.run.StudioRun) and the pinned runs.
    "studio.run": None,
    "studio.pinned": [],
    # The last sweep (a ui.studio.sweep.Sweep), kept until the next one or Clear, as pins are;
    # the setting and values chosen for the next, and the two as the link carries them.
    "studio.sweep": None,
    "studio.sweep_setting": "lr",
    "studio.sweep_values": [],
    "studio.sweep_link": None,
    # The small multiples of pins and a sweep as last drawn (ui/studio/multiples.py).
    "studio.pictures": {},
    # The last weights file refused beside the studio's uploader: (the run, its name, the error).
    "studio.weights_refused": None,
    # A challenge this session opened (a ui.challenge.Challenge) and its params, kept in the URL.
    "challenge.active": None,
    "challenge.params": {},
    # The regions' readable axes, found once per dataset: (the dataset, its separating pair,
    # its principal plane).
    "studio.axes": None,
    # The class board a link names (board=, bkey=) and the name a run is submitted under.
    "studio.board": "",
    "studio.bkey": "",
    "studio.board_name": "",
    # Data by hand (ui/studio/by_hand.py): the toy's points as edited (None: as drawn), the
    # editing toggle, the class or value a click adds, the edits so far (the chart's key), the
    # clickable series on screen and why the last click changed nothing.
    "studio.by_hand": None,
    "studio.by_hand_on": False,
    "studio.by_hand_class": 0,
    "studio.by_hand_value": 0.5,
    "studio.by_hand_turn": 0,
    "studio.by_hand_targets": None,
    "studio.by_hand_refused": "",
}

# --- app_pages/your_data.py -------------------------------------------------------------------
YOUR_DATA: dict = {
    # The table on show: parsed once per file (an mlp_core.csv_reader.ParsedTable) and its name.
    "your_data.parsed": None,
    "your_data.name": "",
    "your_data.file_id": None,  # the upload already read, so a rerun does not parse it again
    "your_data.error": "",  # the last refusal, shown beside the uploader; the table stays
    # Choices; target and features are set to the table's defaults whenever a table arrives.
    "your_data.target": None,
    "your_data.features": [],
    "your_data.missing": "drop",
    "your_data.singletons": "drop",
    "your_data.task": "classification",  # or "regression": a number to predict
    "your_data.test_size": 0.3,
    "your_data.seed": 0,
    # The choices above, copied each run: Streamlit deletes a widget's key while another page
    # shows, so coming back from the studio restores them from here.
    # What was handed to the studio: the TabularData and the Dataset made from it.
    "your_data.prepared": None,
    "your_data.dataset": None,
}

# --- app_pages/board.py -----------------------------------------------------------------------
BOARD: dict = {
    "board.id": "",  # the board on show (board= in the link)
    "board.teacher": None,  # (board id, teacher key) from the teacher's link, never in the URL
    "board.order": "best",
    "board.selected": [],  # the teacher's choice of runs to hide or show, by id
    "board.sure": False,  # clearing and deleting wait for this box
    "board.done": "",  # what the last button said (a callback cannot draw)
}


# Every page's defaults, for keep_widget_values.
ALL_PAGES = (APP, SIGMOID, SOFTMAX, SOFTMAX_REGRESSION, ANATOMY, FORWARD_BACKWARD,
              ACTIVATIONS_LOSSES, STUDIO, YOUR_DATA, BOARD, lesson_checks.DEFAULTS,
              lesson_challenge.DEFAULTS)


def keep_widget_values() -> None:
    """Keep every page's values while the student is on another page (app.py calls this first).

    Streamlit forgets a widget's value at the end of any run that did not draw the widget, so
    opening another page would put a lesson back to the lecture's numbers and restart the studio's
    run. A value written through st.session_state is kept, so write each one back to itself.
    """
    # The keys present, read once: `key in st.session_state` looks a key up and catches the
    # KeyError of each absent one (every page not visited yet), a millisecond on every rerun.
    present = set(st.session_state.keys())
    for defaults in ALL_PAGES:
        for key in defaults.keys() & present:
            st.session_state[key] = st.session_state[key]
