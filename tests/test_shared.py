"""Values built once and kept for every session: each built once, the most recent kept."""

import threading

from ui.shared import Shared


def test_a_value_is_built_once_then_kept():
    built = []
    kept = Shared(size=2)
    first = kept.get("one", lambda: built.append(1) or ["value one"])
    assert kept.get("one", lambda: built.append(99) or ["other"]) is first
    assert built == [1] and first == ["value one"]


def test_the_most_recently_asked_for_are_kept():
    kept = Shared(size=2)
    for key in ("a", "b", "a", "c"):  # "a" asked for again after "b": "b" is the oldest
        kept.get(key, lambda key=key: [key])
    assert len(kept) == 2
    rebuilt = []
    kept.get("b", lambda: rebuilt.append("b") or ["b"])
    kept.get("a", lambda: rebuilt.append("a") or ["a"])
    # "b" had gone; then "c" and "b" were kept, so "a" had gone too
    assert rebuilt == ["b", "a"] and len(kept) == 2


def test_sessions_asking_at_once_all_get_the_value():
    kept = Shared(size=8)
    got = []
    threads = [threading.Thread(target=lambda i=i: got.append(kept.get(i % 3, lambda i=i: [i % 3])))
               for i in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(v[0] for v in got) == sorted(i % 3 for i in range(30)) and len(kept) == 3
