#!/usr/bin/env python3
"""Regenerate the BRAT .ann files, topics.tsv and topic-map.txt of the second held-out set (heldout2).

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
import os, sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Its categories (by article number) and topic map are the first set's:
# see ../heldout/annotate.py.

ANN = {}

ANN["01"] = """
LOC|Charente-Maritime
ORG|Horizons
ORG|Horizons
PER|Thibault Marchesseau
LOC|Charente-Maritime
ORG|Union des droites pour la République
ORG|UDR
PER|Véronique Labadie-Sourd
LOC|Rochefort
LOC|La Rochelle
ORG|Cour des comptes
PER|Naïma Ferradj
ORG|Parti communiste français
ORG|PCF
PER|Édouard Philippe
LOC|Rochefort
LOC|Marennes
ORG|Bluesky
ORG|Horizons
PER|Éric Ciotti
PER|Labadie-Sourd
LOC|Surgères
LOC|Tonnay-Charente
ORG|Les Écologistes
PER|Marine Tondelier
LOC|Rochefort
PER|Marchesseau
ORG|Horizons & Indépendants
ORG|Palais-Bourbon
LOC|Seudre
LOC|Rochefort
"""

ANN["02"] = """
PER|De Wever
ORG|Chambre
ORG|Chambre des représentants
PER|Bart De Wever
PER|Jan Jambon
ORG|Parti du travail de Belgique
ORG|PTB
LOC|Charleroi
PER|Raoul Hedebouw
ORG|N-VA
PER|Amandine Courtois-Lemaire
LOC|Seraing
PER|Frank Vandenbroucke
ORG|Vooruit
LOC|Ostende
PER|Pieter Vanhoutte
ORG|Centrale générale des syndicats libéraux de Belgique
ORG|CGSLB
LOC|Anvers
LOC|Liège
ORG|SNCB
"""

ANN["03"] = """
ORG|OCP
LOC|Jorf Lasfar
ORG|OCP
LOC|Jorf Lasfar
LOC|El Jadida
ORG|Office chérifien des phosphates
ORG|OCP
PER|Mostafa Terrab
LOC|Tarfaya
ORG|Office national de l'électricité et de l'eau potable
ORG|ONEE
LOC|Inde
LOC|Brésil
ORG|Topsoe
ORG|Atlas Hydrogène Solutions
LOC|Casablanca
ORG|École Mohammadia d'ingénieurs
LOC|Doukkala
PER|Salma Benkirane
PER|Youssef El Amrani
ORG|CDG Capital
ORG|Fitch Ratings
ORG|Banque africaine de développement
ORG|BAD
ORG|Agence française de développement
PER|Benkirane
LOC|El Jadida
"""

ANN["04"] = """
LOC|Vosges
ORG|Tissages de la Vologne
LOC|Épinal
ORG|Tissages de la Vologne
ORG|Textiles Morand & Cie
LOC|Granges-Aumontzey
LOC|Roanne
LOC|Villeurbanne
PER|Arnaud Morand
ORG|Bpifrance
LOC|Grand Est
PER|Franck Leroy
PER|Sylvie Thiriet
ORG|CFDT
ORG|France Travail
LOC|Granges-Aumontzey
PER|Jean-Marie Colin
LOC|Gérardmer
LOC|La Bresse
PER|Morand
"""

ANN["05"] = """
LOC|Douala
LOC|New-Bell
LOC|Douala
LOC|New-Bell
LOC|Bépanda
LOC|Bonabéri
PER|Manaouda Malachie
ORG|Hôpital Laquintinie
ORG|Centre Pasteur du Cameroun
PER|Armelle Ngo Bassong
LOC|Littoral
LOC|New-Bell
ORG|Fonds des Nations unies pour l'enfance
ORG|Unicef
ORG|Gavi
LOC|Bépanda
LOC|Bonabéri
ORG|Camerounaise des eaux
ORG|CDE
PER|Odile Ekwalla
LOC|Bonabéri
LOC|Edéa
LOC|Kribi
"""

ANN["06"] = """
LOC|Aveyron
LOC|Rodez
LOC|Millau
LOC|Villefranche-de-Rouergue
PER|Caroline Bessière
LOC|Rodez
ORG|Agence nationale de sécurité du médicament et des produits de santé
ORG|ANSM
ORG|ANSM
ORG|Conseil national de l’Ordre des pharmaciens
LOC|Chine
LOC|Inde
ORG|Sanofi
LOC|Sisteron
LOC|Alpes-de-Haute-Provence
LOC|Rodez
PER|Pierre-Yves Canitrot
PER|Bessière
LOC|Espalion
ORG|Assurance maladie
"""

ANN["07"] = """
ORG|UBB
ORG|RACING 92
ORG|Union Bordeaux-Bègles
ORG|Racing 92
LOC|Matmut Atlantique
PER|Matthieu Jalibert
PER|Damian Penaud
PER|Louka Etcheverry
PER|Yannick Bru
PER|Jalibert
ORG|Racing
PER|Nolann Le Garrec
ORG|Montpellier
LOC|Nanterre
ORG|Stade toulousain
ORG|Section paloise
ORG|Toulon
ORG|Clermont
ORG|La Rochelle
ORG|Castres
ORG|UBB
ORG|Toulouse
ORG|USAP
LOC|Perpignan
"""

ANN["08"] = """
ORG|Al Ahly
ORG|Espérance de Tunis
ORG|Al Ahly
ORG|Espérance de Tunis
LOC|Caire
PER|Karim Abdelhafez
ORG|Espérance
PER|Ghaith Ben Slama
PER|Amine Rekik
PER|Lassaad Mansouri
LOC|Radès
LOC|Tunis
ORG|Confédération africaine de football
ORG|CAF
ORG|Mamelodi Sundowns
ORG|TP Mazembe
LOC|Pretoria
PER|Thapelo Mokoena
LOC|Lubumbashi
PER|Didier Kalonji
ORG|CAF
"""

ANN["09"] = """
LOC|Somme
LOC|Amiens
ORG|Institut national de recherches archéologiques préventives
ORG|Inrap
LOC|Glisy
LOC|Amiens
LOC|Seine
PER|Bérénice Lefrançois
ORG|Inrap
PER|Hadrien
PER|Mathias Devillers
ORG|Université de Picardie Jules-Verne
ORG|UPJV
LOC|Samarobriva
LOC|Amiens
LOC|Rhin
PER|Devillers
ORG|Amiens Métropole
ORG|Musée de Picardie
"""

ANN["10"] = """
ORG|Université de Liège
ORG|Université de Liège
ORG|ULiège
ORG|Nature Astronomy
LOC|Paranal
LOC|Atacama
LOC|Chili
LOC|Tenerife
LOC|Canaries
PER|Michaël Gillon
ORG|Fonds de la recherche scientifique
ORG|FNRS
PER|Inès Vandermeulen
LOC|Verviers
PER|Vandermeulen
ORG|Massachusetts Institute of Technology
ORG|MIT
ORG|Université de Cambridge
ORG|NASA
ORG|Observatoire européen austral
ORG|ESO
PER|Gillon
"""

ANN["11"] = """
LOC|Loire
LOC|Orléans
LOC|Orléans
LOC|Gien
LOC|Blois
LOC|Loiret
LOC|Loiret
LOC|Naussac
LOC|Villerest
ORG|Office français de la biodiversité
ORG|OFB
PER|Gaëlle Pinson
ORG|Castors de Loire
LOC|Orléans
LOC|Tours
ORG|Électricité de France
ORG|EDF
LOC|Belleville-sur-Loire
LOC|Dampierre-en-Burly
ORG|Bureau de recherches géologiques et minières
ORG|BRGM
"""

ANN["12"] = """
LOC|Gabon
LOC|Lopé
LOC|Lopé
LOC|Gabon
ORG|Agence nationale des parcs nationaux
ORG|ANPN
ORG|Université de Stirling
LOC|Écosse
ORG|Institut de recherche en écologie tropicale
ORG|IRET
LOC|Libreville
PER|Lee White
LOC|Gabon
LOC|Norvège
LOC|Mikongo
PER|Odette Mboumba
ORG|ANPN
LOC|Booué
PER|Jean-Baptiste Nzé Obiang
LOC|Ogooué
"""

ANN["13"] = """
LOC|Haïti
ORG|Viv Ansanm
LOC|Mirebalais
LOC|Mirebalais
LOC|Centre
ORG|Viv Ansanm
ORG|Réseau national de défense des droits humains
ORG|RNDDH
LOC|Croix-des-Bouquets
PER|Rosemène Pierre-Louis
LOC|Lascahobas
LOC|Mirebalais
LOC|Port-au-Prince
LOC|République dominicaine
PER|Jimmy Chérizier
PER|Barbecue
ORG|TikTok
PER|Alix Didier Fils-Aimé
ORG|Police nationale d'Haïti
ORG|PNH
ORG|Mission multinationale d'appui à la sécurité
ORG|MMAS
LOC|Kenya
ORG|MMAS
ORG|Conseil présidentiel de transition
ORG|CPT
LOC|Centre
ORG|Organisation internationale pour les migrations
ORG|OIM
"""

ANN["14"] = """
LOC|Liban-Sud
LOC|Nabatieh
ORG|Hezbollah
LOC|Nabatieh
LOC|Bekaa
LOC|Kfar Roummane
ORG|Tsahal
ORG|Radwan
LOC|Israël
PER|Joseph Aoun
LOC|Washington
ORG|Hezbollah
PER|Naïm Qassem
LOC|Kfar Roummane
PER|Hassan Dakroub
LOC|Beyrouth
LOC|Tyr
ORG|Force intérimaire des Nations unies au Liban
ORG|Finul
PER|Andrea Tenenti
"""

ANN["15"] = """
LOC|Lille
LOC|Lille
PER|Yacine M.
LOC|Roubaix
ORG|Crédit Agricole
ORG|Société Générale
ORG|LCL
LOC|Malte
PER|Dylan V.
LOC|Tourcoing
LOC|Villeneuve-d'Ascq
LOC|Armentières
ORG|Office central pour la répression de la grande délinquance financière
ORG|OCRGDF
PER|Paulette D.
LOC|Wasquehal
PER|Héloïse Vandamme
PER|Yacine M.
"""

ANN["16"] = """
LOC|Sherbrooke
ORG|Service de police de Sherbrooke
ORG|SPS
LOC|Estrie
PER|Martin Fréchette
LOC|Laval
LOC|Terrebonne
LOC|Sherbrooke
PER|Kevin Ouimet-Lachance
PER|Sabrina Giroux
PER|Gisèle Bolduc
LOC|Magog
PER|Étienne
ORG|SPS
LOC|Granby
ORG|Sûreté du Québec
ORG|Centre antifraude du Canada
ORG|CAFC
ORG|Desjardins
PER|Fréchette
"""

ANN["17"] = """
LOC|Lyon
ORG|Musée des Confluences
PER|Malick Sidibé
ORG|Musée des Confluences
PER|Malick Sidibé
LOC|Bagadadji
ORG|Studio Malick
PER|Adèle Rousseau-Kanté
LOC|Bamako
ORG|Fondation Cartier pour l'art contemporain
PER|Sidibé
PER|Seydou Keïta
PER|Samuel Fosso
ORG|Centre de formation en photographie de Bamako
ORG|Institut français
ORG|Musée national du Mali
LOC|Bamako
LOC|Cotonou
PER|Olivier Charmetant
"""

ANN["18"] = """
PER|Nadia Ben Ammar
PER|Nadia Ben Ammar
LOC|Kerkennah
LOC|Sfax
LOC|Italie
PER|Fethi Haddaoui
PER|Yasmine Dridi
PER|Ben Ammar
LOC|Sfax
ORG|Nomadis Images
ORG|Les Films du Losange
ORG|Centre national du cinéma et de l’image animée
ORG|CNC
ORG|Arte
PER|Thomas Vanlierde
LOC|Tunis
ORG|Pathé
"""

ANN["19"] = """
LOC|Strasbourg
LOC|Bas-Rhin
LOC|Strasbourg
LOC|Meinau
ORG|Entraide Saint-Michel
PER|Odile Wendling
PER|Bastien
PER|Mariam
PER|Joël
PER|Fatou
PER|Hugo
ORG|Fondation pour le logement des défavorisés
ORG|Fondation Abbé-Pierre
LOC|Mundolsheim
ORG|Emmaüs
ORG|Croix-Rouge française
LOC|Ill
LOC|Strasbourg
PER|Jeanne Barseghian
ORG|Les Écologistes
LOC|Schiltigheim
LOC|Illkirch-Graffenstaden
"""

ANN["20"] = """
LOC|Maroc
LOC|Moyen Atlas
LOC|Aït Ouikhalfen
LOC|Azrou
ORG|Tilelli
PER|Fatima Zahra Oubella
ORG|Haut-Commissariat au Plan
ORG|HCP
ORG|Agence nationale de lutte contre l’analphabétisme
ORG|ANLCA
ORG|Institut royal de la culture amazighe
ORG|IRCAM
PER|Oubella
PER|Khadija
ORG|WhatsApp
LOC|Espagne
PER|Itto
ORG|Université Al Akhawayn
LOC|Ifrane
LOC|Ifrane
LOC|Khénifra
"""

ANN["21"] = """
LOC|Val-d'Or
LOC|Abitibi
LOC|Val-d'Or
LOC|Rouyn-Noranda
LOC|Amos
ORG|Société de protection des forêts contre le feu
ORG|SOPFEU
LOC|Abitibi-Témiscamingue
LOC|Nouveau-Brunswick
LOC|Ontario
LOC|Mexique
ORG|Forces armées canadiennes
ORG|Hydro-Québec
ORG|Agnico Eagle
LOC|Harricana
PER|Réjean Trottier
LOC|Sullivan
LOC|Val-d'Or
PER|Luc Gervais-Pichette
"""

ANN["22"] = """
LOC|Mayotte
LOC|Mamoudzou
LOC|Mayotte
LOC|Kawéni
LOC|Cavani
LOC|Mamoudzou
ORG|Centre hospitalier de Mayotte
ORG|CHM
PER|Faïza Ahamada
LOC|Cavani
ORG|Société mahoraise des eaux
ORG|SMAE
LOC|Sada
LOC|Dembéni
LOC|Pamandzi
LOC|Petite-Terre
ORG|Médecins du monde
ORG|Secours islamique France
PER|Zaïnaba
LOC|Chirongui
LOC|Mozambique
LOC|Comores
LOC|Anjouan
"""

ANN["23"] = """
LOC|Rwanda
LOC|Burundi
LOC|Luanda
LOC|Rwanda
LOC|Burundi
LOC|Luanda
PER|João Lourenço
PER|Olivier Nduhungirehe
LOC|Kigali
LOC|Gitega
LOC|Burundi
ORG|RED-Tabara
LOC|Kigali
ORG|Forces démocratiques de libération du Rwanda
ORG|FDLR
PER|Paul Kagame
PER|Évariste Ndayishimiye
ORG|Communauté d'Afrique de l'Est
ORG|EAC
LOC|Qatar
LOC|Kigali
LOC|Bujumbura
LOC|Tanzanie
PER|Jeanne Uwimana
LOC|Huye
LOC|Nemba
LOC|Luanda
"""

ANN["24"] = """
LOC|Alger
LOC|Nouakchott
LOC|Tindouf
LOC|Zouérate
PER|Abdelmadjid Tebboune
PER|Mohamed Ould Cheikh El Ghazouani
LOC|Tindouf
LOC|Algérie
LOC|Zouérate
LOC|Mauritanie
LOC|Algérie
ORG|Cosider
LOC|Alger
LOC|Maroc
LOC|Rabat
LOC|Dakhla
LOC|Sahara occidental
ORG|Sonatrach
ORG|Société nationale industrielle et minière
ORG|SNIM
LOC|Zouérate
ORG|Air Algérie
LOC|Alger
LOC|Nouakchott
LOC|Nouakchott
PER|Lemine Ould Bah
ORG|Université de Nouakchott
PER|Ould Bah
ORG|Union du Maghreb arabe
ORG|UMA
"""



if __name__ == "__main__":
    # The first set's script does the work, with this set's data.
    sys.path.insert(0, os.path.join(HERE, "..", "heldout"))
    import annotate

    annotate.main(HERE, ANN, annotate.CATEGORY, annotate.TOPIC_MAP)
