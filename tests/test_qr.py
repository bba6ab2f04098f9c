"""QR codes of links: the picture holds segno's own encoding of the link, module for module, at a
size that a projector shows sharp; the studio's challenge QR holds exactly the link beside it
(tests/app/test_studio_challenge.py)."""

import io

import numpy as np
import pytest
import segno
from PIL import Image

from ui import qr

LINKS = [
    "http://localhost:8501/sigmoid?w=4&b=-5&lang=vi",
    "https://class.example/studio?data=spiral&hidden=16-8&lr=0.05&pace=instant&ch=1&task=Reach"
    "+90%25+with+at+most+100+parameters&goal=test_acc%3A0.9&budget=100&lock=lr%2Clayers"
    "&hide=seed&board=b1&bkey=k2&sig=29b3a6cbad11e0c5bfdd9622dc9ddee9",
    "http://x/?task=Đạt+90%25+độ+chính+xác",  # not Latin-1: segno encodes it as UTF-8
]


def picture(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"))


@pytest.mark.parametrize("link", LINKS)
def test_the_picture_is_segnos_encoding_of_the_link_module_for_module(link):
    reference = np.array(segno.make_qr(link, error="m").matrix, dtype=bool)
    image, pixels = picture(qr.png(link)), qr.module_pixels(qr.code(link))
    np.testing.assert_array_equal(qr.modules(image, pixels), reference)
    side = (len(reference) + 2 * qr.QUIET_ZONE) * pixels
    assert image.shape == (side, side)
    assert not (image[:qr.QUIET_ZONE * pixels] < 128).any()  # the quiet zone is white


@pytest.mark.parametrize("link", LINKS)
def test_every_code_is_drawn_large_with_coarse_modules(link):
    code = qr.code(link)
    assert code.error in ("M", "Q", "H") and not code.is_micro  # at least 15% recoverable
    modules = len(code.matrix) + 2 * qr.QUIET_ZONE
    side = picture(qr.png(link)).shape[0]
    assert side > qr.SIDE_PIXELS - modules  # whole pixels per module: at most one short each
    assert qr.module_pixels(code) >= qr.MIN_MODULE_PIXELS
