#!/usr/bin/env python3
"""Regenerate the BRAT .ann files, topics.tsv and topic-map.txt of the held-out set.

Annotations are kept here as data: for each article, the entity mentions in
reading order as "TYPE|surface".  Offsets are computed by searching each
surface (with word boundaries) after the end of the previous mention, so the
list must follow text order.  "SKIP|surface" advances the cursor past an
occurrence that must NOT be annotated (not used unless needed).

Usage: python3 annotate.py          # writes files, verifies every span
       python3 annotate.py --check  # also lists unannotated occurrences of
                                    # annotated surfaces and capitalised words
                                    # outside spans (for manual review)
"""
import os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))

CATEGORY = {
    "01": "politics", "02": "politics", "03": "business", "04": "business",
    "05": "health", "06": "health", "07": "sports", "08": "sports",
    "09": "science", "10": "science", "11": "environment", "12": "environment",
    "13": "conflict", "14": "conflict", "15": "crime", "16": "crime",
    "17": "culture", "18": "culture", "19": "society", "20": "society",
    "21": "disaster", "22": "disaster", "23": "politics", "24": "politics",
}

TOPIC_MAP = [
    ("politics", "medtop:11000000"), ("business", "medtop:04000000"),
    ("health", "medtop:07000000"), ("sports", "medtop:15000000"),
    ("science", "medtop:13000000"), ("environment", "medtop:06000000"),
    ("conflict", "medtop:16000000"), ("crime", "medtop:02000000"),
    ("culture", "medtop:01000000"), ("society", "medtop:14000000"),
    ("disaster", "medtop:03000000"),
]

ANN = {}

ANN["01"] = """
ORG|La France insoumise
ORG|LFI
ORG|Assemblée nationale
ORG|Rassemblement national
ORG|RN
ORG|Les Républicains
ORG|LR
PER|Laurent Wauquiez
ORG|Assemblée
ORG|Élysée
PER|Emmanuel Macron
LOC|Bruxelles
ORG|Matignon
PER|Mathilde Panot
PER|Marine Le Pen
PER|Sophie Kerhervé
LOC|Finistère
LOC|Quimper
PER|Kerhervé
ORG|Parti socialiste
"""

ANN["02"] = """
LOC|Wallonie
ORG|MR
ORG|Engagés
LOC|Namur
PER|Adrien Dolimont
ORG|MR
ORG|FGTB
ORG|CSC
PER|Thierry Bodson
ORG|FGTB
ORG|Les Engagés
PER|Maxime Prévot
ORG|X
ORG|MR
PER|Georges-Louis Bouchez
ORG|PS
LOC|Namur
PER|Paul Magnette
LOC|Wallonie
LOC|Bruxelles
LOC|Namur
LOC|Ciney
PER|Jean-Luc Maréchal
ORG|Les Engagés
LOC|Namur
PER|Maréchal
LOC|Condroz
"""

ANN["03"] = """
LOC|Sochaux
ORG|Stellantis
ORG|Stellantis
LOC|Sochaux
LOC|Doubs
ORG|Peugeot
PER|Karim Benhaddou
ORG|CGT
LOC|Sochaux
ORG|Force ouvrière
ORG|FO
LOC|Montbéliard
ORG|Mécafor Franche-Comté
LOC|Audincourt
PER|Nathalie Grosjean
LOC|Sochaux
LOC|Bourgogne-Franche-Comté
PER|Marie-Guite Dufay
ORG|Bourse de Paris
ORG|Stellantis
"""

ANN["04"] = """
ORG|Nestlé
ORG|Nestlé
LOC|Vevey
ORG|Bourse de Zurich
PER|Corinne Favre
ORG|Banque Lémanique Privée
LOC|Genève
PER|Philipp Navratil
ORG|Banque nationale suisse
ORG|BNS
PER|Martin Schlegel
LOC|Berne
LOC|Bulle
LOC|Fribourg
ORG|Reymond & Fils
LOC|Allemagne
LOC|France
PER|Pascal Reymond
ORG|Swissmem
"""

