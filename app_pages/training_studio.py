"""Training studio: train an MLP live on Iris, toy 2-D sets or your own data, and look inside."""

from functools import partial

import streamlit as st

from mlp_core.network import layer_param_counts
from ui import presenter, state
from ui.format import plain_name
from ui.i18n import error_text, t
from ui.studio import (
    budget,
    controls,
    data,
    facts,
    live,
    presets,
    replay,
    results,
    runs,
    session,
    share,
)

st.title(t("studio.title"))
st.markdown(t("studio.intro"))
state.init(state.STUDIO)
share.sync()  # a link's run, before the widgets are drawn; then the URL follows the widgets

with st.sidebar:
    st.header(t("studio.presets.header"))
    # Labels looked up now, in this run's language (AppTest formats outside the run).
    labels = {name: presets.label(name) for name in presets.PRESETS}
    preset = st.selectbox(t("studio.presets.preset"), list(labels), key="studio.preset",
                          format_func=labels.__getitem__, label_visibility="collapsed")
    left, right = st.columns(2)
    left.button(t("studio.presets.load"), key="studio.load_preset", on_click=presets.apply,
                args=(preset,), type="primary")
    right.button(t("studio.presets.defaults"), key="studio.defaults",
                 on_click=state.reset, args=(state.STUDIO,))

spec = controls.data_controls()
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
@st.fragment
def run_view() -> None:
    studio = session.current()
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
    name, description = data.name_and_description(studio.spec.source, ds)
    st.caption(t("studio.caption", name=plain_name(name), description=description,
                 train=ds.n_train, test=ds.n_test, note=facts.split_text(ds.split)))

    # -------------------------------------------------------------------------------- run buttons
    running = studio.live  # training or playing back
    # A row that wraps: each button as wide as its label, in any language and at presenter size.
    buttons = st.container(horizontal=True, vertical_alignment="center", gap="medium")
    buttons.button(t("studio.train"), key="studio.train", on_click=session.train, type="primary",
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
    if run.stopped is not None and run.stopped.non_finite:
        stop.error(facts.stop_text(run.stopped))
    elif run.stopped is not None:
        stop.success(facts.stop_text(run.stopped) + t("studio.raise_budget"))
    replay.slider(studio)

    # ---------------------------------------------------------------------------------- live view
    live.curves_block()
    st.subheader(t("studio.regions"), help=t("studio.regions_help"))
    live.regions_block()

    # ------------------------------------------------------------------------------------ results
    # Shown from epoch 0: the untrained network's guesses are the "before" of the lesson, and a
    # Train then only updates what every browser already drew (drawing it new costs each tab
    # ~0.3 s more).
    st.header(t("studio.results.header"))

    # While the server plays the run back, the results follow the shown epoch frame by frame;
    # while the browser does, this fragment's one rerun ends the playback.
    @st.fragment(run_every=live.settle_after() or live.frame_period())
    def results_view() -> None:
        now = session.current()  # this fragment's own reruns see the run as it is now
        live.settle(now)
        if now.running and not now.playing:
            st.caption(t("studio.results.while_running"))
            return
        # Only the open tab is drawn: the end of a run costs the browser one set of figures.
        tabs = st.tabs([t("studio.results.tab_confusion"), t("studio.results.tab_mistakes"),
                        t("studio.results.tab_predict")],
                       key="studio.results_tab", on_change="rerun")
        # A playback the browser plays moves the matrices with the charts above.
        blocks = (partial(results.confusion_block, playback=replay.playback(now)),
                  results.mistakes_block, results.predict_block)
        for tab, block in zip(tabs, blocks, strict=True):
            if tab.open:
                with tab:
                    block(replay.shown(now), now.dataset)

    results_view()

    if not presenter.on():  # comparing and downloading is for the student's own desk
        st.header(t("studio.runs.header"))
        runs.pinned_block(run, ds)
        runs.downloads_block(run, ds, studio.spec)


run_view()
