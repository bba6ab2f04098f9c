"""Training studio: train an MLP live on Iris, toy 2-D sets or your own data, and look inside."""

import streamlit as st

from mlp_core.network import layer_param_counts
from ui import state
from ui.studio import controls, live, presets, results, runs, session

st.title("Training studio")
st.markdown(
    "Pick data and a network in the sidebar, press **Train** and watch it learn: the loss and "
    "accuracy curves move, the decision regions bend around the points, and when you pause, the "
    "confusion matrices show which classes it mixes up. Try the presets: the lecture's Iris run, "
    "why a hidden layer matters, and what a learning rate that is too high does."
)
state.init(state.STUDIO)

with st.sidebar:
    st.header("Presets")
    preset = st.selectbox("Preset", list(presets.PRESETS), key="studio.preset",
                          label_visibility="collapsed")
    left, right = st.columns(2)
    left.button("Load preset", key="studio.load_preset", on_click=presets.apply, args=(preset,),
                type="primary")
    right.button("Reset to the lecture's example", key="studio.defaults",
                 on_click=state.reset, args=(state.STUDIO,))

spec = controls.data_controls()
try:
    config = controls.model_controls(spec.seed)
    session.sync(spec, config)
except ValueError as error:  # a dataset that cannot be used here, or a setting out of range
    st.error(str(error))
    st.stop()
t, ds = session.trainer(), session.dataset()

if st.session_state["studio.story"]:
    st.info(st.session_state["studio.story"])
if st.session_state[session.NOTICE]:
    st.warning(st.session_state[session.NOTICE])
    st.session_state[session.NOTICE] = ""  # said once, where it happened
st.caption(f"**{ds.name}**: {ds.description} {ds.n_train} training and {ds.n_test} test rows. "
           f"{ds.split_note}")

# ------------------------------------------------------------------------------------ run buttons
running = st.session_state[session.RUNNING]
buttons = st.columns([1, 1, 1, 1, 2], vertical_alignment="center")
buttons[0].button("Train", key="studio.train", on_click=session.train, type="primary",
                  disabled=running or t.stopped is not None, icon=":material/play_arrow:")
buttons[1].button("Pause", key="studio.pause", on_click=session.pause, disabled=not running,
                  icon=":material/pause:")
buttons[2].button("Step one epoch", key="studio.step", on_click=session.step,
                  disabled=t.stopped is not None, icon=":material/skip_next:")
buttons[3].button("Reset", key="studio.reset", on_click=session.reset,
                  help="Back to the same initial weights (same seed), epoch 0.",
                  icon=":material/restart_alt:")
counts = layer_param_counts(ds.n_features, config.hidden, ds.n_classes)
buttons[4].metric("Parameters", sum(c.params for c in counts),
                  help=" + ".join(c.formula.split(" = ")[0] for c in counts))

if t.stopped == "non-finite loss":
    st.error(t.stop_message)
elif t.stopped == "budget":
    st.success(f"{t.stop_message} Raise the epoch budget in the sidebar to train further.")

# -------------------------------------------------------------------------------------- live view
live.curves_block()
st.subheader("Decision regions")
live.regions_block()

# ---------------------------------------------------------------------------------------- results
if t.epoch:
    st.header("Results")
    if running:
        st.caption("The confusion matrices and tables update when training pauses or ends.")
    else:
        confusion, mistakes, predict = st.tabs(
            ["Confusion matrices", "Misclassified samples", "Predict one sample"])
        with confusion:
            results.confusion_block(t, ds)
        with mistakes:
            results.mistakes_block(t, ds)
        with predict:
            results.predict_block(t, ds)

    st.header("Compare and download")
    runs.pinned_block(t, ds)
    runs.downloads_block(t, ds, st.session_state[session.SPEC])
