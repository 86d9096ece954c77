"""The incremental checker gives exactly a fresh check's diagnostics, edit after edit.

A property test applies random sequences of the editor's own edits (through
:class:`story_bible.writing.document.Document`: set a field, add or remove a beat,
rename, move a beat (to another episode or arc), change a character, add or remove a relation, undo)
and compares ``Checker.update`` with ``run_rules`` after every step: same
diagnostics, same order. Targeted tests cover each kind of dependency, that
the story order kept up to date is the one a rebuild gives, and that a
one-beat edit does not re-run the rules for unrelated entities.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from plans import plan

from arcs.checker import Selection, run_rules
from arcs.incremental import Checker, _common_prefix, _common_suffix, _reads
from arcs.order import Story, build_story
from story_bible.reading.loader import sample_path
from story_bible.writing.document import Document, EditError


def sample() -> Document:
    return Document.from_texts(Document.open(sample_path()).texts)


def planned(seed: int = 3) -> Document:
    return Document.from_texts({"bible.yaml": plan(seed, beats=60, episodes=4)})


def same_story(story: Story, bible: Any) -> None:
    fresh = build_story(bible)
    assert [b.id for b in story.beats] == [b.id for b in fresh.beats]
    assert all(a is b for a, b in zip(story.beats, fresh.beats, strict=True))
    assert story.rank == fresh.rank
    assert {c: (t.changed, t.states, t.when) for c, t in story.timelines.items()} == {
        c: (t.changed, t.states, t.when) for c, t in fresh.timelines.items()
    }
    assert {c: [b.id for b in bs] for c, bs in story.appearances.items() if bs} == {
        c: [b.id for b in bs] for c, bs in fresh.appearances.items()
    }


def agrees(checker: Checker, doc: Document) -> None:
    assert checker.update(doc.bible) == run_rules(doc.bible, checker.selection)
    same_story(checker.story, doc.bible)


# -- random edit sequences ----------------------------------------------------------------

STATUSES = ["human", "infected", "zombie", "immune", "immortal", "dead", "ghost"]
TAGS = [[], ["alliance"], ["defection"], ["offscreen"]]
CODES = [[], ["C001"], ["S006"], ["Z999"]]


@st.composite
def edit(draw: st.DrawFn, doc: Document, only: tuple[str, ...] = ()) -> tuple[str, Any]:
    """One edit the editor could make to ``doc``'s bible now (of the ``only`` kinds, if given)."""
    b = doc.bible
    beats, people = sorted(b.beats), sorted(b.characters)
    factions, arcs = sorted(b.factions), sorted(b.arcs)
    episode = draw(st.sampled_from([f"S{s}E{e:02d}" for s in (1, 2, 3) for e in (1, 2, 5, 7, 12)]))
    beat = draw(st.sampled_from(beats)) if beats else None
    who = draw(st.sampled_from(people))
    kind = draw(st.sampled_from(only or [
        "at", "at", "move", "characters", "changes", "changes", "after", "flashback", "tags",
        "sets_up", "pays_off", "status", "faction", "introduced", "add", "remove", "rename",
        "relation", "unrelate", "stance", "open", "requires", "ignore", "summary", "undo",
        "arc",
    ]))
    # Beats, and the ids of beats an "add" may make: a name that resolves later.
    some_beats = st.lists(st.sampled_from([*beats, "new-1", "new-2"]), max_size=2, unique=True)
    if kind in ("at", "move"):
        return kind, (beat, episode)
    if kind == "arc":
        return "arc", (beat, draw(st.sampled_from(arcs)))
    if kind == "characters":
        return "set", (beat, "characters", draw(st.lists(st.sampled_from(people), max_size=3,
                                                          unique=True)))
    if kind == "changes":
        change: Any = draw(st.sampled_from(STATUSES))
        if draw(st.booleans()):
            change = {"status": change, "faction": draw(st.sampled_from(factions))}
        return "set", (beat, "changes", {who: change} if draw(st.integers(0, 4)) else None)
    if kind in ("after", "sets_up", "pays_off"):
        return "set", (beat, kind, draw(some_beats) or None)
    if kind == "flashback":
        return "set", (beat, "flashback", draw(st.booleans()) or None)
    if kind == "tags":
        return "set", (beat, "tags", draw(st.sampled_from(TAGS)) or None)
    if kind == "summary":
        return "set", (beat, "summary", draw(st.sampled_from(["Two\nlines", "one", None])))
    if kind == "status":
        return "set", (who, "status", draw(st.sampled_from(STATUSES)))
    if kind == "faction":
        return "set", (who, "faction", draw(st.sampled_from(factions)))
    if kind == "introduced":
        return "set", (who, "introduced", draw(st.sampled_from([episode, None])))
    if kind == "add":
        listed = draw(st.lists(st.sampled_from(people), max_size=2, unique=True))
        fields: dict[str, Any] = {"at": episode, "characters": listed}
        if draw(st.booleans()):
            fields["changes"] = {who: draw(st.sampled_from(STATUSES))}
        if draw(st.booleans()):
            fields["after"] = draw(some_beats)
        return "add", (f"new-{draw(st.integers(0, 5))}", fields, draw(st.sampled_from(arcs)))
    if kind == "remove":
        return "remove", (draw(st.sampled_from(beats + [r.id for r in b.relations])),)
    if kind == "rename":
        old = draw(st.sampled_from([beat, who]))
        return "rename", (old, f"{old}-x")
    if kind == "relation":
        pair = draw(st.lists(st.sampled_from(factions), min_size=2, max_size=2, unique=True))
        stance = draw(st.sampled_from(["war", "ally", "hostile"]))
        return "add_relation", ({"between": pair, "stance": stance, "from": episode},)
    if kind == "unrelate" and b.relations:
        return "remove", (draw(st.sampled_from(b.relations)).id,)
    if kind == "stance" and b.relations:
        relation = draw(st.sampled_from(b.relations)).id
        return "set", (relation, "stance", draw(st.sampled_from(["war", "ally", "tense"])))
    if kind == "open":
        return "set", (draw(st.sampled_from(arcs)), "open", draw(st.booleans()) or None)
    if kind == "requires":
        return "set", (draw(st.sampled_from(arcs)), "requires",
                       draw(st.lists(st.sampled_from(arcs), max_size=2, unique=True)) or None)
    if kind == "ignore":
        target = draw(st.sampled_from([beat, who, draw(st.sampled_from(arcs))]))
        return "set", (target, "ignore", draw(st.sampled_from(CODES)) or None)
    return "undo", ()


