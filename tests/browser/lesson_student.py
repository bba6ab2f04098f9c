"""A student on one lesson page, driven through Streamlit's own protocol (tests/load/protocol.py),
and what the server sends them: the runs (a fragment's or the page's), the address bar, the page's
metrics, charts and tables. Shared by the lesson fragment tests."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa

from tests.load.protocol import Student


def tables(student: Student) -> list:
    """Every dataframe on the student's page, as pandas frames."""
    return [pa.ipc.open_stream(el.proto.dataframe.arrow_data.data).read_all().to_pandas()
            for el in student.elements.values() if el.kind == "dataframe"]


def recorded(student: Student, kind: str, read) -> list:
    """read(message) for each ForwardMsg of this kind the student is sent from now on."""
    seen, handle = [], student._handle

    def record(msg):
        if msg.WhichOneof("type") == kind:
            seen.append(read(msg))
        handle(msg)

    student._handle = record
    return seen


def fragment_runs(student: Student) -> list[list[str]]:
    """Each script run the student is sent from now on: the fragment ids it ran ([]: the page)."""
    return recorded(student, "new_session", lambda msg: list(msg.metadata.run.fragment_ids))


def addresses(student: Student) -> list[str]:
    """Each query string the server gives the address bar from now on."""
    return recorded(student, "page_info_changed", lambda msg: msg.page_info_changed.query_string)


def metrics(student: Student) -> dict[str, str]:
    """Every st.metric on the page: label -> value as shown."""
    return {el.proto.metric.label: el.proto.metric.body for el in student.elements.values()
            if el.kind == "metric"}


def charts(student: Student) -> int:
    return [el.kind for el in student.elements.values()].count("plotly_chart")


def on_page(app_url: str, page: str, steps) -> None:
    """Open `page` as a student and run `await steps(student)`, then close; in a thread of its
    own: a Playwright test earlier in this worker leaves its event loop running in the main
    thread, where asyncio.run() refuses to start another."""

    async def scenario():
        s = Student(app_url)
        await s.connect()
        try:
            await s.open(page, timeout=90)
            await steps(s)
            assert not s.exceptions
        finally:
            await s.close()

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result()
