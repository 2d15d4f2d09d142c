"""The collector pause nests across threads and freezes what was built under it."""

from __future__ import annotations

import gc
import threading

from soc2flow.loading.repository import gc_paused


def test_pauses_nest_and_overlap_across_threads() -> None:
    assert gc.isenabled()
    inner_started, outer_may_end = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other() -> None:
        with gc_paused():
            inner_started.set()
            outer_may_end.wait()
        seen.append(gc.isenabled())  # the main thread's pause is still on

    thread = threading.Thread(target=other)
    with gc_paused():
        thread.start()
        inner_started.wait()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the nested pause ending does not end the others
        outer_may_end.set()
        thread.join()
        assert not gc.isenabled()
    assert seen == [False]
    assert gc.isenabled()


def test_what_was_built_is_frozen_after_the_pause() -> None:
    before = gc.get_freeze_count()
    with gc_paused():
        built = [[i] for i in range(1000)]
    assert gc.get_freeze_count() >= before + len(built)
    assert gc.isenabled()