def apply(doc: Document, step: tuple[str, Any]) -> None:
    kind, args = step
    try:
        if kind == "at":
            doc.set(args[0], "at", args[1])
        elif kind == "move":
            doc.move_beat(args[0], at=args[1])
        elif kind == "arc":
            doc.move_beat(args[0], arc=args[1])
        elif kind == "set":
            doc.set(*args)
        elif kind == "add":
            doc.add("beat", args[0], args[1], arc=args[2])
        elif kind == "add_relation":
            doc.add("relation", "", args[0])
        elif kind == "remove":
            doc.remove(args[0])
        elif kind == "rename":
            doc.rename(*args)
        elif doc.can_undo:
            doc.undo()
    except EditError:
        event(f"refused: {kind}")  # the bible is as it was
        return
    event(f"made: {kind}")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), base=st.sampled_from(["sample", "plan"]))
def test_random_edits_give_a_fresh_checks_diagnostics(data: st.DataObject, base: str) -> None:
    doc = sample() if base == "sample" else planned()
    checker = Checker(doc.bible)
    assert checker.diagnostics == run_rules(doc.bible)
    for _ in range(data.draw(st.integers(1, 10))):
        apply(doc, data.draw(edit(doc)))
        agrees(checker, doc)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data(), base=st.sampled_from(["sample", "plan"]))
