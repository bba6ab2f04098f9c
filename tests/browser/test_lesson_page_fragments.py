"""Each of the anatomy, forward-and-backward and activations lessons is one fragment on the real
server: a widget change reruns the lesson, never the app's shell and sidebar (issue 19's lesson
hour), and what the lesson shows, its link included, follows the change as a full run's would.

The protocol-level client (tests/load/protocol.py) talks to the server as a browser does; the
runs it is sent name the fragments they ran ([] for a full run of the app).
"""

import math
from urllib.parse import parse_qs

from tests.browser.lesson_student import addresses, charts, fragment_runs, metrics, on_page


def test_anatomy_widgets_rerun_only_the_lesson_and_the_count_and_link_follow(app_url):
    async def steps(s):
        # The lecture's 2-2-1: (2 + 1) x 2 + (2 + 1) x 1 = 9 parameters.
        assert metrics(s)["Parameters"] == "9"
        runs, urls = fragment_runs(s), addresses(s)
        await s.set("anatomy.n_in", 3, timeout=90)
        assert metrics(s)["Parameters"] == "11"  # (3 + 1) x 2 + (2 + 1) x 1
        await s.set("anatomy.width.1", 5, timeout=90)
        assert metrics(s)["Parameters"] == "26"  # (3 + 1) x 5 + (5 + 1) x 1
        assert len(runs) == 2 and all(runs), runs  # two fragment runs, not the app's
        assert parse_qs(urls[-1]) == {"in": ["3"], "w1": ["5"]}
        # The app's shell drawn by the first run is still there: the sidebar's language box.
        assert s.widget("app.lang")

    on_page(app_url, "anatomy", steps)


def test_forward_backward_inputs_rerun_only_the_lesson_and_its_numbers_follow(app_url):
    async def steps(s):
        runs, urls = fragment_runs(s), addresses(s)
        await s.set("forward_backward.x1", 2.0, timeout=90)
        assert len(runs) == 1 and all(runs), runs
        # Every weight 0.1, x = (2, 2): h = 0.1 + 0.1 * 2 + 0.1 * 2 = 0.5 each,
        # z = 0.1 + 0.1 * 0.5 * 2 = 0.2, and BCE at y = 0 is log(1 + e^z).
        loss = round(math.log1p(math.exp(0.2)), 4)
        shown = metrics(s)
        assert float(shown["Loss by hand"]) == float(shown["Loss from PyTorch"]) == loss
        assert parse_qs(urls[-1]) == {"x1": ["2"]}

    on_page(app_url, "forward_backward", steps)


def test_activations_check_yourself_stops_the_lesson_in_its_fragment_and_brings_it_back(app_url):
    async def steps(s):
        assert charts(s) == 4  # the activation, the loss curve, its bars, the comparison
        runs = fragment_runs(s)
        await s.set("activations.check.hide", True, timeout=90)
        assert charts(s) == 0  # the numbers wait for the student's own, below the questions
        await s.set("activations.check.hide", False, timeout=90)
        assert charts(s) == 4
        assert len(runs) == 2 and all(runs), runs

    on_page(app_url, "activations", steps)