ANN["05"] = """
LOC|Carhaix
LOC|Carhaix-Plouguer
LOC|Finistère
ORG|Agence régionale de santé de Bretagne
ORG|ARS
LOC|Brest
LOC|Quimper
LOC|Morlaix
PER|Yannick Le Goff
PER|Anne-Laure Tanguy
LOC|Rostrenen
PER|Tanguy
ORG|Samu-Urgences de France
PER|Marc Noizet
ORG|CHU de Brest
"""

ANN["06"] = """
LOC|RDC
LOC|Kinshasa
LOC|République démocratique du Congo
LOC|RDC
LOC|Kinshasa
LOC|Japon
ORG|Union européenne
PER|Roger Kamba
LOC|Kalamu
ORG|Organisation mondiale de la santé
ORG|OMS
PER|Tedros Adhanom Ghebreyesus
ORG|Union africaine
ORG|Africa CDC
LOC|Sud-Kivu
LOC|Kamituga
ORG|Médecins sans frontières
ORG|MSF
PER|Esther Mwamba
"""

ANN["07"] = """
PER|Jens Vermeersch
PER|Jens Vermeersch
ORG|Lotto
LOC|Zottegem
LOC|Mur de Grammont
PER|Mathieu van der Poel
PER|Vermeersch
LOC|Ninove
PER|van der Poel
PER|Wout van Aert
ORG|Visma-Lease a Bike
LOC|Gand
LOC|Ninove
PER|Christophe Laporte
ORG|Lotto
PER|Stijn De Backer
PER|Jens
"""

ANN["08"] = """
ORG|RENNES
ORG|PSG
LOC|ROAZHON PARK
ORG|Stade rennais
ORG|Paris Saint-Germain
PER|Ousmane Dembélé
PER|Ludovic Blas
PER|Lucas Chevalier
PER|Yanis Le Berre
PER|Kévin Marzin
ORG|Paris
PER|Le Berre
ORG|Canal+
PER|Luis Enrique
ORG|Rennes
PER|Habib Beye
ORG|PSG
ORG|Olympique de Marseille
ORG|Rennes
LOC|Lens
"""

ANN["09"] = """
LOC|Kourou
LOC|Guyane
LOC|Kourou
ORG|Arianespace
ORG|Arianespace
PER|David Cavaillolès
ORG|Thales Alenia Space
LOC|Cannes
LOC|Rome
PER|Claire Montagné
ORG|Centre national d’études spatiales
ORG|CNES
LOC|Toulouse
ORG|Agence spatiale européenne
ORG|ESA
LOC|Europe
LOC|Guyane
PER|Josef Aschbacher
"""

ANN["10"] = """
ORG|Mistral AI
LOC|Montréal
ORG|Mistral AI
LOC|Montréal
LOC|Amérique du Nord
ORG|Institut québécois d'intelligence artificielle
ORG|Mila
PER|Yoshua Bengio
LOC|Montréal
PER|Arthur Mensch
LOC|Paris
ORG|Université de Montréal
ORG|Université McGill
PER|Hélène Tremblay-Roy
ORG|Mila
LOC|Québec
ORG|Google DeepMind
ORG|Meta
ORG|Mistral AI
ORG|ASML
LOC|Saclay
ORG|Institut national de recherche en sciences et technologies du numérique
ORG|Inria
"""

ANN["11"] = """
ORG|GLAMOS
LOC|Aletsch
LOC|Alpes
LOC|Valais
LOC|Morteratsch
LOC|Grisons
PER|Mathilde Rochat
ORG|Université de Lausanne
LOC|Bagnes
PER|Rochat
PER|Albert Rösti
LOC|Berne
SKIP|Paris
LOC|Alpes
ORG|Académie suisse des sciences
ORG|GLAMOS
"""

