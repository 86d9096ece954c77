"""Hypothesis strategies for whole bibles the loader accepts.

The bibles are consistent enough to load (unique ids across kinds, positions
inside their seasons, well-formed rule codes) but not necessarily to check
clean: references may dangle and statuses may change in any way, which is
the rules' business, not the loader's. Text and ids lean towards what breaks
YAML round trips: Korean, YAML 1.1 look-alikes, quotes, line breaks.
"""

from __future__ import annotations

from hypothesis import strategies as st

from story_bible.field_table import DEFAULT_STATUSES
from story_bible.model import (
    STANCES,
    Arc,
    Beat,
    Bible,
    Change,
    Character,
    Faction,
    Relation,
    Season,
    Series,
    Status,
)
from story_bible.positions import SEASON_ID, Position
from story_bible.vocabulary import ID_PATTERN

ODD_WORDS = [
    "no", "on", "off", "yes", "y", "n", "null", "true", "False", "1e3", "0x1F", "0o17", "1_000",
    "2024-01-01", "12:30:00", ".inf", "-", "<<", "=", "~", "", " ", "it's", 'say "hi"',
    "a: b", "# not a comment", "[not, a, list]", "{x}", "&anchor", "*alias", "!tag", "%", "@",
    "line one\nline two", "trailing\n", "\ttab", "caf\u00e9", "\u2028", "a\x85b", "\ufeff",
]
KOREAN_WORDS = ["최남라", "윤귀남", "이청산", "남온조", "효산고", "좀비", "면역", "생존자"]
ODD_IDS = [
    "no", "on", "yes", "null", "true", "1e3", "2024-01-01", "0x1F", "o'brien", "y",
    "남라", "귀남", "효산-고", "_private", "v1.2", "ÉLODIE", "nam-ra",
]

texts = st.one_of(
    st.sampled_from(ODD_WORDS),
    st.sampled_from(KOREAN_WORDS),
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from("ab 가나 :#-'\"\n"), max_size=20),
)
#: Text as most rooms write it: words, digits and the punctuation of prose,
#: none of the characters that start a YAML tag, anchor, alias or comment.
plain_texts = st.one_of(
    st.sampled_from(KOREAN_WORDS),
    st.text(alphabet=st.sampled_from("abcxyz 가나 .,;?'\"()0123456789"), min_size=1, max_size=40),
)
ids = st.one_of(
    st.sampled_from(ODD_IDS),
    st.from_regex(r"[a-z가-힣][a-z0-9가-힣'._-]{0,10}", fullmatch=True),
).filter(
    lambda i: bool(ID_PATTERN.fullmatch(i))
    and not SEASON_ID.fullmatch(i)
    and i not in DEFAULT_STATUSES
)
codes = st.from_regex(r"[A-Z][0-9]{3}", fullmatch=True)
ignores = st.frozensets(codes, max_size=2)


