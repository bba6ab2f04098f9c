"""A QR code of a link, drawn large enough to read from the back of a classroom."""

from __future__ import annotations

import io

import numpy as np
import segno
import streamlit as st

from ui.i18n import t

ERROR_LEVEL = "m"  # recovers 15% of the code: a projector's glare or a smudge on the screen
QUIET_ZONE = 4  # modules of white around the code, as the standard asks
# Drawn at its own size (resized by the browser it would blur): about 560 px, whole pixels per
# module, never fewer than 8, so that a phone reads it from the back of a projected room.
SIDE_PIXELS = 560
MIN_MODULE_PIXELS = 8


def code(text: str) -> segno.QRCode:
    """The QR code of `text` (never a Micro QR, which phones read less often)."""
    return segno.make(text, error=ERROR_LEVEL, micro=False)


def module_pixels(qr: segno.QRCode) -> int:
    """Pixels per module side: the code with its quiet zone about SIDE_PIXELS wide."""
    return max(MIN_MODULE_PIXELS, SIDE_PIXELS // (len(qr.matrix) + 2 * QUIET_ZONE))


def png(text: str) -> bytes:
    """The code as a black-on-white PNG."""
    qr, out = code(text), io.BytesIO()
    qr.save(out, kind="png", scale=module_pixels(qr), border=QUIET_ZONE)
    return out.getvalue()


def modules(picture: np.ndarray, pixels: int) -> np.ndarray:
    """The dark modules of a PNG made by png() with `pixels` per module: (n, n) bool, the quiet
    zone left out."""
    dark = np.asarray(picture) < 128
    centres = dark[pixels // 2::pixels, pixels // 2::pixels]
    return centres[QUIET_ZONE:-QUIET_ZONE, QUIET_ZONE:-QUIET_ZONE]


def show(text: str, key: str) -> None:
    """A switch that shows the QR code of `text` below it, with the text it holds."""
    if st.toggle(t("links.qr"), key=key, help=t("links.qr_help")):
        st.image(png(text), width="content")