ANN["12"] = """
LOC|Saint-Louis
LOC|Langue de Barbarie
LOC|Sénégal
LOC|Atlantique
LOC|Guet Ndar
LOC|Saint-Louis
PER|Mamadou Sarr
LOC|Djougop
ORG|Banque mondiale
PER|Aïssatou Diagne
ORG|Littoral Vivant
LOC|Saint-Louis
PER|Alioune Badara Ndiaye
LOC|Langue de Barbarie
LOC|Doun Baba Dièye
"""

ANN["13"] = """
LOC|Ukraine
LOC|Kiev
LOC|Zaporijia
LOC|Kiev
LOC|Zaporijia
LOC|Ukraine
LOC|Kiev
LOC|Obolon
PER|Vitali Klitschko
ORG|Telegram
LOC|Zaporijia
PER|Volodymyr Zelensky
LOC|Kiev
ORG|OTAN
LOC|Moscou
ORG|Kremlin
LOC|Ukraine
LOC|Belgorod
PER|Dmitri Peskov
LOC|Bruxelles
ORG|Union européenne
PER|Kaja Kallas
LOC|Vilniansk
LOC|Zaporijia
PER|Olena Hrytsenko
"""

ANN["14"] = """
LOC|Soudan
LOC|El-Obeid
LOC|El-Obeid
LOC|Kordofan-Nord
ORG|Forces de soutien rapide
ORG|FSR
ORG|Haut-Commissariat des Nations unies pour les réfugiés
ORG|HCR
PER|Fatima Abdelrahman
ORG|Médecins sans frontières
ORG|MSF
PER|Abdel Fattah al-Burhane
ORG|FSR
PER|Mohamed Hamdan Daglo
PER|Hemetti
LOC|El-Facher
LOC|Darfour
ORG|FSR
LOC|Kordofan
LOC|Arabie saoudite
LOC|États-Unis
LOC|Djeddah
ORG|Union africaine
ORG|ONU
LOC|Soudan
PER|Ramtane Lamamra
LOC|Tchad
LOC|Adré
"""

ANN["15"] = """
LOC|Marseille
ORG|DZ Mafia
LOC|Bouches-du-Rhône
LOC|Aix-en-Provence
LOC|Marseille
PER|Rayan B.
PER|Jean-Pierre Vial
ORG|Office anti-stupéfiants
ORG|Ofast
LOC|Marseille
ORG|Sky ECC
PER|Laure Castellani
PER|Samia Haddad
ORG|Les Mères solidaires
"""

ANN["16"] = """
LOC|Saint-Lin–Laurentides
LOC|Saint-Lin–Laurentides
PER|Gilles Thibodeau
LOC|Joliette
PER|Marc-André Gauthier
ORG|Cour du Québec
ORG|Déneigement Lanaudière Plus
ORG|Unité permanente anticorruption
ORG|UPAC
PER|Josée Ouellet
PER|Thibodeau
PER|Richard Lacasse
ORG|Directeur des poursuites criminelles et pénales
ORG|DPCP
PER|Isabelle Roy
ORG|Commission municipale du Québec
ORG|CMQ
LOC|Lanaudière
"""

ANN["17"] = """
PER|Riopelle
ORG|Musée des beaux-arts de Montréal
ORG|Musée des beaux-arts de Montréal
ORG|MBAM
PER|Jean Paul Riopelle
LOC|Grand Nord
PER|Riopelle
LOC|Isle-aux-Grues
LOC|Saint-Laurent
PER|Geneviève Lafleur-Bastien
LOC|Paris
PER|André Breton
PER|Joan Mitchell
ORG|Musée national des beaux-arts du Québec
ORG|MNBAQ
ORG|Fondation Jean Paul Riopelle
PER|Yves Desrochers
ORG|Centre Pompidou
LOC|Paris
ORG|Fondation Beyeler
LOC|Bâle
"""

