"""Generate a large, realistic, consistent format-v1 story bible for benchmarks.

The bible is an invented outbreak drama at production scale: by default
20,000 beats, 2,000 characters, 8 seasons of 10-24 episodes, 20 factions,
about 180 arcs, about 4 MB of YAML.  It is what ``arcroom check``,
``export`` and the editor are measured on (see DESIGN.md, "Targets").

Promises
--------
- Deterministic: the same options (``--seed`` included) give the same bytes.
- ``yaml.safe_load`` reads it, and it uses only format-v1 keys
  (``docs/format.md``), with every id defined once and every reference
  defined.
- It has no continuity errors by the rules of format v1:

  * ``after`` points to earlier beats of the same arc, never to a beat
    later in story order, so the beat graph has no cycles;
  * an arc ``requires`` only arcs whose last beat is in an earlier episode
    than its own first beat; every beat is inside its arc's season(s), and
    a two-season arc has beats in both;
  * ``changes`` follow the default status machine (human -> infected ->
    zombie / immune / immortal / dead, zombie -> dead, immune -> dead),
    list the changed character in the beat, and happen at most once per
    character per episode; a character who dies is in no other non-flashback
    beat of that episode or any later one (flashbacks may show the dead;
    flashbacks change nobody), so the result holds whatever tie-break a
    checker uses inside an episode;
  * ``introduced`` is the episode of the character's first beat;
  * relations of one faction pair have non-overlapping windows, and
    consecutive windows change the stance;
  * every ``sets_up`` target is a later-episode beat of the same arc with
    ``payoff`` text.

- ``--plant-errors N`` then adds N known errors, and only those: a dead
  character listed in a non-flashback beat of a later episode (a distinct
  (character, beat) pair each, one character per error while there are
  enough dead).  They are printed to stderr as ``planted: CHAR in BEAT``.
- It looks written by a room: comments, flow ``{...}`` and block style,
  quoted and plain strings, a few non-ASCII names and ids with apostrophes.
  The text is written directly (no ``yaml.dump``): 20,000 beats take well
  under 3 s.

``--folder DIR`` writes the same bible as a folder merged by section:
``series.yaml`` (series, statuses, seasons), ``factions.yaml``,
``relations.yaml``, ``characters.yaml`` and one ``arcs-sNN.yaml`` per season
holding the arcs that start in it.  Every file starts with ``arcroom: 1``.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # loaded by its path, not run as a script from here
    sys.path.insert(0, str(HERE))

from yaml_text import entry, flow_list, scalar, yaml_str  # noqa: E402

STATUS_MACHINE: dict[str, tuple[str, ...]] = {
    "human": ("infected", "dead"),
    "infected": ("zombie", "immune", "immortal", "dead"),
    "zombie": ("dead",),
    "immune": ("dead",),
    "immortal": (),
    "dead": (),
}
# How likely each next status is, when a change happens.
CHANGE_WEIGHTS = {"infected": 6, "dead": 4, "zombie": 5, "immune": 2, "immortal": 1}

FACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("survivors", "Northgate High survivors", "human", "The students who got out of the school."),
    ("harbor", "Harbor District survivors", "human", "Dock workers holding the container port."),
    ("military", "Martial-law command", "state", "The army units that sealed the city."),
    ("police", "City police", "state", "What is left of the precincts."),
    ("government", "Provisional government", "state", "Ministers running things from a bunker."),
    ("horde", "The zombies", "zombie", "The infected that no longer think."),
    ("halbies", "The immune and the immortal", "mutant", "Infected who kept a mind."),
    ("court", "Court of the Immortal", "mutant", "Immortals who want to rule the horde."),
    ("seomun", "Seomun Biotech", "corporation", "The lab where the virus was made."),
    ("bell", "Church of the Last Bell", "cult", "Believers who call the virus a judgement."),
    ("newsroom", "Channel 9 newsroom", "media", "Reporters broadcasting from a van."),
    ("militia", "Eastside militia", "militia", "Armed neighbours with a checkpoint."),
    ("smugglers", "River smugglers", "criminal", "Boats, fuel and people, for a price."),
    ("hospital", "Field Hospital 3", "human", "Doctors and nurses in a stadium."),
    ("observers", "UN observer mission", "alliance", "Foreign observers with satellite phones."),
    ("farmers", "Valley Farmers' Union", "human", "Farms outside the wall that feed the city."),
    ("rail", "Rail Workers' Collective", "human", "They run the only trains still moving."),
    ("islanders", "The island colony", "human", "A safe zone on an island, or so they say."),
    ("runners", "The Runners", "human", "Couriers who cross the dead zones."),
    ("coalition", "Coalition expeditionary force", "alliance", "The foreign army."),
)
STANCES = ("ally", "neutral", "tense", "hostile", "war")

GIVEN = (
    "Min-jun",
    "Seo-yeon",
    "Ji-ho",
    "Ha-eun",
    "Do-yoon",
    "Su-ah",
    "Eun-ji",
    "Gwi-nam",
    "Nam-ra",
    "Cheong-san",
    "On-jo",
    "Su-hyeok",
    "Dae-su",
    "Mi-jin",
    "Joon-young",
    "Hyo-ryung",
    "Ye-eun",
    "Woo-jin",
    "Na-yeon",
    "Tae-hoon",
    "Anna",
    "Ben",
    "Clara",
    "Daniel",
    "Elena",
    "Felix",
    "Grace",
    "Hugo",
    "Iris",
    "Jonas",
    "Kira",
    "Leo",
    "Maya",
    "Nico",
    "Olivia",
    "Pavel",
    "Quinn",
    "Rosa",
    "Sam",
    "Tariq",
    "Uma",
    "Victor",
    "Wren",
    "Yusuf",
    "Zoë",
    "Søren",
    "Chloé",
    "Mateus",
    "Aiko",
    "Ravi",
    "Amara",
    "Bruno",
    "Dara",
    "Emil",
    "Farah",
    "Ines",
    "Kofi",
    "Lena",
    "Marco",
    "Noor",
    "Omar",
    "Priya",
    "Ruth",
    "Sven",
    "Tomás",
)
FAMILY = (
    "Kim",
    "Lee",
    "Park",
    "Choi",
    "Jung",
    "Kang",
    "Cho",
    "Yoon",
    "Jang",
    "Lim",
    "Han",
    "Oh",
    "Seo",
    "Shin",
    "Kwon",
    "Hwang",
    "Ahn",
    "Song",
    "Yoo",
    "Hong",
    "Walker",
    "Okafor",
    "Novak",
    "Silva",
    "Brandt",
    "Haddad",
    "Ivanova",
    "Moreau",
    "Rossi",
    "Tanaka",
    "Mendes",
    "Singh",
    "O'Connor",
    "D'Souza",
    "Ødegård",
    "Fischer",
    "Nguyen",
    "Costa",
    "Berg",
    "Adeyemi",
    "Kowalski",
    "Reyes",
    "Schmidt",
    "Lindqvist",
    "Mensah",
    "Petrov",
    "Quispe",
    "Sato",
)
HANGUL_FAMILY = ("김", "이", "박", "최", "정", "한")
HANGUL_GIVEN = ("지민", "서준", "하은", "도현", "수아", "민서", "예준", "지우")

PLACES = (
    "the harbor",
    "the old stadium",
    "Northgate High",
    "the rail yard",
    "the blood bank",
    "Station 9",
    "the river checkpoint",
    "the rooftop garden",
    "the quarantine tents",
    "the shopping mall",
    "the lab basement",
    "Ward 4",
    "the night ferry",
    "the bell tower",
    "the broadcast van",
    "the motorway bridge",
    "the shelter gym",
    "the fish market",
    "the reservoir",
    "the cathedral",
    "the airfield",
    "the old mine",
    "the border fence",
    "the island pier",
    "the subway depot",
    "the city archive",
    "the ration hall",
)
OBJECTS = (
    "the antiviral samples",
    "the radio codes",
    "a map of the sewers",
    "the last insulin",
    "the convoy schedule",
    "Dr. Lee's notebook",
    "a truck of diesel",
    "the evacuation list",
    "the vaccine prototype",
    "the armory keys",
    "the first-night footage",
    "the bell's rope",
    "a satellite phone",
    "the ferry tickets",
    "the water filters",
)
SCENES = (
    "{a} and {b} search {place} for {obj}.",
    "{a} tells {b} the truth about {obj}.",
    "{a} leads {b} out of {place}.",
    "{a} bargains with {b} at {place}: {obj} for safe passage.",
    "{a} hides {obj} from {b}.",
    "{a} finds {obj} at {place}, as {b} said.",
    "{a} covers {b}'s retreat through {place}.",
    "{a} and {b} hold {place} until dawn.",
    "{a} records a message for {b} at {place}.",
    "{a} refuses {b}'s order to seal {place}.",
    "{a} and {b} argue about {obj}.",
    "{a} catches {b} stealing {obj}.",
    "{a} trades {obj} to {b} for news of the outside.",
    "{a} sneaks into {place}; {b} keeps watch.",
    "{a} and {b} count who is left at {place}.",
    '{a} hears a broadcast: "stay indoors".',
)
FLASHBACKS = (
    "Flashback: {a} and {b} at {place} the summer before the outbreak.",
    "Flashback: the night {a} first heard about {obj}.",
    "Flashback: {a} promises {b} to come back for them.",
)
CHANGE_TEXT = {
    "infected": "{a} is bitten at {place} and hides the wound from {b}.",
    "zombie": "{a} turns at {place}; {b} barely gets away.",
    "immune": "{a} wakes with the fever gone: immune, and hungry.",
    "immortal": "{a} survives a wound no one should survive.",
    "dead": "{a} dies at {place}, buying {b} time.",
}
SETUPS = (
    ("Someone takes {obj}; only three people had the key.", "We learn who took {obj}."),
    ("{a} keeps a sealed letter for {b}.", "{b} finally opens {a}'s letter."),
    ("The radio picks up a voice from {place}.", "The voice from {place} turns out to be real."),
    ("{a} lies about where the bite came from.", "{a}'s lie about the bite comes out."),
    ("A child's drawing of {place} is pinned to the wall.", "The drawing leads them to {place}."),
)
ARC_TITLES = (
    "Siege of {place}",
    "Escape from {place}",
    "The {obj2}",
    "{name}'s Choice",
    "Blood at {place}",
    "The Long Night at {place}",
    "Quarantine at {place}",
    "The Vote at {place}",
    "{name} Turns",
    "Fire at {place}",
    "{name}'s Convoy",
    "Broadcast from {place}",
    "Debt to {name}",
    "The Bell Rings at {place}",
    "Exodus from {place}",
    "{name} and the Cure",
    "Mutiny at {place}",
    "The {obj2} Run",
)
ARC_SUMMARIES = (
    "{name} has to get {obj} out of {place}.",
    "Whoever holds {place} decides who eats.",
    "{name} learns what {obj} really is.",
    "Everyone wants {obj}; {name} is the only one who knows where it is.",
    "The way out runs through {place}.",
    "{name} makes a promise at {place} that cannot be kept.",
)
ARC_PLACES = (
    "Harrowgate",
    "Pier 7",
    "Eastside",
    "Dobong",
    "Seomun",
    "Station 9",
    "Ward 4",
    "Northgate",
    "the Island",
    "the Stadium",
    "Old Town",
    "the Bridge",
    "Riverside",
    "the Airfield",
    "Hyeonam",
    "the Reservoir",
    "Saltmarsh",
    "the Depot",
    "Gate 3",
    "the Cathedral",
)
ARC_OBJECTS = ("Antiviral", "Radio Codes", "Sewer Map", "Convoy", "Ferry", "Ledger", "Archive")
SEASON_TITLES = (
    "Survival of mankind",
    "Martial law",
    "Survival of the zombies",
    "The island",
    "Winter quarantine",
    "World war",
    "Aftermath",
    "The long road",
    "Reckoning",
    "Home",
)
TAGS = ("reveal", "action", "alliance", "betrayal", "escape", "negotiation", "cliffhanger")
ROOM_NOTES = (
    "Shoot at night; the stadium lights are the only light.",
    "Keep this short: the episode runs long.",
    "Network asked for more of this pairing.",
    "Stunt team needed.",
    "Music cue from the first episode comes back here.",
)
ROOM_COMMENTS = (
    "# room: pacing still slow in the middle",
    "# room: check against the season outline",
    "# moved up from the spring draft",
    "# showrunner wants this arc to land before the finale",
)

_SMALL_WORDS = {"the", "of", "at", "from", "and", "to", "a", "an"}


def slugify(text: str, *, apostrophes: bool = False) -> str:
    """Return a kebab-case id; letters of any script are kept, apostrophes on request.

    ``slugify("Min-jun's Choice")`` is ``min-juns-choice``;
    ``slugify("Liam O'Connor", apostrophes=True)`` is ``liam-o'connor``.
    """
    if not apostrophes:
        text = text.replace("'", "")
    return re.sub(r"[^\w']+|_", "-", text.lower()).strip("-'") or "x"


def arc_slug(title: str) -> str:
    """Return a short arc id: the title's slug without small words (``escape-harbor``)."""
    words = [w for w in slugify(title).split("-") if w not in _SMALL_WORDS]
    return "-".join(words) or slugify(title)


