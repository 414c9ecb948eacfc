"""Where the demo network lives: towns with real postal codes, area codes and streets.

Towns are grouped into regions; a region's share says how many of the generated contacts
live there. The trip cities (Dresden, München, Hamburg, Wien, Frankfurt) have clusters of
small towns around them, so a call list there reaches beyond the city limits.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Town:
    name: str  # as people write it in an address
    country: str  # ISO code
    postal_codes: tuple[str, ...]
    area_code: str  # E.164 prefix of a landline here, without "+"
    streets: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    key: str
    share: int  # relative number of generated contacts
    towns: tuple[tuple[Town, int], ...]  # (town, weight within the region)
    org_prefixes: tuple[str, ...] = ()  # for organisation names: "Elbtal Präzisionstechnik"


def town(name: str, country: str, codes: str | tuple[str, ...], area: str, streets: str) -> Town:
    """A town; postal codes and streets written compactly (codes space-separated or a tuple)."""
    postal_codes = tuple(codes.split()) if isinstance(codes, str) else codes
    return Town(name, country, postal_codes, area, tuple(streets.split(";")))


# fmt: off
REGIONS: tuple[Region, ...] = (
    Region("dresden", 40, (
        (town("Dresden", "DE", "01067 01069 01097 01099 01127 01187 01277 01309", "49351",
              "Prager Straße;Königsbrücker Straße;Bautzner Straße;Schandauer Straße;"
              "Wilsdruffer Straße;Tharandter Straße;Leipziger Straße;Loschwitzer Straße"), 22),
        (town("Radebeul", "DE", "01445", "49351",
              "Meißner Straße;Kötzschenbrodaer Straße;Moritzburger Straße;Hauptstraße"), 5),
        (town("Pirna", "DE", "01796", "493501",
              "Dohnaische Straße;Gartenstraße;Schlossstraße;Königsteiner Straße"), 4),
        (town("Meißen", "DE", "01662", "493521",
              "Elbstraße;Dresdner Straße;Talstraße;Neugasse"), 3),
        (town("Freital", "DE", "01705", "49351", "Dresdner Straße;Poisentalstraße"), 3),
        (town("Radeberg", "DE", "01454", "493528", "Hauptstraße;Pulsnitzer Straße"), 2),
    ), ("Elbtal", "Elbland", "Lößnitz", "Elbsandstein", "Sächsische")),
    Region("munich", 34, (
        (town("München", "DE", "80331 80333 80469 80538 80636 80796 81369 81675", "4989",
              "Leopoldstraße;Maximilianstraße;Sendlinger Straße;Rosenheimer Straße;"
              "Landsberger Straße;Nymphenburger Straße;Lindwurmstraße;Prinzregentenstraße"), 20),
        (town("Unterhaching", "DE", "82008", "4989", "Biberger Straße;Hauptstraße"), 3),
        (town("Freising", "DE", "85354 85356", "498161", "Obere Hauptstraße;Münchner Straße"), 3),
        (town("Starnberg", "DE", "82319", "498151", "Hauptstraße;Söckinger Straße"), 2),
        (town("Dachau", "DE", "85221", "498131", "Münchner Straße;Augsburger Straße"), 2),
        (town("Pullach im Isartal", "DE", "82049", "4989",
              "Habenschadenstraße;Wolfratshauser Straße"), 2),
    ), ("Isartal", "Würmtal", "Alpenland", "Bavaria", "Bayerische")),
    Region("frankfurt", 32, (
        (town("Frankfurt am Main", "DE", "60311 60313 60322 60486 60528 60594", "4969",
              "Zeil;Mainzer Landstraße;Hanauer Landstraße;Eschersheimer Landstraße;"
              "Berger Straße;Schweizer Straße;Kennedyallee"), 18),
        (town("Offenbach am Main", "DE", "63065 63067", "4969",
              "Frankfurter Straße;Kaiserstraße;Berliner Straße"), 4),
        (town("Bad Homburg vor der Höhe", "DE", "61348 61350", "496172",
              "Louisenstraße;Kaiser-Friedrich-Promenade"), 3),
        (town("Oberursel", "DE", "61440", "496171", "Vorstadt;Liebfrauenstraße"), 2),
        (town("Eschborn", "DE", "65760", "496196", "Frankfurter Straße;Mergenthalerallee"), 3),
        (town("Neu-Isenburg", "DE", "63263", "496102", "Frankfurter Straße;Hugenottenallee"), 2),
    ), ("Main", "Taunus", "Rhein-Main", "Mainufer", "Hessische")),
    Region("hamburg", 24, (
        (town("Hamburg", "DE", "20095 20354 20457 22085 22301 22767", "4940",
              "Mönckebergstraße;Jungfernstieg;Große Elbstraße;Mühlenkamp;Hofweg;"
              "Max-Brauer-Allee;Osterstraße"), 18),
        (town("Norderstedt", "DE", "22846", "4940", "Ulzburger Straße;Rathausallee"), 2),
        (town("Pinneberg", "DE", "25421", "494101", "Dingstätte;Damm"), 2),
        (town("Ahrensburg", "DE", "22926", "494102", "Große Straße;Hamburger Straße"), 2),
    ), ("Alster", "Elbe", "Nordlicht", "Hafen", "Hanseatische")),
    Region("stuttgart", 26, (
        (town("Stuttgart", "DE", "70173 70174 70176 70182 70190 70469 70597", "49711",
              "Königstraße;Theodor-Heuss-Straße;Tübinger Straße;Olgastraße;"
              "Heilbronner Straße;Pragstraße;Epplestraße"), 16),
        (town("Ludwigsburg", "DE", "71634 71638", "497141", "Myliusstraße;Schorndorfer Straße"), 3),
        (town("Esslingen am Neckar", "DE", "73728 73730", "49711",
              "Pliensaustraße;Ulmer Straße"), 3),
        (town("Böblingen", "DE", "71032", "497031", "Wolfgang-Brumme-Allee;Stuttgarter Straße"), 2),
        (town("Sindelfingen", "DE", "71063 71065", "497031", "Mahdentalstraße;Planiestraße"), 2),
    ), ("Neckar", "Filder", "Rems", "Alb", "Schwäbische")),
    Region("berlin", 18, (
        (town("Berlin", "DE", "10117 10178 10405 10585 10719 10999 12163", "4930",
              "Friedrichstraße;Kurfürstendamm;Schönhauser Allee;Oranienstraße;Kastanienallee;"
              "Schloßstraße;Torstraße"), 15),
        (town("Potsdam", "DE", "14467 14469", "49331",
              "Brandenburger Straße;Friedrich-Ebert-Straße"), 3),
    ), ("Spree", "Havel", "Märkische", "Berliner")),
    Region("rhein-ruhr", 24, (
        (town("Köln", "DE", "50667 50672 50823 50937", "49221",
              "Hohe Straße;Aachener Straße;Venloer Straße;Zülpicher Straße"), 8),
        (town("Bonn", "DE", "53111 53113", "49228", "Poppelsdorfer Allee;Kaiserstraße"), 3),
        (town("Düsseldorf", "DE", "40210 40212 40477 40545", "49211",
              "Königsallee;Kaiserswerther Straße;Luegallee;Schadowstraße;Graf-Adolf-Straße"), 8),
        (town("Essen", "DE", "45127 45128", "49201", "Rüttenscheider Straße;Huyssenallee"), 3),
        (town("Dortmund", "DE", "44135 44137", "49231", "Hansastraße;Westenhellweg"), 2),
    ), ("Rhein", "Ruhr", "Niederrhein", "Westfalen", "Rheinische")),
    Region("leipzig", 11, (
        (town("Leipzig", "DE", "04103 04109 04155 04275", "49341",
              "Karl-Liebknecht-Straße;Grimmaische Straße;Gohliser Straße;Jahnallee"), 8),
        (town("Chemnitz", "DE", "09111 09119", "49371", "Straße der Nationen;Reichsstraße"), 3),
    ), ("Pleiße", "Mulde", "Mitteldeutsche")),
    Region("nuremberg", 11, (
        (town("Nürnberg", "DE", "90402 90403 90429 90489", "49911",
              "Königstraße;Fürther Straße;Äußere Sulzbacher Straße;Bucher Straße"), 6),
        (town("Erlangen", "DE", "91052 91054", "499131", "Nürnberger Straße;Hauptstraße"), 3),
        (town("Fürth", "DE", "90762", "49911", "Schwabacher Straße;Königswarterstraße"), 2),
    ), ("Noris", "Pegnitz", "Franken", "Fränkische")),
    Region("germany-other", 15, (
        (town("Hannover", "DE", "30159 30161", "49511", "Georgstraße;Lister Meile"), 3),
        (town("Bremen", "DE", "28195 28203", "49421", "Obernstraße;Am Wall"), 3),
        (town("Mannheim", "DE", "68161 68165", "49621", "Augustaanlage;Seckenheimer Straße"), 3),
        (town("Karlsruhe", "DE", "76133 76137", "49721", "Kaiserstraße;Karlstraße"), 3),
        (town("Augsburg", "DE", "86150", "49821", "Maximilianstraße;Karlstraße"), 2),
        (town("Freiburg im Breisgau", "DE", "79098", "49761",
              "Kaiser-Joseph-Straße;Bertoldstraße"), 2),
    ), ("Weser", "Kurpfalz", "Lech", "Breisgau", "Badische")),
    Region("vienna", 17, (
        (town("Wien", "AT", "1010 1030 1040 1070 1090 1190", "431",
              "Kärntner Straße;Mariahilfer Straße;Landstraßer Hauptstraße;Wiedner Hauptstraße;"
              "Währinger Straße;Neubaugasse;Grinzinger Allee"), 14),
        (town("Mödling", "AT", "2340", "432236", "Hauptstraße;Enzersdorfer Straße"), 2),
        (town("Klosterneuburg", "AT", "3400", "432243", "Stadtplatz;Wiener Straße"), 1),
    ), ("Donau", "Wienerwald", "Alpen", "Wiener")),
    Region("austria-other", 5, (
        (town("Salzburg", "AT", "5020", "43662", "Getreidegasse;Linzer Gasse"), 2),
        (town("Graz", "AT", "8010", "43316", "Herrengasse;Annenstraße"), 2),
        (town("Linz", "AT", "4020", "43732", "Landstraße;Hauptplatz"), 1),
    ), ("Tauern", "Mur", "Steirische")),
    Region("switzerland", 12, (
        (town("Zürich", "CH", "8001 8004 8008 8032", "4144",
              "Bahnhofstrasse;Seefeldstrasse;Badenerstrasse;Limmatquai"), 7),
        (town("Winterthur", "CH", "8400", "4152", "Stadthausstrasse;Technikumstrasse"), 2),
        (town("Basel", "CH", "4051", "4161", "Freie Strasse;Steinenvorstadt"), 2),
        (town("Bern", "CH", "3011", "4131", "Marktgasse;Kramgasse"), 1),
    ), ("Limmat", "Rheintal", "Jura", "Helvetia")),
    Region("france", 9, (
        (town("Paris", "FR", "75008 75011 75016", "331",
              "rue de Rivoli;boulevard Haussmann;avenue de la République;rue Oberkampf"), 5),
        (town("Lyon", "FR", "69002", "334", "rue de la République;quai Saint-Antoine"), 2),
        (town("Strasbourg", "FR", "67000", "333",
              "rue du Vieux-Marché-aux-Poissons;quai des Bateliers"), 2),
    )),
    Region("italy", 8, (
        (town("Milano", "IT", "20121 20123 20135", "3902",
              "Via Montenapoleone;Corso Buenos Aires;Via Tortona;Corso di Porta Romana"), 5),
        (town("Bologna", "IT", "40121", "39051", "Via dell'Indipendenza;Via Farini"), 1),
        (town("Verona", "IT", "37121", "39045", "Corso Porta Nuova;Via Mazzini"), 2),
    )),
    Region("netherlands", 8, (
        (town("Amsterdam", "NL", ("1015 CJ", "1017 BS", "1072 AB"), "3120",
              "Keizersgracht;Herengracht;Van Baerlestraat"), 4),
        (town("Rotterdam", "NL", ("3011 AD",), "3110", "Coolsingel;Witte de Withstraat"), 2),
        (town("Delft", "NL", ("2611 HW",), "3115", "Oude Delft;Voorstraat"), 1),
        (town("Utrecht", "NL", ("3511 LN",), "3130", "Oudegracht;Biltstraat"), 1),
    )),
    Region("portugal", 6, (
        (town("Lisboa", "PT", "1100-148 1200-109 1250-096", "35121",
              "Rua Augusta;Avenida da Liberdade;Rua Garrett"), 3),
        (town("Porto", "PT", "4050-262 4000-322", "35122",
              "Rua de Santa Catarina;Avenida dos Aliados"), 2),
        (town("Cascais", "PT", "2750-310", "35121", "Avenida Marginal;Rua Frederico Arouca"), 1),
    )),
    Region("poland", 5, (
        (town("Kraków", "PL", "31-042", "4812", "ul. Floriańska;ul. Grodzka"), 2),
        (town("Warszawa", "PL", "00-368 00-695", "4822", "ul. Nowy Świat;ul. Marszałkowska"), 2),
        (town("Wrocław", "PL", "50-101", "4871", "ul. Świdnicka;ul. Ruska"), 1),
    )),
)
# fmt: on

# How each country writes itself on an envelope, as address books export it.
COUNTRY_NAMES = {
    "DE": "Deutschland",
    "AT": "Österreich",
    "CH": "Schweiz",
    "FR": "France",
    "IT": "Italia",
    "NL": "Nederland",
    "PT": "Portugal",
    "PL": "Polska",
}

# Mobile prefixes (E.164 without "+") and how many digits follow.
MOBILE_PREFIXES = {
    "DE": (
        ("49151", 8),
        ("49160", 7),
        ("49170", 7),
        ("49171", 7),
        ("49172", 7),
        ("49175", 7),
        ("49176", 8),
        ("49179", 7),
        ("49157", 8),
        ("49162", 7),
    ),
    "AT": (("43664", 7), ("43676", 7), ("43699", 8)),
    "CH": (("4179", 7), ("4178", 7), ("4176", 7)),
    "FR": (("336", 8), ("337", 8)),
    "IT": (("39347", 7), ("39335", 7), ("39320", 7)),
    "NL": (("316", 8),),
    "PT": (("35191", 7), ("35193", 7), ("35196", 7)),
    "PL": (("48501", 6), ("48601", 6), ("48691", 6)),
}

# Digits in a landline's national number (area code + subscriber), per country.
NATIONAL_LENGTH = {"DE": 10, "AT": 9, "CH": 9, "FR": 9, "IT": 10, "NL": 9, "PT": 9, "PL": 9}

COUNTRY_CALLING_CODES = {
    "DE": "49",
    "AT": "43",
    "CH": "41",
    "FR": "33",
    "IT": "39",
    "NL": "31",
    "PT": "351",
    "PL": "48",
}


def town_named(name: str) -> Town:
    """The demo town with this name (a programming error when there is none)."""
    for region in REGIONS:
        for candidate, _weight in region.towns:
            if candidate.name == name:
                return candidate
    raise KeyError(name)


def region_of(town_: Town) -> Region:
    for region in REGIONS:
        if any(candidate is town_ for candidate, _weight in region.towns):
            return region
    raise KeyError(town_.name)
