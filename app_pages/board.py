"""Class board: the runs a class submitted from the studio, live, made for projecting."""

import streamlit as st

from ui import state
from ui.board import view
from ui.i18n import t

st.title(t("board.title"))
state.init(state.BOARD)
view.sync()  # board= stays in the link; tkey= is kept in the session and leaves the address bar

board = view.opened()
if board is None:
    view.create_block()
    st.stop()

teacher = view.is_teacher(board)
if teacher:
    view.student_link_block(board, empty=not view.count(board))
    with st.sidebar:
        view.teacher_block(board)
view.live_block(board)
