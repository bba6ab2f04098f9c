"""The studio's "submit to the class board" form, shown when the link names a board.

A student's link is the studio link with board=<id>&bkey=<student key>. What is submitted is the
server's own account of the run: its final scores from the Trainer's history, its parameter count,
its settings as this session holds them and a picture of its regions; nothing read from the URL
but which board, and the key the store checks.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from mlp_core.datasets import UPLOADED
from mlp_core.network import layer_param_counts
from ui import links, state
from ui.board import addresses, connection, limits
from ui.board.picture import regions_png
from ui.board.store import Run, clean_name
from ui.format import plain_name
from ui.i18n import t
from ui.studio import session, settings
from ui.studio.run import StudioRun

BOARD, STUDENT_KEY, NAME = "studio.board", "studio.bkey", "studio.board_name"
PARAMS = [addresses.token(addresses.BOARD, BOARD),
          addresses.token(addresses.STUDENT_KEY, STUDENT_KEY)]


def settings_query() -> str:
    """The studio's settings as this session holds them, as its link writes them: only what
    differs from the defaults."""
    ss, defaults, query = st.session_state, state.STUDIO, {}
    for p in settings.PARAMS:
        value = p.show(ss.get(p.key, defaults[p.key]))
        if value != p.show(defaults[p.key]):
            query[p.name] = value
    return urlencode(query)


def not_ready(run: StudioRun | None) -> str:
    """Why this run cannot go on a board yet ("" when it can): studio.board.<reason>."""
    if run is None or run.live:
        return "while_training"
    t_ = run.trainer
    if t_.stopped is None:
        return "train_first"
    if t_.stopped.non_finite:
        return "diverged"
    if run.changed:  # its link would train a different run: settings changed mid-run
        return "changed"
    if run.spec.source == UPLOADED:  # its link cannot carry the table
        return "uploaded"
    if run.spec.points is not None:  # nor the points placed by hand
        return "by_hand"
    return ""


def run_of(run: StudioRun, name: str) -> Run:
    """The finished run as a submission: the Trainer's last epoch, not the epoch on screen (its
    scores those of the weights it holds: an early stop's best, if it restored them)."""
    t_, ds = run.trainer, run.dataset
    h = t_.history.upto(t_.model_epoch)
    counts = layer_param_counts(ds.n_features, t_.config.hidden, ds.n_classes)
    return Run(name=name, settings=settings_query(),
               train_loss=float(h.train_loss[-1]), train_acc=float(h.train_acc[-1]),
               test_loss=float(h.test_loss[-1]) if h.has_test else None,
               test_acc=float(h.test_acc[-1]) if h.has_test else None,
               epochs=t_.epoch, params=sum(c.params for c in counts),
               picture=regions_png(t_, ds))


def block() -> None:
    """The form under the studio's results, when the link names a board (else nothing)."""
    links.sync(PARAMS, state.STUDIO)
    ss = st.session_state
    board_id, key = ss[BOARD], ss[STUDENT_KEY]
    if not board_id:
        return
    st.header(t("studio.board.header"))
    _, problem = connection.attempt(lambda store: store.check(board_id, key))
    if problem:
        st.error(problem, icon=":material/link_off:")
        return
    st.link_button(t("studio.board.open"), addresses.board_link(board_id),
                   icon=":material/leaderboard:")
    run = session.current()
    if why := not_ready(run):
        st.caption(t(f"studio.board.{why}"))
        return
    with st.form("studio.board_form", border=False):
        st.text_input(t("studio.board.name"), key=NAME, max_chars=limits.NAME_LENGTH,
                      help=t("studio.board.name_help", n=limits.NAME_LENGTH))
        sent = st.form_submit_button(t("studio.board.submit"), type="primary",
                                     icon=":material/leaderboard:")
    if not sent:
        return
    with run.lock:  # a finished run, but a click on Train may be starting it again
        submission = run_of(run, ss[NAME])
    _, problem = connection.attempt(
        lambda store: store.submit(board_id, key, submission, session.session_id()))
    if problem:
        st.error(problem)  # the name stays in its box: fix and send again
    else:
        st.success(t("studio.board.sent", name=plain_name(clean_name(ss[NAME]))))
