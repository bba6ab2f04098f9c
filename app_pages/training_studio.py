"""Training studio: train an MLP live on Iris, toy 2-D sets or your own data, and look inside."""

from functools import partial

import streamlit as st

from mlp_core import progress
from mlp_core.network import layer_param_counts
from ui import presenter, state
from ui.board import submit as board_submit
from ui.format import plain_name
from ui.i18n import error_text, t
from ui.studio import (
    budget,
    by_hand,
    challenge,
    controls,
    data,
    facts,
    fit_results,
    live,
    presets,
    replay,
    results,
    runs,
    session,
    share,
    sweep,
)

st.title(t("studio.title"))
st.markdown(t("studio.intro"))
state.init(state.STUDIO)
challenge.sync()  # a challenge's fixed settings, before the link's and the widgets
share.sync()  # a link's run, before the widgets are drawn; then the URL follows the widgets

with st.sidebar:
    st.header(t("studio.presets.header"))
    # Labels looked up now, in this run's language (AppTest formats outside the run).
    labels = {name: presets.label(name) for name in presets.PRESETS}
    preset = st.selectbox(t("studio.presets.preset"), list(labels), key="studio.preset",
                          format_func=labels.__getitem__, label_visibility="collapsed")
    left, right = st.columns(2)
    in_challenge = challenge.active() is not None  # its settings are the teacher's to set
    left.button(t("studio.presets.load"), key="studio.load_preset", on_click=presets.apply,
                args=(preset,), type="primary", disabled=in_challenge)
    right.button(t("studio.presets.defaults"), key="studio.defaults",
                 on_click=state.reset, args=(state.STUDIO,), disabled=in_challenge)

challenge.builder()
spec = by_hand.apply(controls.data_controls())  # a toy's points as edited by hand, if any
try:
    config = controls.model_controls()
    budget.check(config, data.load(spec))  # before a run is built or changed
    session.sync(spec, config)
except ValueError as error:  # a dataset that cannot be used here, or a setting out of range
    st.error(error_text(error))
    st.stop()


# Everything below shows the run, not the controls above: one fragment, so that Train, Pause, Step,
# Reset and the result widgets rerun this part only. A full rerun would resend the sidebar and
# every control as well, and redrawing those costs each browser a fifth of a Train's CPU; with a
# class pressing Train at once, that is what the server's two cores are short of.
@st.fragment(key=live.RUN_VIEW)
def run_view() -> None:
    studio = session.current()
    live.settled(studio)  # a playback the browser has played to its end: its end is drawn
    run, ds = studio.trainer, studio.dataset

    # Messages that come and go sit in containers that are always drawn: an element appearing
    # above the charts would move them to a new place on the page, and every browser would draw
    # them anew.
    messages = st.container()
    if st.session_state["studio.story"] in presets.PRESETS:
        messages.info(presets.story(st.session_state["studio.story"]))
    if studio.notice:
        messages.warning(t(f"studio.session.{studio.notice}"))
        studio.notice = ""  # said once, where it happened

    # Its own fragment, like the results: it follows the epoch on screen while the run plays back.
    @st.fragment(run_every=live.frame_period())
    def challenge_view() -> None:
        challenge.box(session.current())

    challenge_view()
    name, description = data.name_and_description(studio.spec.source, ds)
    # Said once here, not after every axis title: the regions' axes are standardized features.
    scaled = " " + t("studio.standardized") if ds.scaler is not None else ""
    scaled += data.made_note(ds)
    st.caption(t("studio.caption", name=plain_name(name), description=description,
                 train=ds.n_train, test=ds.n_test, note=facts.split_text(ds.split) + scaled))

    # -------------------------------------------------------------------------------- run buttons
    running = studio.live  # training or playing back
    # A row that wraps: each button as wide as its label, in any language and at presenter size.
    buttons = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    # After a Pause (or a Step, or on a replayed epoch) Train goes on from there: it says so.
    resumes = run.epoch > 0 and studio.can_train()
    buttons.button(t("studio.resume" if resumes else "studio.train"), key="studio.train",
                   on_click=session.train, type="primary",
                   disabled=not studio.can_train(), icon=":material/play_arrow:")
    buttons.button(t("studio.pause"), key="studio.pause", on_click=session.pause,
                   disabled=not running, icon=":material/pause:")
    # Step only when paused: a click mid-run can reach the server twice (with a live tick's
    # request, which carries the click, and then on its own), and Step would take two epochs.
    buttons.button(t("studio.step"), key="studio.step", on_click=session.step,
                   disabled=running or run.stopped is not None, icon=":material/skip_next:")
    buttons.button(t("studio.reset"), key="studio.reset", on_click=session.reset,
                   help=t("studio.reset_help"), icon=":material/restart_alt:")
    counts = layer_param_counts(ds.n_features, run.config.hidden, ds.n_classes)
    buttons.metric(t("studio.parameters"), sum(c.params for c in counts), width="content",
                   help=" + ".join(f"({c.n_in} + 1) x {c.n_out}" for c in counts))

    stop = st.empty()
    # A regression has no guess by class shares to measure against (its R² curve shows it).
    stalled = None if ds.regression else progress.stall(run.history, ds.y_train, ds.n_classes)
    if run.stopped is not None and run.stopped.non_finite:
        stop.error(facts.stop_text(run.stopped))
    elif stalled is not None:  # finite, and no better than a guess: more epochs will not help
        stop.warning(facts.stall_text(stalled))
    elif run.stopped is not None:
        stop.success(facts.end_text(run.stopped))
    replay.slider(studio)

    # ---------------------------------------------------------------------------------- live view
    live.curves_block()
    view = "surface" if ds.regression else "regions"  # a regression's predicted values
    st.subheader(t(f"studio.{view}"), help=t(f"studio.{view}_help"))
    live.regions_block()

    # ------------------------------------------------------------------------------------ results
    # Shown from epoch 0: the untrained network's guesses are the "before" of the lesson, and a
    # Train then only updates what every browser already drew (drawing it new costs each tab
    # ~0.3 s more).
    st.header(t("studio.results.header"))

    # While the server plays the run back, the results follow the shown epoch frame by frame.
    @st.fragment(run_every=live.frame_period())
    def results_view() -> None:
        now = session.current()  # this fragment's own reruns see the run as it is now
        regression = now.dataset.regression
        live.settle(now)
        if now.running and not now.playing:
            st.caption(t("studio.results.while_running_regression" if regression
                         else "studio.results.while_running"))
            return
        # Only the open tab is drawn: the end of a run costs the browser one set of figures.
        names = fit_results.TABS if regression else ("tab_confusion", "tab_mistakes",
                                                      "tab_predict")
        tabs = st.tabs([t(f"studio.results.{name}") for name in names],
                       key="studio.results_tab", on_change="rerun")
        if regression:
            blocks = fit_results.BLOCKS
        else:  # a playback the browser plays moves the matrices with the charts above
            blocks = (partial(results.confusion_block, playback=replay.playback(now)),
                      results.mistakes_block, results.predict_block)
        for tab, block in zip(tabs, blocks, strict=True):
            if tab.open:
                with tab:
                    block(replay.shown(now), now.dataset)

    results_view()
    board_submit.block()  # when the link names a class board: submit this run to it

    if not presenter.on():  # comparing and downloading is for the student's own desk
        st.header(t("studio.runs.header"))
        runs.pinned_block(run, ds)
        runs.downloads_block(run, ds, studio.spec)
        runs.weights_upload_block(studio)
        sweep.block()
    live.settle_timer()  # last: its timer starts the browser's playback clock


run_view()