def test_beats_added_and_removed_give_a_fresh_checks_diagnostics(
    data: st.DataObject, base: str
) -> None:
    doc = sample() if base == "sample" else planned()
    checker = Checker(doc.bible)
    for _ in range(data.draw(st.integers(1, 12))):
        apply(doc, data.draw(edit(doc, ("add", "add", "remove", "after", "pays_off", "undo"))))
        agrees(checker, doc)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_edits_of_who_is_where_give_a_fresh_checks_diagnostics(data: st.DataObject) -> None:
    # The edits the character rules are narrowed for (their people only) and the
    # arc rules (the arcs of the beats, and the arcs requiring them), on the
    # sample, where the dead walk and arcs require arcs.
    doc = sample()
    checker = Checker(doc.bible)
    kinds = ("at", "at", "move", "arc", "changes", "changes", "characters", "flashback",
             "introduced", "status", "faction", "add", "remove", "summary", "undo")
    for _ in range(data.draw(st.integers(1, 12))):
        apply(doc, data.draw(edit(doc, kinds)))
        agrees(checker, doc)


# -- each kind of dependency ----------------------------------------------------------------


def test_a_death_moved_earlier_reaches_the_characters_later_beats() -> None:
    doc = sample()
    checker = Checker(doc.bible)
    death = next(b for b in doc.bible.beats.values()
                 if any(c.status == "dead" for c in b.changes.values()))
    doc.set(death.id, "at", "S1E01")
    after = checker.update(doc.bible)
    assert any(d.code == "C001" for d in after)  # the dead walk in the beats between
    agrees(checker, doc)
    doc.undo()
    assert checker.update(doc.bible) == run_rules(doc.bible) == []


def test_a_characters_status_is_their_whole_timeline() -> None:
    doc = sample()
    checker = Checker(doc.bible)
    doc.set("nam-ra", "status", "dead")
    assert any(d.code == "C001" and "nam-ra" in d.subjects for d in checker.update(doc.bible))
    agrees(checker, doc)


def test_a_war_between_factions_reaches_alliances_and_defections() -> None:
    doc = sample()
    checker = Checker(doc.bible)
    alliance = next(b for b in doc.bible.beats.values() if len(b.factions) > 1)
    doc.set(alliance.id, "tags", ["alliance"])
    doc.add("relation", "", {"between": list(alliance.factions[:2]), "stance": "war",
                             "from": "S1E01"})
    assert any(d.code == "F004" for d in checker.update(doc.bible))
    agrees(checker, doc)


def test_an_arcs_requires_edges() -> None:
    doc = sample()
    checker = Checker(doc.bible)
    first, *_, last = doc.bible.arcs
    doc.set(first, "requires", [last])
    assert any(d.code == "T003" for d in checker.update(doc.bible))
    agrees(checker, doc)


def test_setups_and_payoffs_across_beats() -> None:
    doc = sample()
    checker = Checker(doc.bible)
    link = next(b for b in doc.bible.beats.values() if b.pays_off)
    doc.set(link.id, "pays_off", None)
    assert {d.code for d in checker.update(doc.bible)} & {"S001", "S002"}
    agrees(checker, doc)


def test_story_order_is_updated_only_where_a_beat_moved() -> None:
    doc = planned()
    checker = Checker(doc.bible)
    for beat, at in (("b5", "S2E03"), ("b40", "S1E01"), ("b5", "S1E02"), ("b59", "S1E04")):
        doc.set(beat, "at", at)
        agrees(checker, doc)
    doc.set("b12", "after", ["b30"])  # a link that points ahead in the episode
    agrees(checker, doc)


def test_kept_diagnostics_follow_the_lines_an_edit_adds_above_them() -> None:
    doc = sample()
    doc.set("nam-ra", "status", "dead")
    checker = Checker(doc.bible)
    before = [d for d in checker.diagnostics if d.code == "C002"]
    first = next(iter(doc.bible.beats))
    doc.set(first, "summary", "One\nTwo\nThree")
    assert checker.update(doc.bible) == run_rules(doc.bible)
    after = [d for d in checker.diagnostics if d.code == "C002"]
    # nam-ra's forbidden change is kept, two lines further down, not computed again.
    assert before and [d.line + 2 for d in before] == [d.line for d in after]
    assert 0 < checker.recomputed["C002"] < 8 < len(doc.bible.beats)