ANN["18"] = """
ORG|Académie Goncourt
PER|Lucie Payet
ORG|Gallimard
LOC|La Réunion
LOC|Saint-Pierre
PER|Thomas Kerjean
LOC|Paris
ORG|Académie
PER|Philippe Claudel
PER|Kerjean
ORG|Grasset
LOC|Saint-Pierre
LOC|La Réunion
ORG|Facebook
PER|Huguette Bello
ORG|GfK
PER|Payet
"""

ANN["19"] = """
LOC|Lavaveix-les-Mines
LOC|Lavaveix-les-Mines
LOC|Creuse
PER|Didier Lavergne
PER|Lavergne
ORG|Fédération des conseils de parents d’élèves
ORG|FCPE
LOC|Aubusson
LOC|Chénérailles
PER|Émilie Dufour
LOC|Lavaveix
LOC|Limoges
LOC|Creuse
PER|Sandrine Morel
ORG|Association des maires ruraux de France
ORG|AMRF
"""

ANN["20"] = """
LOC|Montréal
LOC|Québec
LOC|Montréal
ORG|Regroupement des comités logement et associations de locataires du Québec
ORG|RCLALQ
LOC|Hochelaga-Maisonneuve
PER|Karine Dubé
LOC|Longueuil
ORG|Société canadienne d'hypothèques et de logement
ORG|SCHL
ORG|Office municipal d'habitation de Montréal
ORG|OMHM
PER|Simon Pelletier-Gagnon
ORG|Front d'action populaire en réaménagement urbain
ORG|FRAPRU
ORG|FRAPRU
ORG|Société d'habitation du Québec
ORG|SHQ
LOC|Montréal
"""

ANN["21"] = """
LOC|Roya
LOC|Roya
ORG|Météo-France
LOC|Alpes-Maritimes
LOC|Tende
PER|Thierry Giordano
LOC|Breil-sur-Roya
LOC|Nice
LOC|Tende
ORG|SNCF
LOC|Vésubie
LOC|Saint-Martin-Vésubie
LOC|Alpes-Maritimes
LOC|Nice
"""

ANN["22"] = """
LOC|Côte d'Ivoire
LOC|Toumodi
LOC|Toumodi
LOC|Abidjan
LOC|Yamoussoukro
ORG|Trans-Lagunes Express
LOC|Abidjan
LOC|Bouaké
ORG|Agence ivoirienne de presse
ORG|AIP
PER|Koffi Yao Brou
ORG|CHU de Yamoussoukro
LOC|Abidjan
PER|Alassane Ouattara
ORG|Office de sécurité routière
ORG|Oser
LOC|Côte d'Ivoire
ORG|Trans-Lagunes Express
"""

ANN["23"] = """
LOC|Arménie
LOC|Azerbaïdjan
LOC|Genève
PER|Ararat Mirzoyan
PER|Djeyhoun Baïramov
LOC|Genève
LOC|Suisse
LOC|Léman
PER|Ignazio Cassis
ORG|Département fédéral des affaires étrangères
ORG|DFAE
PER|Léa Schaller
ORG|DFAE
LOC|Caucase du Sud
LOC|Haut-Karabakh
LOC|Azerbaïdjan
LOC|Erevan
LOC|Bakou
PER|Nikol Pachinian
PER|Ilham Aliev
LOC|Zanguezour
LOC|Bakou
LOC|Nakhitchevan
LOC|Arménie
LOC|Erevan
LOC|Russie
LOC|Arménie
ORG|Union européenne
LOC|États-Unis
"""

