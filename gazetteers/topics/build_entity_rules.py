#!/usr/bin/env python3
"""Write gazetteers/topics/entity-rules.tsv: topic evidence from the entities of the
default pack, by the section of the pack they are listed in.

The hand-written default pack (gazetteers/default/*.tsv) groups its rows under
section headings ("# Sport : clubs de football", "# Partis politiques français …").
A mention of an entity is evidence for the topics of its section: a football club
for sport, a party for politics, a company for the economy. The table SECTIONS below
says which section supports which IPTC Media Topic and how much; sections that say
nothing about what an article is about (news agencies and media, quoted as sources
everywhere; universities; historical figures) are left out on purpose.

Run from the repository root after editing the default pack or this table:

    python3 gazetteers/topics/build_entity_rules.py

With `--check`, nothing is written: the exit code is 1 when entity-rules.tsv is
not what the pack gives (a test runs this, so that the file cannot go stale).

Python 3 standard library only; the output is sorted, so the same inputs give the
same bytes.
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "gazetteers", "topics", "entity-rules.tsv")

POLITICS = "medtop:11000000"
ECONOMY = "medtop:04000000"
SPORT = "medtop:15000000"
SCIENCE_TECH = "medtop:13000000"
CONFLICT = "medtop:16000000"
RELIGION = "medtop:12000000"
CULTURE = "medtop:01000000"
ENVIRONMENT = "medtop:06000000"
CRIME_JUSTICE = "medtop:02000000"
LABOUR = "medtop:09000000"
SOCIETY = "medtop:14000000"

# (file, start of the section heading) -> [(topic, weight)]. Weights are small next
# to the word triggers of rules.tsv (1 to 3): an entity says what a text is about only
# together with its words. People of politics weigh less than athletes: a head of
# state is quoted in articles of every kind, a footballer mostly in sport.
SECTIONS = {
    ("organisations.tsv", "Partis politiques"): [(POLITICS, 1.0)],
    ("organisations.tsv", "Syndicats et organisations patronales"): [(LABOUR, 1.0)],
    ("organisations.tsv", "Entreprises françaises"): [(ECONOMY, 1.0)],
    ("organisations.tsv", "Entreprises belges, suisses et canadiennes"): [(ECONOMY, 1.0)],
    ("organisations.tsv", "Entreprises africaines et maghrébines"): [(ECONOMY, 1.0)],
    ("organisations.tsv", "Entreprises internationales : technologie et numérique"): [
        (SCIENCE_TECH, 1.0),
        (ECONOMY, 0.5),
    ],
    ("organisations.tsv", "Entreprises internationales"): [(ECONOMY, 1.0)],
    ("organisations.tsv", "Sport"): [(SPORT, 1.5)],
    ("organisations.tsv", "Institutions religieuses"): [(RELIGION, 1.0)],
    ("organisations.tsv", "Groupes armés, organisations terroristes et criminelles"): [
        (CONFLICT, 1.0)
    ],
    ("products.tsv", "Réseaux sociaux et messageries"): [(SCIENCE_TECH, 0.5)],
    ("products.tsv", "Services en ligne et logiciels"): [(SCIENCE_TECH, 1.0)],
    ("products.tsv", "Appareils"): [(SCIENCE_TECH, 1.0)],
    ("people.tsv", "France : gouvernements"): [(POLITICS, 0.5)],
    ("people.tsv", "France : anciens Premiers ministres"): [(POLITICS, 0.5)],
    ("people.tsv", "France : responsables de partis"): [(POLITICS, 0.5)],
    ("people.tsv", "Belgique : gouvernements"): [(POLITICS, 0.5)],
    ("people.tsv", "Belgique : présidents de parti"): [(POLITICS, 0.5)],
    ("people.tsv", "Suisse : conseillers fédéraux"): [(POLITICS, 0.5)],
    ("people.tsv", "Canada : gouvernement fédéral"): [(POLITICS, 0.5)],
    ("people.tsv", "Québec : premiers ministres"): [(POLITICS, 0.5)],
    ("people.tsv", "Union européenne : commissaires"): [(POLITICS, 0.5)],
    ("people.tsv", "États-Unis : administration"): [(POLITICS, 0.5)],
    ("people.tsv", "France : maires"): [(POLITICS, 0.5)],
    ("people.tsv", "Luxembourg et Monaco"): [(POLITICS, 0.5)],
    ("people.tsv", "Union européenne : Parlement"): [(POLITICS, 0.5)],
    ("people.tsv", "Amériques : chefs d'État"): [(POLITICS, 0.5)],
    ("people.tsv", "Europe : chefs d'État"): [(POLITICS, 0.5)],
    ("people.tsv", "Asie : chefs d'État"): [(POLITICS, 0.5)],
    ("people.tsv", "Moyen-Orient : dirigeants"): [(POLITICS, 0.5)],
    ("people.tsv", "Afrique du Nord et Maghreb"): [(POLITICS, 0.5)],
    ("people.tsv", "Afrique de l'Ouest : chefs d'État"): [(POLITICS, 0.5)],
    ("people.tsv", "Afrique centrale : chefs d'État"): [(POLITICS, 0.5)],
    ("people.tsv", "Afrique de l'Est et australe : chefs d'État"): [(POLITICS, 0.5)],
    ("people.tsv", "Économie"): [(ECONOMY, 1.0)],
    ("people.tsv", "Sport"): [(SPORT, 1.5)],
    ("people.tsv", "Culture"): [(CULTURE, 1.0)],
    ("people.tsv", "Religion"): [(RELIGION, 1.0)],
    ("people.tsv", "Justice et faits divers"): [(CRIME_JUSTICE, 1.0)],
    ("events.tsv", "Conférences des Nations unies sur la biodiversité"): [(ENVIRONMENT, 1.5)],
    ("events.tsv", "Jeux olympiques et paralympiques"): [(SPORT, 1.5)],
    ("events.tsv", "Football"): [(SPORT, 1.5)],
    ("events.tsv", "Rugby"): [(SPORT, 1.5)],
    ("events.tsv", "Autres compétitions sportives"): [(SPORT, 1.5)],
    ("events.tsv", "Élections et référendums"): [(POLITICS, 1.5)],
    ("events.tsv", "Guerres, révolutions et conflits"): [(CONFLICT, 1.5)],
    ("events.tsv", "Sommets et conférences internationales"): [(POLITICS, 1.0)],
    ("events.tsv", "Culture, salons et fêtes"): [(CULTURE, 1.0)],
}


def section_rules(file, heading):
    """The rules of the longest SECTIONS key that starts the heading."""
    best = None
    for (f, prefix), rules in SECTIONS.items():
        if f == file and heading.startswith(prefix):
            if best is None or len(prefix) > len(best[0]):
                best = (prefix, rules)
    return best[1] if best else []


def main():
    used = set()
    by_rule = {}  # (topic, weight) -> [entity ids]
    for file in sorted(set(f for f, _ in SECTIONS)):
        path = os.path.join(ROOT, "gazetteers", "default", file)
        heading = None
        header_seen = False
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if line.startswith("# "):
                    if header_seen:
                        heading = line[2:].strip()
                    continue
                if not line.strip() or line.startswith("#"):
                    continue
                if not header_seen:
                    header_seen = True  # the column header
                    continue
                if heading is None:
                    continue
                rules = section_rules(file, heading)
                if rules:
                    used.update((file, p) for (f, p) in SECTIONS if f == file and heading.startswith(p))
                entity = line.split("\t", 1)[0]
                for topic, weight in rules:
                    by_rule.setdefault((topic, weight), set()).add(entity)
    unused = sorted(set(SECTIONS) - used)
    if unused:
        sys.exit(f"build_entity_rules: no section starts with {unused}")
    lines = [
        "# balise-topic-rules v1\n",
        "# Generated by gazetteers/topics/build_entity_rules.py from the section headings of\n"
        "# gazetteers/default/*.tsv; do not edit. A mention of an entity of a section is\n"
        "# evidence for the section's topic.\n",
        "topic\ttrigger\tweight\n",
    ]
    for (topic, weight), entities in sorted(by_rule.items()):
        ids = sorted(entities)
        # A few hundred alternatives per line at most, for readable diffs.
        for i in range(0, len(ids), 200):
            chunk = "|".join("entity:" + e for e in ids[i : i + 200])
            lines.append(f"{topic}\t{chunk}\t{weight:g}\n")
    text = "".join(lines)
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8", newline="") as f:
            if f.read() != text:
                sys.exit(f"build_entity_rules: {OUT} is stale; run python3 gazetteers/topics/build_entity_rules.py")
        return
    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    total = sum(len(v) for v in by_rule.values())
    print(f"build_entity_rules: {total} entity triggers in {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
