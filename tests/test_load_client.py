"""The class load client (tests/load/protocol.py) keeps the page and timers as the frontend does.

No server here: ForwardMsgs are built from Streamlit's own protobufs and handed to a Student, and
what it then holds (elements by delta path, auto-rerun timers, widget states) is checked against
Streamlit 1.67's frontend rules (App.handleNewSession, handleAutoRerun, clearStaleNodes).
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.load.class_load import pct
from tests.load.protocol import ProtocolError, Student


def new_session(*fragment_ids: str) -> ForwardMsg:
    msg = ForwardMsg()
    msg.new_session.initialize.session_id = "s-1"
    msg.metadata.run.fragment_ids.extend(fragment_ids)
    return msg


def element(path: tuple[int, ...], kind: str, fragment_id: str = "", **fields) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    msg.delta.fragment_id = fragment_id
    widget = getattr(msg.delta.new_element, kind)
    for name, value in fields.items():
        setattr(widget, name, value)
    if kind == "progress":
        widget.value = 0
    return msg


def auto_rerun(fragment_id: str, interval: float) -> ForwardMsg:
    msg = ForwardMsg()
    msg.auto_rerun.fragment_id, msg.auto_rerun.interval = fragment_id, interval
    return msg


def test_timers_follow_the_frontend_rules():
    async def scenario():
        s = Student("http://127.0.0.1:1")
        s._handle(auto_rerun("curves", 0.12))
        s._handle(auto_rerun("regions", 0.5))
        first = s._timers["curves"][1]
        s._handle(auto_rerun("curves", 0.12))  # the same interval: the same timer goes on
        assert s._timers["curves"][1] is first
        s._handle(auto_rerun("curves", 0.3))  # a new interval replaces it
        assert s._timers["curves"][0] == pytest.approx(0.3) and s._timers["curves"][1] is not first
        s._handle(new_session("curves"))  # a fragment's run leaves the timers alone
        assert set(s._timers) == {"curves", "regions"}
        stop = ForwardMsg()
        stop.stop_auto_rerun.fragment_ids.append("regions")
        s._handle(stop)
        assert set(s._timers) == {"curves"}
        s._handle(new_session())  # a full run ends every timer
        assert s._timers == {}
        await asyncio.sleep(0)
        assert first.cancelled() or first.done()

    # A thread of its own: in a worker that ran a browser test, Playwright's sync API keeps an
    # event loop running on this thread, and asyncio.run refuses to start a second one there.
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, scenario()).result()


def test_a_run_replaces_what_it_draws_again_and_drops_the_rest_of_its_part():
    s = Student("http://127.0.0.1:1")
    s._handle(new_session())
    s._handle(element((0, 0), "markdown", body="Epoch 3 of 20"))
    s._handle(element((0, 1), "progress", "live", text="Epoch 3 of 20"))
    s._handle(element((0, 2), "markdown", "live", body="a notice only this run shows"))
    s._handle(element((1, 0), "button", id="$$ID-abc-studio.train"))
    s._handle(new_session("live"))  # the live fragment reruns: its old elements go
    s._handle(element((0, 1), "progress", "live", text="Epoch 20 of 20"))
    assert s.texts() == ["Epoch 3 of 20", "Epoch 20 of 20"]
    assert s.widget("studio.train").widget_id == "$$ID-abc-studio.train"
    assert set(s.widgets()) == {"studio.train"}
    s._handle(new_session())  # a full run draws the whole page anew
    assert s.elements == {} and s.session_id == "s-1"
    with pytest.raises(ProtocolError, match=r"no widget 'studio\.train'"):
        s.widget("studio.train")


def test_an_element_drawn_where_a_block_was_replaces_the_block_and_all_inside_it():
    s = Student("http://127.0.0.1:1")
    s._handle(new_session())
    s._handle(element((0, 5, 0), "markdown", "results", body="**Confusion matrix, test set** 0"))
    s._handle(element((0, 5, 1), "markdown", "results", body="the table of epoch 0"))
    s._handle(new_session("studio"))  # a slider appears above: the results move one place down
    s._handle(element((0, 5), "markdown", "studio", body="Decision regions"))
    s._handle(element((0, 6, 0), "markdown", "results", body="**Confusion matrix, test set** 20"))
    assert s.texts() == ["Decision regions", "**Confusion matrix, test set** 20"]
    with pytest.raises(ProtocolError, match=r"at \(0, 6, 0\): nothing there"):
        s.table_after("**Confusion matrix, test set**")


def test_a_request_waits_for_the_end_of_its_own_run_not_of_one_going_when_it_left():
    class Socket:
        async def send(self, data):
            pass

    finished = ForwardMsg()
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY

    async def scenario():
        s = Student("http://127.0.0.1:1", _ws=Socket())
        s._handle(new_session("studio"))  # a Train's run, still going
        asked = asyncio.create_task(s.open("studio", timeout=30))
        await asyncio.sleep(0.05)
        s._handle(finished)  # ... ends: not the run the page asked for
        await asyncio.sleep(0.05)
        assert not asked.done()
        s._handle(new_session())
        s._handle(element((0, 0), "markdown", body="Epoch 20 of 20"))
        s._handle(finished)
        await asyncio.wait_for(asked, 30)
        assert s.texts() == ["Epoch 20 of 20"]

    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, scenario()).result()


def test_a_value_the_server_sets_replaces_the_students_own():
    s = Student("http://127.0.0.1:1")
    s._states["$$ID-abc-sigmoid.w"] = object()
    s._handle(element((0, 0), "slider", id="$$ID-abc-sigmoid.w", set_value=True))
    assert s._states == {}


def test_a_table_is_read_under_its_caption():
    s = Student("http://127.0.0.1:1")
    s._handle(element((0, 0), "markdown", body="**Confusion matrix, test set** (45 samples)"))
    sink = pa.BufferOutputStream()
    table = pa.table({"setosa": [15, 0], "versicolor": [0, 14]})
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    msg = ForwardMsg()
    msg.metadata.delta_path.extend((0, 1))
    msg.delta.new_element.table.arrow_data.data = sink.getvalue().to_pybytes()
    s._handle(msg)
    assert s.table_after("**Confusion matrix, test set**") == [[15, 0], [0, 14]]


def test_an_exception_on_the_page_is_noted():
    s = Student("http://127.0.0.1:1")
    msg = element((0, 0), "exception", type="ValueError", message="boom")
    s._handle(msg)
    assert s.exceptions == ["ValueError: boom"]


def test_percentiles_are_nearest_rank():
    values = list(range(1, 101))
    assert pct(values, 50) == 50 and pct(values, 95) == 95 and pct(values, 100) == 100
    assert pct([7.0], 95) == 7.0 and pct([], 95) is None