def test_selection_and_severity_are_applied_as_the_checker_does() -> None:
    doc = sample()
    selection = Selection(select=("C", "S"), ignore=("S006",))
    checker = Checker(doc.bible, selection)
    doc.set("nam-ra", "status", "dead")
    assert checker.update(doc.bible) == run_rules(doc.bible, selection)


# -- what one edit re-runs ------------------------------------------------------------------


def test_a_one_beat_edit_reruns_no_rule_for_unrelated_entities() -> None:
    doc = planned()
    checker = Checker(doc.bible)
    doc.set("b30", "summary", "Rewritten")
    checker.update(doc.bible)
    ran = checker.recomputed
    # Entity rules saw the one beat (and its arc), not the other 59 beats.
    entity_rules = [code for code, n in ran.items() if n >= 0]
    assert entity_rules and all(ran[code] <= 2 for code in entity_rules)
    # Rules that read no beat's summary or order were not run at all.
    for code in ("T001", "T005", "F002", "S003", "S004", "S007", "R001", "C002"):
        assert ran.get(code, 0) != -1, code
    assert checker.diagnostics == run_rules(doc.bible)


def test_typing_in_a_summary_reruns_no_rule_of_the_whole_bible() -> None:
    # What a beat says (summary, notes, tags, setup, payoff) is read only by the
    # rules about that beat; the language server re-checks on every keystroke.
    doc = planned()
    checker = Checker(doc.bible)
    for text in ("R", "Re", "Rewritten\nover two lines"):
        doc.set("b30", "summary", text)
        assert checker.update(doc.bible) == run_rules(doc.bible)
        rerun = [code for code, n in checker.recomputed.items() if n == -1]
        assert [code for code in rerun if "beats" in _reads(checker.rules[code])] == []


def _not_whole(checker: Checker) -> bool:
    return "whole" not in checker.recomputed


def test_a_beat_added_is_checked_where_it_is_named() -> None:
    doc = planned()
    checker = Checker(doc.bible)
    first = doc.bible.beats["b3"]
    doc.set("b3", "after", ["ghost"])  # an unknown beat: R001 on b3
    assert any(d.code == "R001" and d.entity == "b3" for d in checker.update(doc.bible))
    doc.add("beat", "ghost", {"at": str(first.at), "summary": "Now it exists"}, arc=first.arc)
    assert checker.update(doc.bible) == run_rules(doc.bible)
    assert not any(d.code == "R001" for d in checker.diagnostics)
    assert _not_whole(checker)
    # Entity rules saw the new beat, the beat naming it and their arcs, not all 61 beats.
    assert all(n <= 6 for n in checker.recomputed.values())
    same_story(checker.story, doc.bible)


def test_a_beat_removed_is_reported_where_it_is_still_named() -> None:
    doc = planned()
    checker = Checker(doc.bible)
    named = next(b for b in doc.bible.beats.values() if b.after)
    gone = named.after[0]
    doc.remove(gone)
    assert checker.update(doc.bible) == run_rules(doc.bible)
    assert _not_whole(checker)
    assert any(d.code == "R001" and d.entity == named.id for d in checker.diagnostics) == (
        gone in doc.bible.beats[named.id].after  # unless remove took the name out too
    )
    same_story(checker.story, doc.bible)


def test_a_beat_removed_moves_the_timeline_of_the_last_beats_change() -> None:
    # Removing a beat moves every later beat up one rank, the last beat of the
    # story too: a change there must move with it (it once kept its old rank).
    doc = sample()
    checker = Checker(doc.bible)
    last = checker.story.beats[-1]
    who = last.characters[0]
    doc.set(last.id, "changes", {who: "dead"})
    checker.update(doc.bible)
    early = next(b for b in checker.story.beats
                 if who not in b.characters and who not in b.changes)
    doc.remove(early.id)
    assert checker.update(doc.bible) == run_rules(doc.bible)
    assert _not_whole(checker)
    same_story(checker.story, doc.bible)


@pytest.mark.parametrize("edit_id", ["b5", "c3"])
def test_ids_renamed_check_the_bible_whole(edit_id: str) -> None:
    doc = planned()
    checker = Checker(doc.bible)
    doc.rename(edit_id, f"{edit_id}-new")
    assert checker.update(doc.bible) == run_rules(doc.bible)
    assert checker.recomputed == {"whole": len(checker.rules) + 1}