@dataclass(frozen=True)
class Options:
    """What to generate: sizes, the seed, and how many errors to plant."""

    beats: int = 20_000
    characters: int = 2_000
    seasons: int = 8
    seed: int = 1
    plant_errors: int = 0


@dataclass
class Season:
    """A season and its episode count."""

    id: str
    title: str
    episodes: int
    planned: bool


@dataclass
class Character:
    """A character: ``status`` is where it starts, ``state`` where generation has got it."""

    id: str
    name: str
    short: str
    faction: str
    status: str
    state: str = ""
    actor: str | None = None
    summary: str | None = None
    introduced: int | None = None
    last_seen: int = -1
    last_change: int = -1
    dead_at: int | None = None


@dataclass
class Beat:
    """One beat; ``ep`` is the index of its episode in the whole series."""

    id: str
    ep: int
    thread: int
    after: list[str] = field(default_factory=list)
    summary: str = ""
    characters: list[str] = field(default_factory=list)
    factions: list[str] = field(default_factory=list)
    changes: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    flashback: bool = False
    tags: list[str] = field(default_factory=list)
    setup: str | None = None
    payoff: str | None = None
    sets_up: list[str] = field(default_factory=list)
    notes: str | None = None
    comment: str | None = None
    block: bool = False


@dataclass
class Arc:
    """An arc: its seasons, factions, cast and beats in written order."""

    id: str
    title: str
    seasons: list[str]
    factions: list[str]
    summary: str
    beats: list[Beat] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)
    open: bool = False
    comment: str | None = None
    cast: list[str] = field(default_factory=list)

    @property
    def start(self) -> int:
        """Index of the episode of the first beat."""
        return self.beats[0].ep

    @property
    def end(self) -> int:
        """Index of the episode of the last beat."""
        return self.beats[-1].ep


