"""One simulated student speaking Streamlit's own WebSocket protocol: no browser, only the server.

A Student opens /_stcore/stream as the browser does (subprotocol "streamlit"), asks for a page with
a rerun_script BackMsg, and reads the ForwardMsgs back: the page's elements by their delta path (as
the frontend keeps them), the widgets by their user key, when each script run finishes. Setting a
widget or clicking a button sends the rerun_script BackMsg the frontend sends: the widget's new
state, and the id of the fragment the widget sits in (a click inside a fragment reruns only it).

What the frontend does on its own is done here too, with the same rules (Streamlit 1.67's
frontend, App.handleAutoRerun and handleNewSession): an auto_rerun ForwardMsg starts a timer per
fragment that asks for that fragment's rerun every `interval` seconds (a new interval replaces the
old one), stop_auto_rerun ends some, and the start of a full script run (a new_session with no
fragment ids) ends them all. A live run in the studio ticks this way until it is done.

The protobufs are the streamlit package's own; the transport is the `websockets` package.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import time
import urllib.parse
from dataclasses import dataclass, field

import pyarrow as pa
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM = "/_stcore/stream"
FINISHED_EARLY = ForwardMsg.FINISHED_EARLY_FOR_RERUN
NO_TOKEN = "PLACEHOLDER_AUTH_TOKEN"  # a subprotocol entry may not be empty
MAX_MESSAGE_BYTES = 64 * 2**20  # a page's largest delta (a decision grid) is far below this


class ProtocolError(AssertionError):
    """The server said something a browser would show as an error, or never answered."""


def page_cookies(url: str, source: str | None = None) -> str:
    """The cookies the app's page sets (`name=value; ...`), as a browser would keep them: behind
    deploy/nginx.conf, the route cookie that keeps a student on one replica. `source`: the
    address to ask from (None: any)."""
    where = urllib.parse.urlsplit(url)
    page = http.client.HTTPConnection(where.hostname, where.port, timeout=60,
                                      source_address=(source, 0) if source else None)
    try:
        page.request("GET", where.path + "/")
        response = page.getresponse()
        response.read()
        found = [header.split(";", 1)[0].strip()
                 for header in response.headers.get_all("Set-Cookie") or []]
    finally:
        page.close()
    return "; ".join(found)


@dataclass
class Element:
    """One element of the page as last sent: its proto, its kind and the fragment it belongs to."""

    proto: object  # streamlit.proto.Element_pb2.Element
    kind: str  # "button", "slider", "markdown", ... (the Element oneof)
    fragment_id: str

    @property
    def widget(self):
        return getattr(self.proto, self.kind)

    @property
    def widget_id(self) -> str:
        return getattr(self.widget, "id", "")


@dataclass
class Run:
    """One script run asked for: when it was asked, when it finished, and how."""

    asked: float
    finished: float | None = None
    status: int | None = None

    @property
    def seconds(self) -> float | None:
        return None if self.finished is None else self.finished - self.asked


@dataclass
class Student:
    """One browser tab's session against `url` (http://host:port), driven by a coroutine."""

    url: str
    page: str = ""
    page_hash: str = ""  # the page's script hash, as the server named it (navigation)
    session_id: str | None = None
    # The page's cookies, sent with the WebSocket as a browser does (nginx's sticky route cookie).
    cookies: str | None = None
    # The address the student connects from (None: any). Behind deploy/nginx.conf, whose limits
    # are per address (a class behind its school's NAT), a load test gives each class its own.
    source: str | None = None
    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    runs_started: int = 0
    runs_finished: int = 0
    exceptions: list[str] = field(default_factory=list)
    bytes_received: int = 0
    _ws: object = None
    _reader: asyncio.Task | None = None
    _timers: dict[str, tuple[float, asyncio.Task]] = field(default_factory=dict)
    _running: bool = False
    _finished: asyncio.Event = field(default_factory=asyncio.Event)
    _states: dict[str, WidgetState] = field(default_factory=dict)

    # ---------------------------------------------------------------------- the connection
    async def connect(self, resume: bool = False) -> None:
        """Open the WebSocket; with `resume`, ask for the session this student had (a reconnect,
        as the frontend does with the last session id in Sec-WebSocket-Protocol)."""
        ws_url = "ws" + self.url.removeprefix("http") + STREAM
        # The second entry is the XSRF token, which only matters with an auth cookie (none here).
        protocols = (["streamlit", NO_TOKEN, self.session_id] if resume and self.session_id
                     else ["streamlit"])
        if self.cookies is None:  # a browser loads the page first, and keeps what it sets
            self.cookies = await asyncio.to_thread(page_cookies, self.url, self.source)
        headers = {"Cookie": self.cookies} if self.cookies else None
        self._ws = await websockets.connect(ws_url, subprotocols=protocols,
                                            additional_headers=headers,
                                            max_size=MAX_MESSAGE_BYTES, open_timeout=60,
                                            ping_interval=None,
                                            local_addr=(self.source, 0) if self.source else None)
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        """Close the tab: timers stop, the WebSocket closes (the server keeps the session for its
        disconnectedSessionTTL)."""
        self._stop_timers()
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        self._ws = self._reader = None

    # ---------------------------------------------------------------------- asking for runs
    async def open(self, page: str, query: str = "", timeout: float = 60) -> Run:
        """Load a page (its url pathname, "" for home) and wait for its first run to finish."""
        self.page, self.page_hash = page, ""
        self.elements.clear()
        self._states.clear()
        return await self._rerun(query=query, timeout=timeout)

    async def set(self, key: str, value, timeout: float = 60) -> Run:
        """Give the widget with user key `key` a value, as a person would; wait for the run."""
        el = self.widget(key)
        state = WidgetState(id=el.widget_id)
        if isinstance(value, bool):
            state.bool_value = value
        elif el.kind == "slider":
            state.double_array_value.data.extend(value if isinstance(value, list) else [value])
        elif el.kind == "number_input":
            state.double_value = float(value)
        elif el.kind in ("selectbox", "radio"):
            state.string_value = str(value)
        else:
            raise ProtocolError(f"cannot set a {el.kind} ({key})")
        self._states[el.widget_id] = state
        return await self._rerun(state, el.fragment_id, timeout=timeout)

    async def click(self, key: str, timeout: float = 60) -> Run:
        """Press the button with user key `key`; wait for the run it starts."""
        el = self.widget(key)
        if getattr(el.widget, "disabled", False):
            raise ProtocolError(f"button {key} is disabled")
        return await self._rerun(WidgetState(id=el.widget_id, trigger_value=True),
                                 el.fragment_id, timeout=timeout)

    async def _rerun(self, trigger: WidgetState | None = None, fragment_id: str = "",
                     query: str = "", timeout: float = 60, auto: bool = False) -> Run:
        msg = BackMsg()
        rerun = msg.rerun_script
        rerun.query_string, rerun.page_name = query, self.page
        rerun.page_script_hash = self.page_hash
        rerun.fragment_id, rerun.is_auto_rerun = fragment_id, auto
        states = dict(self._states)
        if trigger is not None:
            states[trigger.id] = trigger
        rerun.widget_states.widgets.extend(states.values())
        run = Run(time.monotonic())
        if auto:  # a timer's rerun: nobody waits for it
            await self._ws.send(msg.SerializeToString())
            return run
        self._finished.clear()
        started = self.runs_started
        await self._ws.send(msg.SerializeToString())
        deadline = time.monotonic() + timeout
        # The end of a run that was going when the request left (a Train's head start still
        # training when a student who dropped comes back) is not the end of the run asked for:
        # that one starts after the request was sent.
        while True:
            await self._wait(self._finished, deadline - time.monotonic(),
                             "the script run to finish")
            if self.runs_started > started and not self._running:
                break
            self._finished.clear()
        run.finished, run.status = time.monotonic(), self._last_status
        return run

    async def wait_idle(self, timeout: float = 120, settle: float = 0.0) -> float:
        """Wait until no script runs and no auto-rerun timer ticks (a live view has ended);
        return when that was. `settle`: seconds it must stay so (a click's follow-up run)."""
        deadline = time.monotonic() + timeout
        while True:
            if not self._running and not self._timers:
                idle_since = time.monotonic()
                await asyncio.sleep(settle)
                if not self._running and not self._timers and self._reader_alive():
                    return idle_since
            elif time.monotonic() > deadline:
                raise ProtocolError(f"still busy after {timeout:.0f} s "
                                    f"({len(self._timers)} live timers)")
            else:
                self._finished.clear()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._finished.wait(), 0.5)
            self._check_alive()

    # ---------------------------------------------------------------------- reading the page
    def widget(self, key: str) -> Element:
        """The element whose widget id ends in the user key `key` (ids are "$$ID-<hash>-<key>")."""
        for el in self.elements.values():
            if el.widget_id.endswith("-" + key):
                return el
        raise ProtocolError(f"no widget {key!r} on {self.page or 'home'}")

    def widgets(self) -> dict[str, Element]:
        """Every widget on the page by its user key (keyed widgets only)."""
        found = {}
        for el in self.elements.values():
            wid = el.widget_id
            if wid.startswith("$$ID-") and wid.count("-") >= 2:
                found[wid.split("-", 2)[2]] = el
        return found

    def texts(self) -> list[str]:
        """Every markdown body and progress text on the page, in page order."""
        out = []
        for path in sorted(self.elements):
            el = self.elements[path]
            if el.kind == "markdown":
                out.append(el.proto.markdown.body)
            elif el.kind == "progress":
                out.append(el.proto.progress.text)
        return out

    def table_after(self, caption_start: str) -> list[list]:
        """The rows of the table right after the markdown that starts with `caption_start`."""
        for path in sorted(self.elements):
            el = self.elements[path]
            if el.kind == "markdown" and el.proto.markdown.body.startswith(caption_start):
                nxt = self.elements.get((*path[:-1], path[-1] + 1))
                if nxt is None or nxt.kind not in ("table", "arrow_data_frame", "dataframe"):
                    found = "nothing" if nxt is None else f"a {nxt.kind}"
                    raise ProtocolError(f"no table under {caption_start!r} at {path}: {found} "
                                        f"there, after {self.runs_finished} runs")
                data = getattr(nxt.proto, nxt.kind).arrow_data.data
                frame = pa.ipc.open_stream(data).read_all().to_pandas()
                return frame.to_numpy().tolist()
        raise ProtocolError(f"no table under {caption_start!r}")

    # ---------------------------------------------------------------------- the reader
    _last_status: int | None = None

    def _reader_alive(self) -> bool:
        return self._reader is not None and not self._reader.done()

    def _check_alive(self) -> None:
        if self._reader is not None and self._reader.done():
            exc = self._reader.exception() if not self._reader.cancelled() else None
            raise ProtocolError(f"connection closed: {type(exc).__name__}: {exc}")

    async def _wait(self, event: asyncio.Event, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while not event.is_set():
            self._check_alive()
            left = deadline - time.monotonic()
            if left <= 0:
                raise ProtocolError(f"no answer after {timeout:.0f} s waiting for {what}")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(event.wait(), min(left, 0.5))

    async def _read(self) -> None:
        async for data in self._ws:
            self.bytes_received += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            self._handle(msg)

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self._running = True
            self.runs_started += 1
            self.session_id = msg.new_session.initialize.session_id or self.session_id
            fragments = set(msg.metadata.run.fragment_ids)
            if not fragments:
                self._stop_timers()  # a full run: the frontend's cleanupAutoReruns
            # What the run does not send again is gone when it ends (the frontend's
            # clearStaleNodes); dropped at its start here, as nothing reads the page mid-run.
            self.elements = {p: el for p, el in self.elements.items()
                             if fragments and el.fragment_id not in fragments}
        elif kind == "navigation":  # st.navigation names the page that ran
            self.page_hash = msg.navigation.page_script_hash or self.page_hash
        elif kind == "session_status_changed":
            self._running = msg.session_status_changed.script_is_running
        elif kind == "delta":
            self._delta(msg)
        elif kind == "auto_rerun":
            self._start_timer(msg.auto_rerun.fragment_id, msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                self._stop_timer(fid)
        elif kind == "script_finished":
            self._running = False
            self._last_status = msg.script_finished
            self.runs_finished += 1
            self._finished.set()

    def _delta(self, msg: ForwardMsg) -> None:
        path = tuple(msg.metadata.delta_path)
        delta = msg.delta
        what = delta.WhichOneof("type")
        if what in ("new_element", "add_block"):
            # The frontend keeps a tree: whatever is drawn at a path replaces the node there and
            # everything that was inside it (a block that became an element leaves no children).
            for p in [p for p in self.elements if p[:len(path)] == path]:
                del self.elements[p]
        if what == "new_element":
            el = delta.new_element
            kind = el.WhichOneof("type")
            self.elements[path] = Element(el, kind, delta.fragment_id)
            if kind == "exception":
                self.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:300])
            widget = getattr(el, kind)
            if getattr(widget, "set_value", False):  # the server set it: its value now rules
                self._states.pop(getattr(widget, "id", ""), None)

    # ---------------------------------------------------------------------- auto reruns
    def _start_timer(self, fragment_id: str, interval: float) -> None:
        if not fragment_id:
            return
        old = self._timers.get(fragment_id)
        if old is not None and old[0] == interval:
            return
        self._stop_timer(fragment_id)
        self._timers[fragment_id] = (interval, asyncio.create_task(
            self._tick(fragment_id, interval)))

    async def _tick(self, fragment_id: str, interval: float) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            while True:
                await asyncio.sleep(interval)
                await self._rerun(fragment_id=fragment_id, auto=True)

    def _stop_timer(self, fragment_id: str) -> None:
        timer = self._timers.pop(fragment_id, None)
        if timer is not None:
            timer[1].cancel()

    def _stop_timers(self) -> None:
        for fid in list(self._timers):
            self._stop_timer(fid)