@st.composite
def bibles(draw: st.DrawFn, words: st.SearchStrategy[str] = texts) -> Bible:
    """A random bible, as the loader would build it from its YAML, its text drawn from ``words``."""
    optional_words = st.none() | words
    pool = draw(st.lists(ids, min_size=26, max_size=26, unique=True))
    taken = iter(pool)

    def some(items: list[str], most: int) -> tuple[str, ...]:
        if not items:
            return ()
        return tuple(draw(st.lists(st.sampled_from(items), max_size=most, unique=True)))

    seasons = {}
    for number in range(1, draw(st.integers(1, 3)) + 1):
        season_id = f"S{number}"
        seasons[season_id] = Season(
            id=season_id, number=number, title=draw(words), episodes=draw(st.integers(1, 13)),
            planned=draw(st.booleans()), summary=draw(optional_words),
            notes=draw(optional_words), ignore=draw(ignores),
        )

    def position() -> Position:
        season = draw(st.sampled_from(list(seasons.values())))
        return Position(season.number, draw(st.integers(1, season.episodes)))

    statuses = {
        name: Status(id=name, appears=appears, becomes=becomes)
        for name, (appears, becomes) in DEFAULT_STATUSES.items()
    }
    if draw(st.booleans()):
        names = [next(taken) for _ in range(draw(st.integers(1, 3)))]
        statuses = {
            name: Status(
                id=name, appears=draw(st.booleans()), becomes=some(names, 2),
                description=draw(optional_words), notes=draw(optional_words),
                ignore=draw(ignores),
            )
            for name in names
        }
    status_names = list(statuses)

    factions = {}
    for _ in range(draw(st.integers(0, 3))):
        faction_id = next(taken)
        factions[faction_id] = Faction(
            id=faction_id, name=draw(words), kind=draw(optional_words),
            summary=draw(optional_words), notes=draw(optional_words), ignore=draw(ignores),
        )
    faction_ids = list(factions)

    relations = []
    if len(faction_ids) >= 2:
        for _ in range(draw(st.integers(0, 3))):
            a, b = draw(st.lists(st.sampled_from(faction_ids), min_size=2, max_size=2, unique=True))
            start = position()
            relations.append(
                Relation(
                    id=f"{a}~{b}@{start}", between=(a, b), stance=draw(st.sampled_from(STANCES)),
                    start=start, until=draw(st.none() | st.just(position())),
                    summary=draw(optional_words), notes=draw(optional_words),
                    ignore=draw(ignores),
                )
            )

    characters = {}
    for _ in range(draw(st.integers(0, 4))):
        character_id = next(taken)
        characters[character_id] = Character(
            id=character_id, name=draw(words),
            faction=draw(st.none() | st.sampled_from(faction_ids)) if faction_ids else None,
            status=draw(st.sampled_from(status_names)),
            introduced=draw(st.none() | st.just(position())), actor=draw(optional_words),
            summary=draw(optional_words), notes=draw(optional_words), ignore=draw(ignores),
        )
    character_ids = list(characters)

    arcs: dict[str, Arc] = {}
    beat_ids: list[str] = []
    for _ in range(draw(st.integers(0, 3))):
        arc_id = next(taken)
        arc = Arc(
            id=arc_id, title=draw(words),
            seasons=tuple(draw(st.lists(st.sampled_from(list(seasons)), min_size=1, unique=True))),
            factions=some(faction_ids, 2), requires=some(list(arcs), 2), open=draw(st.booleans()),
            summary=draw(optional_words), notes=draw(optional_words), ignore=draw(ignores),
        )
        for _ in range(draw(st.integers(0, 4))):
            beat_id = next(taken)
            involved = some(character_ids, 3)
            changes = {
                who: draw(
                    st.builds(Change, status=st.sampled_from(status_names))
                    | st.builds(
                        Change, status=st.none() | st.sampled_from(status_names),
                        faction=st.sampled_from(faction_ids),
                    )
                    if faction_ids else st.builds(Change, status=st.sampled_from(status_names))
                )
                for who in some(list(involved), 2)
            }
            arc.beats[beat_id] = Beat(
                id=beat_id, arc=arc_id, at=position(), summary=draw(optional_words),
                after=some(beat_ids, 2), characters=involved, factions=some(faction_ids, 2),
                changes=changes, flashback=draw(st.booleans()),
                tags=tuple(draw(st.lists(words, max_size=3))), setup=draw(optional_words),
                payoff=draw(optional_words), sets_up=some(beat_ids, 1),
                pays_off=some(beat_ids, 1), notes=draw(optional_words), ignore=draw(ignores),
            )
            beat_ids.append(beat_id)
        arcs[arc_id] = arc

    return Bible(
        version=1,
        series=Series(
            title=draw(words), based_on=draw(optional_words), logline=draw(optional_words),
            notes=draw(optional_words),
        ),
        statuses=statuses, seasons=seasons, factions=factions, relations=relations,
        characters=characters, arcs=arcs,
    )
