"""Where the host travels: trips relative to today, hotels, and restaurants in each city."""

# Restaurants in the cities the host travels to: (name, address).
RESTAURANTS = {
    "Dresden": (
        ("Weinstube am Neumarkt", "An der Frauenkirche 5, 01067 Dresden"),
        ("Elbterrassen Loschwitz", "Friedrich-Wieck-Straße 6, 01326 Dresden"),
        ("Gasthaus Zum Schwarzen Ross", "Königstraße 9, 01097 Dresden"),
        ("Ristorante Canaletto", "Taschenberg 3, 01067 Dresden"),
    ),
    "München": (
        ("Wirtshaus am Viktualienmarkt", "Frauenstraße 11, 80469 München"),
        ("Brasserie Isarlust", "Erhardtstraße 10, 80469 München"),
        ("Osteria Schwabing", "Hohenzollernstraße 42, 80801 München"),
    ),
    "Hamburg": (
        ("Fischhaus am Hafen", "Große Elbstraße 143, 22767 Hamburg"),
        ("Brasserie Alsterblick", "Ballindamm 9, 20095 Hamburg"),
        ("Speisekammer Eppendorf", "Eppendorfer Landstraße 61, 20249 Hamburg"),
    ),
    "Wien": (
        ("Gasthaus Zum Grünen Anker", "Grünangergasse 10, 1010 Wien"),
        ("Beisl am Spittelberg", "Spittelberggasse 12, 1070 Wien"),
        ("Heuriger Weinhof Nussdorf", "Kahlenberger Straße 15, 1190 Wien"),
    ),
    "Frankfurt am Main": (
        ("Apfelweinwirtschaft Zum Gemalten Schild", "Schweizer Straße 20, 60594 Frankfurt am Main"),
        ("Brasserie am Opernplatz", "Opernplatz 4, 60313 Frankfurt am Main"),
        ("Trattoria Sachsenhausen", "Textorstraße 17, 60594 Frankfurt am Main"),
    ),
    "Berlin": (
        ("Restaurant Spreeblick", "Schiffbauerdamm 8, 10117 Berlin"),
        ("Wirtshaus am Gendarmenmarkt", "Charlottenstraße 50, 10117 Berlin"),
        ("Bistro Kastanie", "Kastanienallee 22, 10435 Berlin"),
    ),
    "Köln": (
        ("Brauhaus am Heumarkt", "Heumarkt 21, 50667 Köln"),
        ("Restaurant Rheinblick", "Frankenwerft 11, 50667 Köln"),
    ),
    "Düsseldorf": (
        ("Hausbrauerei Zum Altstadtfass", "Bolkerstraße 30, 40213 Düsseldorf"),
        ("Brasserie Königsallee", "Königsallee 60, 40212 Düsseldorf"),
    ),
    "Leipzig": (
        ("Ratskeller am Markt", "Markt 1, 04109 Leipzig"),
        ("Weinstube Thomaskirchhof", "Thomaskirchhof 20, 04109 Leipzig"),
    ),
    "Nürnberg": (
        ("Bratwurststube am Hauptmarkt", "Hauptmarkt 14, 90403 Nürnberg"),
        ("Gasthaus Zum Burgblick", "Burgstraße 3, 90403 Nürnberg"),
    ),
    "Zürich": (
        ("Zunfthaus am Limmatquai", "Limmatquai 54, 8001 Zürich"),
        ("Brasserie Seefeld", "Seefeldstrasse 40, 8008 Zürich"),
    ),
    "Paris": (
        ("Brasserie du Faubourg", "42 rue du Faubourg Saint-Honoré, 75008 Paris"),
        ("Bistrot Oberkampf", "88 rue Oberkampf, 75011 Paris"),
    ),
    "Milano": (
        ("Trattoria della Brera", "Via Fiori Chiari 12, 20121 Milano"),
        ("Osteria dei Navigli", "Alzaia Naviglio Grande 36, 20144 Milano"),
    ),
    "Amsterdam": (
        ("Restaurant De Gracht", "Keizersgracht 312, 1016 EZ Amsterdam"),
        ("Eetcafé Jordaan", "Westerstraat 51, 1015 MK Amsterdam"),
    ),
    "Lisboa": (
        ("Tasca do Chiado", "Rua Garrett 40, 1200-204 Lisboa"),
        ("Marisqueira do Cais", "Avenida 24 de Julho 68, 1200-869 Lisboa"),
    ),
    "Hannover": (
        ("Brauhaus am Steintor", "Steintorstraße 8, 30159 Hannover"),
        ("Restaurant am Maschsee", "Arthur-Menge-Ufer 3, 30169 Hannover"),
    ),
    "Meißen": (("Domkeller Meißen", "Domplatz 9, 01662 Meißen"),),
    "Stuttgart": (("Weinstube Fröhlich", "Leonhardstraße 5, 70182 Stuttgart"),),
}

HOTELS = {
    "Dresden": "Hotel Taschenbergpalais Kempinski",
    "München": "Hotel Bayerischer Hof",
    "Hamburg": "Hotel Atlantic",
    "Wien": "Hotel Sacher",
    "Frankfurt am Main": "Steigenberger Frankfurter Hof",
    "Berlin": "Hotel Adlon Kempinski",
    "Köln": "Excelsior Hotel Ernst",
    "Düsseldorf": "Breidenbacher Hof",
    "Leipzig": "Steigenberger Grandhotel Handelshof",
    "Nürnberg": "Le Méridien Grand Hotel",
    "Zürich": "Hotel Schweizerhof",
    "Paris": "Hôtel Le Bristol",
    "Milano": "Hotel Principe di Savoia",
    "Amsterdam": "Hotel Pulitzer",
    "Lisboa": "Hotel Avenida Palace",
    "Hannover": "Kastens Hotel Luisenhof",
}

# (city, days from today to the start, nights, title); past trips have negative offsets.
TRIPS = (
    ("Dresden", -1, 4, "Kundentermine Sächsische Sensorik und Elbtal"),
    ("München", 8, 3, "Kundentermine München"),
    ("Hamburg", 15, 2, "Lieferantengespräche Hamburg"),
    ("Wien", 22, 3, "Kundenbesuch Wiener Armaturen"),
    ("Frankfurt am Main", 33, 2, "Finanzierungsgespräche Frankfurt"),
    ("Berlin", -16, 2, "VDMA-Verbandstagung"),
    ("Köln", -37, 2, "Kundenbesuche Rheinland"),
    ("Zürich", -58, 2, "Kundentermine Zürich"),
    ("Leipzig", -79, 1, "Kundentermine Leipzig"),
    ("Hamburg", -103, 2, "Kundenbesuche Hamburg"),
    ("München", -128, 3, "Kundentermine Bayern"),
    ("Wien", -155, 2, "Kundenbesuch Wien"),
    ("Düsseldorf", -182, 2, "Kundenbesuche Düsseldorf"),
    ("Paris", -208, 2, "Vertriebspartner Frankreich"),
    ("Nürnberg", -236, 2, "Kundenbesuche Franken"),
    ("Frankfurt am Main", -270, 2, "Bankgespräche Frankfurt"),
    ("Dresden", -305, 2, "Kundentermine Dresden"),
    ("Milano", -348, 2, "Lieferantenaudit Milano"),
    ("Amsterdam", -398, 2, "Logistikpartner Niederlande"),
    ("Lisboa", -452, 3, "Vertriebspartner Portugal"),
    ("Hannover", -505, 2, "Kundentermine Hannover"),
)
