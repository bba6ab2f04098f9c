"""Your own data: upload a CSV, see it checked and prepared, then train on it in the studio."""

import streamlit as st

from mlp_core.tabular import MISSING_POLICIES, SINGLETON_POLICIES, DataError, prepare
from ui import state
from ui import your_data as yd
from ui.format import plain

K = yd.K

st.title("Your own data")
st.markdown(
    "Bring a table of your own: one row per example, one column per feature, and one column "
    "holding the class to predict. The file is checked and prepared here: the delimiter, the "
    "encoding and the header are detected, text columns with few categories are one-hot "
    "encoded, yes/no columns become 0/1, and every change is listed in the notes. Then press "
    "**Train on this data** and the training studio opens on it. It starts with the lecture's "
    "Iris; try the other samples, or a file of your own."
)
state.init(state.YOUR_DATA)
yd.ensure_table()

upload_col, sample_col = st.columns([3, 2])
with upload_col:
    uploaded = st.file_uploader(
        "Upload a CSV file (.csv, .tsv or .txt)", type=["csv", "tsv", "txt"],
        key="your_data.upload", max_upload_size=yd.MAX_UPLOAD_MB,
        help="Comma, semicolon or tab separated; UTF-8 or Latin-1; a header row is optional.",
    )
    yd.take_upload(uploaded)
    if st.session_state[K["error"]]:
        st.error(plain(st.session_state[K["error"]]), icon=":material/error:")
        st.caption("The table below is still the one loaded before.")
    st.caption(yd.LIMITS)
with sample_col:
    st.markdown("**Or try a sample**")
    buttons = st.columns(2)
    for i, label in enumerate(yd.SAMPLES):
        buttons[i % 2].button(label, key=f"your_data.sample.{i}", on_click=yd.load_sample,
                              args=(label,), width="stretch")
    st.button("Reset to the lecture's example", key="your_data.reset", on_click=yd.reset)

parsed = st.session_state[K["parsed"]]
frame = parsed.frame
st.subheader("The table")
st.text(f"{st.session_state[K['name']]}: {len(frame):,} rows, {len(frame.columns)} columns.")
preview_col, report_col = st.columns([3, 2])
with preview_col:
    st.caption(f"The first {min(len(frame), yd.PREVIEW_ROWS)} rows, numbered as in the notes.")
    st.dataframe(frame.head(yd.PREVIEW_ROWS), key="your_data.preview")
with report_col:
    st.caption("Each column: detected type, distinct values, missing or non-finite cells.")
    st.dataframe(parsed.report, hide_index=True, key="your_data.report")

st.subheader("What to learn")
columns = list(frame.columns)
target_col, features_col = st.columns([1, 2])
target = target_col.selectbox("Target: the class to predict", columns, key=K["target"],
                              on_change=yd.default_features)
features = features_col.multiselect(
    "Features: the inputs", [c for c in columns if c != target], key=K["features"],
    help="By default, every column that can be used: numbers, yes/no values, and text with at "
         "most 20 categories. Columns left out are listed in the notes.",
)
policy_col, singleton_col, split_col = st.columns(3)
missing = policy_col.radio("Missing or non-finite values", MISSING_POLICIES, key=K["missing"],
                           format_func=yd.MISSING_LABELS.get)
singletons = singleton_col.radio("Classes with a single row", SINGLETON_POLICIES,
                                 key=K["singletons"], format_func=yd.SINGLETON_LABELS.get)
test_size = split_col.slider("Test share", 0.1, 0.5, step=0.05, key=K["test_size"],
                             help="The part of the rows held out to test the trained model.")
seed = split_col.number_input("Seed", 0, 2**31 - 1, step=1, key=K["seed"],
                              help="Fixes the split (and the sample, for a big table).")

try:
    # With nothing usable, features=None lets prepare say why each column was left out.
    chosen = features if features or yd.usable_features(parsed, target)[0] else None
    data = prepare(parsed, target, chosen, missing, singletons)
except DataError as error:
    st.error(plain(error), icon=":material/error:")
    data = None

if data is not None:
    counts = st.columns(3)
    counts[0].metric("Rows used", f"{len(data.y):,}")
    counts[1].metric("Feature columns after encoding", len(data.features))
    counts[2].metric("Classes", len(data.classes))
    st.subheader("Notes")
    for note in data.notes:
        st.text("• " + note)
    with st.expander("Classes and encoded features"):
        st.text("Classes: " + " | ".join(data.classes))
        st.text("Features: " + " | ".join(data.features))
    if st.button("Train on this data", key="your_data.train", type="primary",
                 icon=":material/model_training:"):
        try:
            yd.hand_to_studio(data, float(test_size), int(seed))
        except (DataError, ValueError) as error:
            st.error(plain(error), icon=":material/error:")
        else:
            st.switch_page("app_pages/training_studio.py")

st.subheader("Predictions")
yd.predictions_block()
