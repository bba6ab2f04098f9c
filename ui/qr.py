"""A QR code of a link, drawn large enough to read from the back of a classroom."""

from __future__ import annotations

import io

import numpy as np
import segno
import streamlit as st

from ui.i18n import t

ERROR_LEVEL = "m"  # recovers 15% of the code: a projector's glare or a smudge on the screen
MODULE_PIXELS = 8  # one module as 8 x 8 pixels: a 57-module code (a long link) is 520 px
QUIET_ZONE = 4  # modules of white around the code, as the standard asks
SHOWN_WIDTH = 480  # px on the page; a projector scales the page, the code stays sharp


def code(text: str) -> segno.QRCode:
    """The QR code of `text` (never a Micro QR, which phones read less often)."""
    return segno.make(text, error=ERROR_LEVEL, micro=False)


def png(text: str) -> bytes:
    """The code as a black-on-white PNG."""
    out = io.BytesIO()
    code(text).save(out, kind="png", scale=MODULE_PIXELS, border=QUIET_ZONE)
    return out.getvalue()


def modules(picture: np.ndarray) -> np.ndarray:
    """The dark modules of a PNG made by png(), read back: (n, n) bool, quiet zone left out."""
    dark = np.asarray(picture) < 128
    centres = dark[MODULE_PIXELS // 2::MODULE_PIXELS, MODULE_PIXELS // 2::MODULE_PIXELS]
    return centres[QUIET_ZONE:-QUIET_ZONE, QUIET_ZONE:-QUIET_ZONE]


def show(text: str, key: str) -> None:
    """A switch that shows the QR code of `text` below it, with the text it holds."""
    if st.toggle(t("links.qr"), key=key, help=t("links.qr_help")):
        st.image(png(text), width=SHOWN_WIDTH)
