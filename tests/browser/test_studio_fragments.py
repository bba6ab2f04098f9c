"""A lecture Train in the studio reruns only the run view on the real server, its settling too.

Each script run holds the one interpreter lock a class shares, and a run of the whole app resends
the sidebar and every control, which a Train does not change. The protocol-level client
(tests/load/protocol.py) tells which runs were a fragment's, and keeps the auto-rerun timers the
server asks the browser for, as the frontend does: no browser is needed, only the real server.
"""

import asyncio

from tests.browser.lesson_student import fragment_runs, on_page
from ui.studio import traffic

EPOCHS = 20  # the lecture preset's
TEST_MATRIX = "**Confusion matrix, test set**"  # its title, over its table


def test_a_played_back_train_settles_in_a_run_of_the_run_view_and_stops_its_timer(app_url):
    async def steps(s):
        await s.click("studio.load_preset", timeout=90)
        await s.wait_idle(timeout=90)
        # Alone on the server: a session that trained lately would make this one a crowd, whose
        # runs are shown at once, without a playback.
        await asyncio.sleep(traffic.FORGET_SECONDS + 0.5)
        runs = fragment_runs(s)
        await s.click("studio.train", timeout=90)
        # The browser plays the run; the page is idle once it has settled and no timer is left.
        await s.wait_idle(timeout=90, settle=1.0)
        # Train's run, the settling timer's one tick, the run view's run: fragment runs only.
        assert len(runs) == 3 and all(runs), runs
        assert runs[0] == runs[2] != runs[1]  # the run view's, then the timer's, then its again
        # The page shows the end of the run, as the instant pace shows it.
        assert f"Epoch {EPOCHS} of {EPOCHS}" in s.texts()
        slider = s.widget("studio.replay_epoch").proto.slider  # on the last epoch
        assert list(slider.raw_value) == [str(EPOCHS)] == slider.options[-1:]
        counts = [[v for v in row if not isinstance(v, str)] for row in s.table_after(TEST_MATRIX)]
        assert sum(map(sum, counts)) == 45  # the test set's 45 samples
        assert s.widget("studio.pause").proto.button.disabled  # nothing plays on
        await asyncio.sleep(2.0)
        assert len(runs) == 3  # and nothing ticks on

    on_page(app_url, "studio", steps)