@dataclass
class Relation:
    """A stance between two factions over an inclusive window of episodes."""

    between: tuple[str, str]
    stance: str
    start: str | None
    until: str | None
    summary: str | None = None


@dataclass
class Bible:
    """Everything generated, ready to render."""

    options: Options
    seasons: list[Season]
    episodes: list[str]
    characters: dict[str, Character]
    arcs: list[Arc]
    relations: list[Relation]
    planted: list[tuple[str, str]] = field(default_factory=list)


class _Generator:
    """Builds a :class:`Bible` step by step from one seeded random stream."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.rng = random.Random(options.seed)
        self.used: set[str] = set(STATUS_MACHINE) | {f[0] for f in FACTIONS}
        self.seasons: list[Season] = []
        self.episodes: list[str] = []
        self.season_of: list[int] = []
        self.characters: dict[str, Character] = {}
        self.members: dict[str, list[str]] = {f[0]: [] for f in FACTIONS}
        self.arcs: list[Arc] = []
        self.uncast: list[str] = []
        self.prefixes: set[str] = set()

    def unique(self, base: str) -> str:
        ident, suffix = base, 2
        while ident in self.used:
            ident, suffix = f"{base}-{suffix}", suffix + 1
        self.used.add(ident)
        return ident

    def make_seasons(self) -> None:
        count = self.options.seasons
        for number in range(1, count + 1):
            title = SEASON_TITLES[(number - 1) % len(SEASON_TITLES)]
            if number > len(SEASON_TITLES):
                title += f" (part {(number - 1) // len(SEASON_TITLES) + 1})"
            episodes = self.rng.randint(10, 24)
            season = Season(
                f"S{number}", title, episodes, planned=count >= 3 and number > count - 2
            )
            self.seasons.append(season)
            self.used.add(season.id)
            for episode in range(1, episodes + 1):
                self.episodes.append(f"S{number}E{episode:02d}")
                self.season_of.append(number - 1)

    def make_characters(self) -> None:
        rng = self.rng
        names: set[str] = set()
        kinds = {f[0]: f[2] for f in FACTIONS}
        weights = [{"zombie": 1, "mutant": 2, "state": 4}.get(f[2], 5) for f in FACTIONS]
        for index in range(self.options.characters):
            if rng.random() < 0.02:
                given = rng.choice(HANGUL_GIVEN)
                name = short = rng.choice(HANGUL_FAMILY) + given
            else:
                short = rng.choice(GIVEN)
                name = f"{short} {rng.choice(FAMILY)}"
            while name in names:
                name = f"{short} {chr(65 + rng.randrange(26))}. {rng.choice(FAMILY)}"
                if len(names) > 20 * len(GIVEN) * len(FAMILY):
                    name = f"{short} {index}"
            names.add(name)
            faction = rng.choices([f[0] for f in FACTIONS], weights)[0]
            kind = kinds[faction]
            if kind == "zombie":
                status = "zombie"
            elif kind == "mutant":
                status = rng.choice(("immune", "immortal", "infected"))
            else:
                status = "infected" if rng.random() < 0.02 else "human"
            ident = self.unique(slugify(name, apostrophes=True))
            person = Character(ident, name, short, faction, status, state=status)
            if rng.random() < 0.3:
                person.actor = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
            if rng.random() < 0.08:
                person.summary = f"Knows {rng.choice(OBJECTS)} better than anyone."
            self.characters[person.id] = person
            self.members[faction].append(person.id)

    def arc_sizes(self) -> list[int]:
        sizes: list[int] = []
        remaining = self.options.beats
        while remaining > 0:
            size = remaining if remaining <= 200 else self.rng.randint(20, min(200, remaining - 20))
            sizes.append(size)
            remaining -= size
        return sizes

    def season_window(self, first: int, span: int) -> tuple[int, int]:
        """Return the first and last episode index of an arc's beats."""
        rng = self.rng
        offsets = [0]
        for season in self.seasons[:-1]:
            offsets.append(offsets[-1] + season.episodes)
        count = self.seasons[first].episodes
        if span == 1:
            length = rng.randint(max(1, count // 3), count)
            begin = rng.randint(0, count - length)
            return offsets[first] + begin, offsets[first] + begin + length - 1
        following = self.seasons[first + 1].episodes
        begin = rng.randint(count // 2, count - 1)
        end = rng.randint(0, following // 2)
        return offsets[first] + begin, offsets[first + 1] + end

    def make_arcs(self) -> None:
        rng = self.rng
        sizes = self.arc_sizes()
        total = sum(s.episodes for s in self.seasons)
        plans: list[tuple[int, int, int, int]] = []
        for index, size in enumerate(sizes):
            point = int((index + rng.random()) / len(sizes) * total)
            first = self.season_of[min(point, total - 1)]
            span = 2 if first + 1 < len(self.seasons) and rng.random() < 0.3 and size > 1 else 1
            begin, end = self.season_window(first, span)
            plans.append((begin, end, size, span))
        plans.sort(key=lambda plan: plan[0])
        faction_ids = [f[0] for f in FACTIONS]
        for begin, end, size, span in plans:
            factions = rng.sample(faction_ids, rng.randint(1, 4))
            pool = self.members[factions[0]] or list(self.characters)
            lead = rng.choice(pool)
            name = self.characters[lead].short
            for _ in range(20):
                title = rng.choice(ARC_TITLES).format(
                    place=rng.choice(ARC_PLACES), obj2=rng.choice(ARC_OBJECTS), name=name
                )
                if arc_slug(title) not in self.used:
                    break
            first = self.season_of[begin]
            seasons = [self.seasons[first + i].id for i in range(span)]
            summary = rng.choice(ARC_SUMMARIES).format(
                name=name, place=rng.choice(PLACES), obj=rng.choice(OBJECTS)
            )
            arc = Arc(
                id=self.unique(arc_slug(title)),
                title=title,
                seasons=seasons,
                factions=factions,
                summary=summary[0].upper() + summary[1:],
                cast=[lead],
            )
            self.fill_arc(arc, begin, end, size)
            self.arcs.append(arc)

    def fill_arc(self, arc: Arc, begin: int, end: int, size: int) -> None:
        """Give an arc its beats: episodes, threads, ``after``, setups, flashbacks."""
        rng = self.rng
        eps = [begin, end][:size] + [rng.randint(begin, end) for _ in range(size - 2)]
        eps.sort()
        words = arc.id.split("-")
        prefix = next(
            (p for p in ("-".join(words[:n]) for n in (1, 2, 3)) if p not in self.prefixes), arc.id
        )
        self.prefixes.add(prefix)
        threads = rng.randint(1, 3)
        last: dict[int, str] = {}
        width = 3 if size >= 100 else 2
        for number, ep in enumerate(eps, 1):
            beat = Beat(self.unique(f"{prefix}-{number:0{width}d}"), ep, rng.randrange(threads))
            if beat.thread in last:
                beat.after.append(last[beat.thread])
            others = [bid for t, bid in last.items() if t != beat.thread]
            if others and rng.random() < 0.12:
                beat.after.append(rng.choice(others))
            last[beat.thread] = beat.id
            beat.flashback = number > 1 and rng.random() < 0.025
            arc.beats.append(beat)
        for _ in range(size // 60 + (rng.random() < 0.5)):
            setup = rng.choice(arc.beats)
            later = [b for b in arc.beats if b.ep > setup.ep and not (b.flashback or b.payoff)]
            if setup.flashback or setup.setup or setup.payoff or not later:
                continue
            payoff = rng.choice(later)
            setup.sets_up.append(payoff.id)
            setup.setup, payoff.payoff = rng.choice(SETUPS)
            setup.block = payoff.block = True

    def add_requires(self) -> None:
        rng = self.rng
        for index, arc in enumerate(self.arcs):
            earlier = [a for a in self.arcs[:index] if a.end < arc.start]
            if not earlier or rng.random() < 0.3:
                continue
            shared = [a for a in earlier if set(a.factions) & set(arc.factions)]
            pool = shared[-12:] or earlier[-12:]
            arc.requires = [a.id for a in rng.sample(pool, min(len(pool), rng.randint(1, 2)))]
        for arc in self.arcs:
            arc.open = arc.seasons[-1] == self.seasons[-1].id and rng.random() < 0.25

    def recruit(self, arc: Arc, everyone: list[str]) -> None:
        """Add an alive character to an arc's cast: someone new, or from its factions."""
        rng = self.rng
        while self.uncast and rng.random() < 0.5:
            candidate = self.uncast.pop()
            if self.characters[candidate].dead_at is None and candidate not in arc.cast:
                arc.cast.append(candidate)
                return
        for _ in range(8):
            pool = self.members[rng.choice(arc.factions)]
            if pool:
                candidate = rng.choice(pool)
                if self.characters[candidate].dead_at is None and candidate not in arc.cast:
                    arc.cast.append(candidate)
                    return
        for _ in range(50):
            candidate = rng.choice(everyone)
            if self.characters[candidate].dead_at is None and candidate not in arc.cast:
                arc.cast.append(candidate)
                return

    def cast_beats(self) -> None:
        """Choose the characters and changes of every beat, in story order."""
        rng = self.rng
        order = sorted(
            (
                (beat.ep, a, b)
                for a, arc in enumerate(self.arcs)
                for b, beat in enumerate(arc.beats)
            ),
        )
        everyone = list(self.characters)
        self.uncast = rng.sample(everyone, len(everyone))
        alive_count = len(everyone)
        floor = max(8, len(everyone) // 3)
        for arc in self.arcs:
            for _ in range(min(40, max(6, len(arc.beats) // 4))):
                self.recruit(arc, everyone)
        for ep, a, b in order:
            arc = self.arcs[a]
            beat = arc.beats[b]
            want = rng.choices((2, 3, 4, 5, 6), (32, 32, 20, 10, 6))[0]
            if beat.flashback:
                pool = list(arc.cast)
                beat.characters = rng.sample(pool, min(want, len(pool)))
                self.describe(beat, FLASHBACKS)
                continue
            living = [c for c in arc.cast if self.characters[c].dead_at is None]
            while len(living) < want:
                before = len(arc.cast)
                self.recruit(arc, everyone)
                if len(arc.cast) == before:
                    break
                living.append(arc.cast[-1])
            lead = living[:2] if rng.random() < 0.5 else []
            rest = [c for c in living if c not in lead]
            beat.characters = lead + rng.sample(rest, min(len(rest), want - len(lead)))
            rng.shuffle(beat.characters)
            if rng.random() < 0.035 and alive_count > floor:
                alive_count -= self.change(beat, ep)
            for ident in beat.characters:
                self.characters[ident].last_seen = ep
            if not beat.changes:
                self.describe(beat, SCENES)
            if rng.random() < 0.2:
                beat.factions = rng.sample(arc.factions, min(len(arc.factions), rng.randint(1, 2)))
            if rng.random() < 0.15:
                beat.tags += rng.sample(TAGS, rng.randint(1, 2))
            if rng.random() < 0.03:
                beat.notes = rng.choice(ROOM_NOTES)
            if rng.random() < 0.02:
                beat.comment = rng.choice(ROOM_COMMENTS)
            beat.block = beat.block or bool(beat.notes) or rng.random() < 0.05

    def change(self, beat: Beat, ep: int) -> int:
        """Change one character's status in ``beat`` if the rules allow; return deaths."""
        rng = self.rng
        for ident in rng.sample(beat.characters, len(beat.characters)):
            person = self.characters[ident]
            if person.last_change >= ep:
                continue
            options = [
                s for s in STATUS_MACHINE[person.state] if s != "dead" or person.last_seen < ep
            ]
            if not options:
                continue
            status = rng.choices(options, [CHANGE_WEIGHTS[s] for s in options])[0]
            faction = None
            if status in ("immune", "immortal") and rng.random() < 0.5:
                faction = rng.choice(("halbies", "court"))
            beat.changes[ident] = (status, faction)
            person.state, person.last_change = status, ep
            others = [c for c in beat.characters if c != ident]
            a, b = self.names([ident, *others[:1]])
            beat.summary = CHANGE_TEXT[status].format(a=a, b=b, place=rng.choice(PLACES))
            beat.tags.append({"dead": "death", "infected": "bite"}.get(status, "turn"))
            beat.block = True
            if status == "dead":
                person.dead_at = ep
                return 1
            return 0
        return 0

    def names(self, characters: list[str]) -> tuple[str, str]:
        """Return how a summary calls the first two characters (full names if ambiguous)."""
        if not characters:
            return "Someone", "the others"
        first = self.characters[characters[0]]
        if len(characters) == 1:
            return first.short, "the others"
        second = self.characters[characters[1]]
        if first.short == second.short:
            return first.name, second.name
        return first.short, second.short

    def describe(self, beat: Beat, templates: Sequence[str]) -> None:
        rng = self.rng
        a, b = self.names(beat.characters)
        beat.summary = rng.choice(templates).format(
            a=a,
            b=b,
            place=rng.choice(PLACES),
            obj=rng.choice(OBJECTS),
        )

    def finish_beats(self) -> None:
        """Fill setup texts and ``introduced`` once all casts are known."""
        for arc in self.arcs:
            beats = {b.id: b for b in arc.beats}
            for beat in arc.beats:
                for target_id in beat.sets_up:
                    target = beats[target_id]
                    a, b = self.names(beat.characters)
                    values = {
                        "a": a,
                        "b": b,
                        "place": self.rng.choice(PLACES),
                        "obj": self.rng.choice(OBJECTS),
                    }
                    beat.setup = (beat.setup or "").format(**values)
                    beat.setup = beat.setup[0].upper() + beat.setup[1:]
                    target.payoff = (target.payoff or "").format(**values)
                    target.payoff = target.payoff[0].upper() + target.payoff[1:]
                for ident in beat.characters:
                    person = self.characters[ident]
                    if person.introduced is None or beat.ep < person.introduced:
                        person.introduced = beat.ep

    def make_relations(self) -> list[Relation]:
        """Stances of 40 faction pairs in consecutive, non-overlapping windows."""
        rng = self.rng
        total = len(self.episodes)
        starts = [i for i, e in enumerate(self.episodes) if e.endswith("E01") and i]
        ids = [f[0] for f in FACTIONS]
        pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
        relations: list[Relation] = []
        for a, b in sorted(rng.sample(pairs, min(40, len(pairs))), key=pairs.index):
            cuts = set()
            for cut in rng.sample(range(1, total), min(total - 1, rng.randint(0, 3))):
                cuts.add(rng.choice(starts) if starts and rng.random() < 0.4 else cut)
            bounds = [0, *sorted(cuts), total]
            stance = rng.choice(STANCES)
            for lo, hi in itertools.pairwise(bounds):
                by_season = lo in (0, *starts) and hi in (total, *starts) and rng.random() < 0.5
                start = self.episodes[lo]
                until = None if hi == total else self.episodes[hi - 1]
                if by_season:
                    start = f"S{self.season_of[lo] + 1}"
                    until = None if until is None else f"S{self.season_of[hi - 1] + 1}"
                summary = f"Over {rng.choice(OBJECTS)}." if rng.random() < 0.2 else None
                if lo == 0 and rng.random() < 0.5:
                    relations.append(Relation((a, b), stance, None, until, summary))
                else:
                    relations.append(Relation((a, b), stance, start, until, summary))
                stance = rng.choice([s for s in STANCES if s != stance])
        return relations

    def plant(self, count: int) -> list[tuple[str, str]]:
        """List dead characters in later non-flashback beats; return (char, beat) pairs."""
        if count <= 0:
            return []
        dead = sorted(
            (p for p in self.characters.values() if p.dead_at is not None),
            key=lambda p: (p.dead_at, p.id),
        )
        if not dead:
            raise ValueError("cannot plant errors: nobody dies in this bible")
        beats = [b for arc in self.arcs for b in arc.beats if not (b.flashback or b.changes)]
        planted: list[tuple[str, str]] = []
        for index in range(count):
            person = dead[index % len(dead)]
            death = person.dead_at if person.dead_at is not None else len(self.episodes)
            candidates = [b for b in beats if b.ep > death and person.id not in b.characters]
            if not candidates:
                raise ValueError(f"cannot plant error {index + 1}: no later beat for {person.id}")
            beat = self.rng.choice(candidates)
            beat.characters.append(person.id)
            planted.append((person.id, beat.id))
        return planted

    def run(self) -> Bible:
        self.make_seasons()
        self.make_characters()
        self.make_arcs()
        self.add_requires()
        self.cast_beats()
        self.finish_beats()
        relations = self.make_relations()
        for arc in self.arcs:
            if self.rng.random() < 0.15:
                arc.comment = self.rng.choice(ROOM_COMMENTS)
        planted = self.plant(self.options.plant_errors)
        return Bible(
            self.options,
            self.seasons,
            self.episodes,
            self.characters,
            self.arcs,
            relations,
            planted,
        )


def generate(options: Options) -> Bible:
    """Generate the bible described by ``options`` (deterministic for a seed).

    Raises ``ValueError`` when the options cannot give a consistent bible
    (no beats, fewer than two characters, no season, or more planted errors
    than the dead characters and later beats allow).
    """
    if options.beats < 1 or options.characters < 2 or options.seasons < 1:
        raise ValueError("need at least 1 beat, 2 characters and 1 season")
    return _Generator(options).run()


def _render_header(bible: Bible, out: list[str]) -> None:
    o = bible.options
    command = (
        f"benchmarks/generate.py --beats {o.beats} --characters {o.characters}"
        f" --seasons {o.seasons} --seed {o.seed}"
    )
    if o.plant_errors:
        command += f" --plant-errors {o.plant_errors}"
    out += ["# The Long Quarantine: the room's story bible.", f"# Generated by {command}", ""]


def _render_series(bible: Bible, out: list[str]) -> None:
    out += [
        "series:",
        "  title: The Long Quarantine",
        "  based_on: an original outline by the room",
        "  logline: "
        + yaml_str("A city under quarantine: first the living survive, then the dead do."),
        "",
        "statuses:  # the default set, spelled out",
        "  human:    {appears: true, becomes: [infected, dead]}",
        "  infected: {appears: true, becomes: [zombie, immune, immortal, dead]}",
        "  zombie:   {appears: true, becomes: [dead]}",
        "  immune:   {appears: true, becomes: [dead]}   # the virus, a human mind, a heartbeat",
        "  immortal: {appears: true, becomes: []}",
        "  dead:     {appears: false, becomes: []}",
        "",
        "seasons:",
    ]
    for season in bible.seasons:
        extra = ", planned: true" if season.planned else ""
        title = scalar(season.title)
        out.append(f"  {season.id}: {{title: {title}, episodes: {season.episodes}{extra}}}")
    out.append("")


def _render_factions(out: list[str]) -> None:
    out.append("factions:")
    for index, (ident, name, kind, summary) in enumerate(FACTIONS):
        fields = [f"name: {scalar(name)}", f"kind: {kind}", f"summary: {scalar(summary)}"]
        out += entry(ident, fields, "  ", block=index % 4 == 3)
    out.append("")


def _render_relations(bible: Bible, out: list[str]) -> None:
    out.append("relations:  # faction against faction, over time")
    for index, rel in enumerate(bible.relations):
        fields = [f"between: {flow_list(rel.between)}", f"stance: {rel.stance}"]
        if rel.start:
            fields.append(f"from: {rel.start}")
        if rel.until:
            fields.append(f"until: {rel.until}")
        if rel.summary:
            fields.append(f"summary: {scalar(rel.summary)}")
        if index % 5 == 4:
            out.append(f"  - {fields[0]}")
            out += [f"    {item}" for item in fields[1:]]
        else:
            out.append(f"  - {{{', '.join(fields)}}}")
    out.append("")


def _render_characters(bible: Bible, out: list[str]) -> None:
    out.append("characters:")
    for person in bible.characters.values():
        fields = [
            f"name: {scalar(person.name)}",
            f"faction: {person.faction}",
            f"status: {person.status}",
        ]
        if person.introduced is not None:
            fields.append(f"introduced: {bible.episodes[person.introduced]}")
        if person.actor:
            fields.append(f"actor: {scalar(person.actor)}")
        if person.summary:
            fields.append(f"summary: {scalar(person.summary)}")
        out += entry(scalar(person.id), fields, "  ", block=bool(person.summary))
    out.append("")


def _beat_fields(beat: Beat, episodes: list[str]) -> list[tuple[str, str]]:
    fields = [("at", episodes[beat.ep]), ("summary", scalar(beat.summary))]
    if beat.after:
        fields.append(("after", flow_list(beat.after)))
    if beat.characters:
        fields.append(("characters", flow_list(beat.characters)))
    if beat.factions:
        fields.append(("factions", flow_list(beat.factions)))
    if beat.changes:
        items = []
        for ident, (status, faction) in beat.changes.items():
            value = f"{{status: {status}, faction: {faction}}}" if faction else status
            items.append(f"{scalar(ident)}: {value}")
        fields.append(("changes", "{" + ", ".join(items) + "}"))
    if beat.flashback:
        fields.append(("flashback", "true"))
    if beat.tags:
        fields.append(("tags", flow_list(beat.tags)))
    if beat.setup:
        fields.append(("setup", scalar(beat.setup)))
        fields.append(("sets_up", flow_list(beat.sets_up)))
    if beat.payoff:
        fields.append(("payoff", scalar(beat.payoff)))
    if beat.notes:
        fields.append(("notes", scalar(beat.notes)))
    return fields


def _render_beat(beat: Beat, episodes: list[str], out: list[str]) -> None:
    fields = _beat_fields(beat, episodes)
    if beat.comment:
        out.append(f"      {beat.comment}")
    if not beat.block:
        out.append(f"      {beat.id}: {{{', '.join(f'{k}: {v}' for k, v in fields)}}}")
        return
    out.append(f"      {beat.id}:")
    for key, value in fields:
        if key == "characters" and len(beat.characters) > 4:
            out.append("        characters:")
            out += [f"          - {scalar(c)}" for c in beat.characters]
        elif key in ("setup", "payoff") and len(value) > 40 and '"' not in value:
            out.append(f"        {key}: >-")
            words = value.split(" ")
            half = len(words) // 2
            out.append("          " + " ".join(words[:half]))
            out.append("          " + " ".join(words[half:]))
        else:
            out.append(f"        {key}: {value}")


def _render_arcs(bible: Bible, arcs: Iterable[Arc], out: list[str]) -> None:
    out.append("arcs:")
    for arc in arcs:
        if arc.comment:
            out.append(f"  {arc.comment}")
        out.append(f"  {arc.id}:")
        out.append(f"    title: {scalar(arc.title)}")
        if len(arc.seasons) == 1:
            out.append(f"    season: {arc.seasons[0]}")
        else:
            out.append(f"    seasons: {flow_list(arc.seasons)}")
        out.append(f"    factions: {flow_list(arc.factions)}")
        if arc.requires:
            out.append(f"    requires: {flow_list(arc.requires)}")
        if arc.open:
            out.append("    open: true  # deliberately left open for the next room")
        out.append(f"    summary: {scalar(arc.summary)}")
        out.append("    beats:")
        for beat in arc.beats:
            _render_beat(beat, bible.episodes, out)
    out.append("")


def render(bible: Bible) -> str:
    """Return the whole bible as one YAML document."""
    out: list[str] = []
    _render_header(bible, out)
    out += ["arcroom: 1", ""]
    _render_series(bible, out)
    _render_factions(out)
    _render_relations(bible, out)
    _render_characters(bible, out)
    _render_arcs(bible, bible.arcs, out)
    return "\n".join(out)


def render_folder(bible: Bible) -> dict[str, str]:
    """Return the bible split by section, as file name -> YAML text."""
    files: dict[str, list[str]] = {}

    def start(name: str) -> list[str]:
        out: list[str] = []
        _render_header(bible, out)
        out += ["arcroom: 1", ""]
        files[name] = out
        return out

    _render_series(bible, start("series.yaml"))
    _render_factions(start("factions.yaml"))
    _render_relations(bible, start("relations.yaml"))
    _render_characters(bible, start("characters.yaml"))
    width = len(str(len(bible.seasons)))
    for number, season in enumerate(bible.seasons, 1):
        arcs = [a for a in bible.arcs if a.seasons[0] == season.id]
        if arcs:
            _render_arcs(bible, arcs, start(f"arcs-s{number:0{max(2, width)}d}.yaml"))
    return {name: "\n".join(lines) for name, lines in files.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """Generate a bible to ``-o FILE`` (default stdout) or ``--folder DIR``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beats", type=int, default=20_000, help="beats (default %(default)s)")
    parser.add_argument(
        "--characters", type=int, default=2_000, help="characters (default %(default)s)"
    )
    parser.add_argument("--seasons", type=int, default=8, help="seasons (default %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default %(default)s)")
    parser.add_argument(
        "--plant-errors",
        type=int,
        default=0,
        metavar="N",
        help="list N dead characters in later beats (known continuity errors)",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument("-o", "--output", type=Path, help="bible file to write (default stdout)")
    target.add_argument("--folder", type=Path, help="write a folder bible split by section")
    args = parser.parse_args(argv)
    options = Options(args.beats, args.characters, args.seasons, args.seed, args.plant_errors)
    try:
        bible = generate(options)
    except ValueError as error:
        print(f"generate: {error}", file=sys.stderr)
        return 2
    for character, beat in bible.planted:
        print(f"planted: {character} in {beat}", file=sys.stderr)
    if args.folder:
        args.folder.mkdir(parents=True, exist_ok=True)
        for name, text in render_folder(bible).items():
            (args.folder / name).write_text(text, encoding="utf-8")
    elif args.output:
        args.output.write_text(render(bible), encoding="utf-8")
    else:
        sys.stdout.buffer.write(render(bible).encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