#: The rules whose results are kept per character (their SCOPE is "character").
CHARACTER_RULES = ("C001", "C004", "C006", "C008", "S006")
#: The arc rules kept per arc (entity scope), re-run for the arcs an edit touches.
ARC_RULES = ("S005", "S008", "T003")


def test_a_death_moved_reruns_the_character_rules_for_that_beats_people_only() -> None:
    # The editor benchmark's edit: a beat killing someone moves to the first episode
    # and back. The dead walk in later beats, so the problems change, but only the
    # people of the moved beat have new appearances or a new timeline.
    doc = sample()
    checker = Checker(doc.bible)
    death = next(b for b in doc.bible.beats.values()
                 if any(c.status == "dead" for c in b.changes.values()))
    people = set(death.characters) | set(death.changes)
    for at in ("S1E01", str(death.at)):
        doc.set(death.id, "at", at)
        assert checker.update(doc.bible) == run_rules(doc.bible)
        ran = checker.recomputed
        assert _not_whole(checker)
        for code in CHARACTER_RULES:
            assert 0 < ran[code] <= len(people) < len(doc.bible.characters), code
        for code in ARC_RULES:  # the arcs of the beat, not every arc
            assert 0 < ran[code] < len(doc.bible.arcs), code
        same_story(checker.story, doc.bible)


def test_a_character_edited_reruns_the_character_rules_for_them_only() -> None:
    doc = sample()
    checker = Checker(doc.bible)
    first = next(b for b in doc.bible.beats.values() if b.characters)
    who = first.characters[0]
    doc.set(who, "introduced", "S2E01")  # their earlier beats come before it (C004)
    assert any(d.code == "C004" and d.subjects == (who,) for d in checker.update(doc.bible))
    assert checker.diagnostics == run_rules(doc.bible)
    assert all(checker.recomputed[code] == 1 for code in CHARACTER_RULES)


def test_an_arc_required_by_another_is_rechecked_with_it() -> None:
    # T003 reads the required arc's last beat: moving that beat re-checks the
    # arcs requiring it (here the message names another last beat), not only its own.
    doc = planned()
    doc.set("a1", "requires", ["a0"])  # a0 runs to S2E04, a1 starts in S1E01: T003
    checker = Checker(doc.bible)
    before = [d.message for d in checker.diagnostics if d.code == "T003"]
    last = max(doc.bible.arcs["a0"].beats.values(), key=lambda b: (b.at, b.id))
    doc.set(last.id, "at", "S1E03")
    after = [d.message for d in checker.update(doc.bible) if d.code == "T003"]
    assert checker.diagnostics == run_rules(doc.bible)
    assert before and after and before != after
    assert _not_whole(checker)
    assert 2 <= checker.recomputed["T003"] < len(doc.bible.arcs)


# -- where two texts differ ------------------------------------------------------------------


def _naive_prefix(a: str, b: str) -> int:
    shorter = min(len(a), len(b))
    return next((i for i, (x, y) in enumerate(zip(a[:shorter], b[:shorter], strict=True))
                 if x != y), shorter)


@settings(max_examples=100, deadline=None)
@given(head=st.text("ab\u0100\n", max_size=40), a=st.text("ab\u0100", max_size=6),
       b=st.text("ab", max_size=6), tail=st.text("ab\u0100\n", max_size=40),
       scale=st.sampled_from([1, 1000, 40000]))
def test_the_common_prefix_and_suffix_are_found_in_chunks(
    head: str, a: str, b: str, tail: str, scale: int
) -> None:
    # Long texts (scale) cross the chunk sizes, so chunks and their bisection are used.
    old, new = head * scale + a + tail * scale, head * scale + b + tail * scale
    prefix = _common_prefix(old, new)
    assert prefix == _naive_prefix(old, new)
    floor = min(len(old), len(new)) - prefix
    suffix = _common_suffix(old, new, prefix)
    assert suffix == min(_naive_prefix(old[::-1], new[::-1]), floor)
