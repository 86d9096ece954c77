"""A first check made aside, in a forked child, gives exactly a check here, or nothing.

The child is a real forked process (:mod:`arcs.check_aside`); each test makes
sure it is reaped: ``os.waitpid`` on its pid then finds no such child.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import pytest
from plans import plan

import arcs.check_aside
from arcs.check_aside import CheckAside, worthwhile
from arcs.incremental import Checker
from story_bible.model import Bible
from story_bible.writing.document import Document


def troubled_text(beats: int = 300) -> str:
    """A generated plan with problems of three rules: characters no one cast, beats after
    later beats."""
    return (plan(1, beats=beats, episodes=6)
            .replace("characters: [c3]", "characters: [c99]")
            .replace("after: [b1", "after: [b299"))


def troubled(beats: int = 300) -> Bible:
    return Document.from_texts({"bible.yaml": troubled_text(beats)}).bible


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_diagnostics_made_aside_are_a_check_heres() -> None:
    bible = troubled()
    aside = CheckAside(bible)
    pid = aside._pid
    assert pid is not None
    found = aside.result()
    here = Checker(bible).diagnostics
    assert len({d.code for d in here}) == 3
    assert found == here
    assert reaped(pid)


def test_a_child_that_fails_gives_nothing_and_is_reaped(monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    def broken(*args: Any, **kwargs: Any) -> Checker:
        raise RuntimeError("a rule broke")

    monkeypatch.setattr(arcs.check_aside, "Checker", broken)
    aside = CheckAside(troubled(30))
    pid = aside._pid
    assert pid is not None
    assert aside.result() is None
    assert reaped(pid)


def test_a_child_that_never_answers_is_stopped_at_the_deadline(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def stuck(*args: Any, **kwargs: Any) -> Checker:
        threading.Event().wait()  # forever (the child's only thread)
        raise AssertionError

    monkeypatch.setattr(arcs.check_aside, "Checker", stuck)
    aside = CheckAside(troubled(30))
    pid = aside._pid
    assert pid is not None
    started = time.monotonic()
    assert aside.result(seconds=0.3) is None
    assert time.monotonic() - started < 10
    assert reaped(pid)


def test_a_wait_is_ended_from_another_thread_and_close_reaps_an_unasked_child(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The editor ends its wait when it closes (``stop``), and reaps a child it never asked
    (``close``): neither a thread nor a process is left behind."""
    def stuck(*args: Any, **kwargs: Any) -> Checker:
        threading.Event().wait()
        raise AssertionError

    monkeypatch.setattr(arcs.check_aside, "Checker", stuck)
    asked = CheckAside(troubled(30))
    answers: list[object] = []
    waiting = threading.Thread(target=lambda: answers.append(asked.result()))
    waiting.start()
    asked.stop()
    waiting.join(timeout=30)
    assert answers == [None]
    unasked = CheckAside(troubled(30))
    pid = unasked._pid
    assert pid is not None
    unasked.close()
    assert reaped(pid)


def test_only_a_big_bible_is_checked_aside_and_only_with_one_thread_running(
        monkeypatch: pytest.MonkeyPatch) -> None:
    big, small = troubled(), troubled(30)
    monkeypatch.setattr(arcs.check_aside, "ASIDE_BEATS", 100)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert not worthwhile(small)
    many_cores = len(os.sched_getaffinity(0)) > 1
    assert worthwhile(big) == many_cores
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not worthwhile(big)
