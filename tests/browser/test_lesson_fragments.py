"""A lesson widget a class moves often reruns only its own section on the real server.

Every script run holds the one interpreter lock a whole class shares, so a change that reruns
the app shell and a whole page costs every other student's answer time (issue 19's lesson hour).
The protocol-level client (tests/load/protocol.py) talks to the server as a browser does and
tells which runs were a fragment's: no browser is needed to see it, only the real server.
"""

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


def test_the_activations_comparison_reruns_alone(app_url):
    async def scenario():
        s = Student(app_url)
        await s.connect()
        try:
            await s.open("activations", timeout=90)
            runs = fragment_runs(s)
            await s.set("activations.cmp_z.slider", -6.0, timeout=90)
            await s.set("activations.cmp_y", "1", timeout=90)
            assert not s.exceptions
            assert len(runs) == 2 and all(runs), runs  # two fragment runs, not the whole page
            # The comparison follows both changes: BCE on sigma(-6) with y = 1 is log(1 + e^6).
            assert s.widget("activations.cmp_z.box").proto.number_input.value == -6.0
            table = next(frame for frame in tables(s) if "L" in frame.columns)
            assert round(float(table.set_index(table.columns[0]).loc["BCE on σ(z)", "L"]), 4) \
                == 6.0025
            # What is above it is still on the page (a fragment run leaves it in place).
            assert s.widget("activations.name") and s.widget("activations.loss")
        finally:
            await s.close()

    # In a thread of its own: a Playwright test earlier in this worker leaves its event loop
    # running in the main thread, where asyncio.run() refuses to start another.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, scenario()).result()