ANN["24"] = """
LOC|Dakar
LOC|Paris
LOC|France
LOC|Sénégal
LOC|Ouakam
LOC|Dakar
LOC|France
PER|Christine Fages
PER|Jean-Noël Barrot
ORG|Quai d'Orsay
PER|Bassirou Diomaye Faye
LOC|Afrique de l'Ouest
LOC|Sahel
LOC|Mali
LOC|Burkina Faso
LOC|Niger
LOC|Tchad
LOC|Côte d'Ivoire
LOC|Paris
LOC|Gabon
LOC|Djibouti
PER|Moustapha Ndour
ORG|Centre d'études diplomatiques de Dakar
LOC|France
LOC|Dakar
LOC|Turquie
LOC|Golfe
ORG|Communauté économique des États de l'Afrique de l'Ouest
ORG|Cedeao
"""


def find(text, surface, start):
    """First occurrence of surface at or after start, not glued to a letter/digit."""
    pat = re.compile(r"(?<![\w])" + re.escape(surface) + r"(?![\w])")
    m = pat.search(text, start)
    if not m:
        raise SystemExit(f"not found: {surface!r} after offset {start}")
    return m.start(), m.end()


def spans_for(ann, doc_id, text):
    spans, cursor = [], 0
    for line in ann[doc_id].strip().splitlines():
        typ, surface = line.split("|", 1)
        s, e = find(text, surface, cursor)
        cursor = e
        if typ == "SKIP":
            continue
        assert typ in ("PER", "LOC", "ORG"), line
        assert text[s:e] == surface
        spans.append((typ, s, e, surface))
    return spans


def main(here=HERE, ann=ANN, category=CATEGORY, topic_map=TOPIC_MAP):
    """Write the .ann files, topics.tsv and topic-map.txt of the set in `here`
    from its annotations; the second held-out set calls this with its own."""
    check = "--check" in sys.argv
    ids = sorted(ann)
    assert ids == sorted(category), "annotation/category id mismatch"
    rows = []
    totals = {}
    for doc_id in ids:
        with open(os.path.join(here, doc_id + ".txt"), encoding="utf-8") as f:
            text = f.read()
        assert "\r" not in text and "\t" not in text
        spans = spans_for(ann, doc_id, text)
        for a, b in zip(spans, spans[1:]):
            assert a[2] <= b[1], f"overlap in {doc_id}: {a} {b}"
        with open(os.path.join(here, doc_id + ".ann"), "w", encoding="utf-8", newline="\n") as f:
            for i, (typ, s, e, surface) in enumerate(spans, 1):
                f.write(f"T{i}\t{typ} {s} {e}\t{surface}\n")
        for typ, *_ in spans:
            totals[typ] = totals.get(typ, 0) + 1
        headline, _, body = text.partition("\n\n")
        rows.append((doc_id, category[doc_id], headline.strip(),
                     " ".join(body.split("\n")).strip()))
        if check:
            covered = [(s, e) for _, s, e, _ in spans]
            inside = lambda s, e: any(a <= s and e <= b for a, b in covered)
            for surface in sorted({sp[3] for sp in spans}):
                pat = re.compile(r"(?<![\w])" + re.escape(surface) + r"(?![\w])")
                for m in pat.finditer(text):
                    if not inside(m.start(), m.end()):
                        print(f"{doc_id}: unannotated occurrence of {surface!r} at {m.start()}: "
                              f"...{text[max(0, m.start()-30):m.end()+20]!r}")
            for m in re.finditer(r"\b[A-ZÀ-ÖØ-Þ][\w’'-]*", text):
                if not inside(m.start(), m.end()):
                    prev = text[max(0, m.start()-2):m.start()]
                    print(f"{doc_id}: cap outside span: {m.group()!r}  ({prev!r})")
    with open(os.path.join(here, "topics.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("id\tcategory\theadline\ttext\n")
        for r in rows:
            assert all("\t" not in x and "\n" not in x for x in r)
            f.write("\t".join(r) + "\n")
    with open(os.path.join(here, "topic-map.txt"), "w", encoding="utf-8", newline="\n") as f:
        for label, code in topic_map:
            f.write(f"{label}={code}\n")
    print("mentions:", totals, "total", sum(totals.values()), file=sys.stderr)


if __name__ == "__main__":
    main()
