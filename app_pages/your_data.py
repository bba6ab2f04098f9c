"""Your own data: upload a CSV, see it checked and prepared, then train on it in the studio."""

import streamlit as st

from mlp_core.tabular import MISSING_POLICIES, SINGLETON_POLICIES, TASKS, DataError
from ui import links, presenter, state
from ui import your_data as yd
from ui.format import one_line, plain
from ui.i18n import t

K = yd.K

st.title(t("your_data.title"))
state.init(state.YOUR_DATA)
# The link carries the choices that mean the same for any table. The uploaded file cannot travel
# in a link, and the target and features name that file's columns, so they stay out of it.
PARAMS = [
    links.choice("missing", K["missing"], MISSING_POLICIES),
    links.choice("single", K["singletons"], SINGLETON_POLICIES),
    links.choice("task", K["task"], TASKS),
    links.number("test", K["test_size"], 0.1, 0.5),
    links.number("seed", K["seed"], 0, 2**31 - 1, integer=True),
]
links.sync(PARAMS, state.YOUR_DATA)
st.markdown(t("your_data.intro"))
yd.ensure_table()
present = presenter.on()  # a projected class needs the table and the choices, not the fine print

upload_col, sample_col = st.columns([3, 2])
with upload_col:
    uploaded = st.file_uploader(
        t("your_data.upload"), type=["csv", "tsv", "txt"],
        key="your_data.upload", max_upload_size=yd.MAX_UPLOAD_MB, help=t("your_data.upload_help"),
    )
    yd.uploader_words()
    yd.take_upload(uploaded)
    if refusal := yd.refusal():
        st.error(plain(refusal), icon=":material/error:")
        st.caption(t("your_data.still_loaded"))
    if not present:
        st.caption(yd.limits())
with sample_col:
    st.markdown(t("your_data.samples"))
    buttons = st.columns(2)
    for i, sample in enumerate(yd.SAMPLES):
        buttons[i % 2].button(yd.sample_label(sample), key=f"your_data.sample.{i}",
                              on_click=yd.load_sample, args=(sample,), width="stretch")
    st.button(t("your_data.reset"), key="your_data.reset", on_click=yd.reset)

parsed = st.session_state[K["parsed"]]
frame = parsed.frame
st.subheader(t("your_data.table"))
st.text(t("your_data.table_size", name=one_line(st.session_state[K["name"]]), rows=len(frame),
          columns=len(frame.columns)))
preview_col, report_col = st.columns([3, 2]) if not present else (st.container(), None)
with preview_col:
    st.caption(t("your_data.preview_caption", n=min(len(frame), yd.PREVIEW_ROWS)))
    st.dataframe(frame.head(yd.PREVIEW_ROWS), key="your_data.preview")
if report_col is not None:
    with report_col:
        st.caption(t("your_data.report_caption"))
        st.dataframe(yd.report_view(parsed.report), hide_index=True, key="your_data.report")

st.subheader(t("your_data.learn"))
task_labels = {task: t(f"your_data.task_{task}") for task in TASKS}
task = st.radio(t("your_data.task"), TASKS, key=K["task"], format_func=task_labels.get,
                horizontal=True, help=t("your_data.task_help"))
regression = task == "regression"
columns = list(frame.columns)
target_col, features_col = st.columns([1, 2])
# Options are shown as they are (not Markdown): one line each, no bidi marks.
target = target_col.selectbox(t("your_data.target_number" if regression else "your_data.target"),
                              columns, key=K["target"], on_change=yd.default_features,
                              format_func=one_line, help=t("your_data.target_help"))
# wrap: in a column Streamlit keeps the chips on one scrolled row, which hides most of a
# dozen features.
features = features_col.multiselect(
    t("your_data.features"), [c for c in columns if c != target], key=K["features"],
    help=t("your_data.features_help"), format_func=one_line, wrap=True,
    placeholder=t("your_data.features_placeholder"),
)
policy_col, singleton_col, split_col = st.columns(3)
# Labels looked up now, in this run's language: format_func may also be called outside the run.
missing_labels = {policy: yd.missing_label(policy) for policy in MISSING_POLICIES}
singleton_labels = {policy: yd.singleton_label(policy) for policy in SINGLETON_POLICIES}
missing = policy_col.radio(t("your_data.missing"), MISSING_POLICIES, key=K["missing"],
                           format_func=missing_labels.get)
singletons = singleton_col.radio(t("your_data.singletons"), SINGLETON_POLICIES,
                                 key=K["singletons"], format_func=singleton_labels.get,
                                 disabled=regression)  # a number to predict has no classes
test_size = split_col.slider(t("your_data.test_size"), 0.1, 0.5, step=0.05, key=K["test_size"],
                             help=t("your_data.test_size_help"))
if present:
    seed = st.session_state[K["seed"]]  # hidden, still used: the split a link asked for
else:
    seed = split_col.number_input(t("your_data.seed"), 0, 2**31 - 1, step=1, key=K["seed"],
                                  help=t("your_data.seed_help"))

data, refused = yd.prepared(parsed, target, features, missing, singletons, task)
if refused is not None:
    st.error(plain(yd.error_text(refused)), icon=":material/error:")
    if refused.code == "continuous_target":  # too many values to be classes: offer a number
        st.button(t("your_data.as_regression"), key="your_data.as_regression",
                  on_click=yd.as_regression)

if data is not None:
    counts = st.columns(3)
    counts[0].metric(t("your_data.rows_used"), f"{len(data.y):,}")
    counts[1].metric(t("your_data.encoded_features"), len(data.features))
    if regression:
        counts[2].metric(t("your_data.target_range"), f"{data.y.min():g} – {data.y.max():g}")
    else:
        counts[2].metric(t("your_data.classes"), len(data.classes))
    st.subheader(t("your_data.notes"))
    for note in data.notes:
        st.text("• " + yd.note_text(note))
    if not present:
        with st.expander(t("your_data.encoded")):
            if not regression:
                st.text(t("your_data.classes_list",
                          items=" | ".join(map(one_line, data.classes))))
            st.text(t("your_data.features_list", items=" | ".join(map(one_line, data.features))))
    if st.button(t("your_data.train"), key="your_data.train", type="primary",
                 icon=":material/model_training:"):
        try:
            yd.hand_to_studio(data, float(test_size), int(seed))
        except (DataError, ValueError) as error:
            st.error(plain(yd.error_text(error)), icon=":material/error:")
        else:
            st.switch_page("app_pages/training_studio.py")

st.subheader(t("your_data.predictions"))
yd.predictions_block()
