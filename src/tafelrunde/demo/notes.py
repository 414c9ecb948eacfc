"""What a host writes down: occasions a tax office accepts, facts, notes, follow-ups."""

BUSINESS_OCCASIONS = {
    "customer": (
        "Abstimmung Rahmenvertrag {next_year} mit {org}",
        "Jahresgespräch {year} mit {org}: Liefertermine und Preise",
        "Projektbesprechung Erweiterung Fertigungslinie bei {org}",
        "Nachbesprechung Inbetriebnahme der Prüfanlage bei {org}",
        "Klärung Reklamation Charge {batch} mit {org}",
    ),
    "prospect": (
        "Anbahnung Pilotprojekt Zustandsüberwachung mit {org}",
        "Vorstellung Baureihe {series} bei {org}",
        "Erstgespräch Lieferantenqualifizierung bei {org}",
    ),
    "supplier": (
        "Verhandlung Preisanpassung {next_year} mit {org}",
        "Lieferantengespräch {org}: Kapazitäten {next_year}",
        "Abstimmung Lieferkette Elektronikbauteile mit {org}",
    ),
    "partner": (
        "Kooperationsgespräch Vertriebspartnerschaft mit {org}",
        "Abstimmung gemeinsamer Messeauftritt {fair} {next_year} mit {org}",
    ),
    "colleague": (
        "Quartalsbesprechung Vertrieb Region {city} mit {name}",
        "Übergabe Kundenbetreuung {city} mit {name}",
    ),
    "social_network": (
        "Kennenlernen {org}: mögliche Zusammenarbeit Automatisierung",
        "Erfahrungsaustausch Digitalisierung Fertigung mit {org}",
    ),
}
PRIVATE_OCCASIONS = (
    "Privat: Wiedersehen mit {given}",
    "Privates Abendessen mit {given}",
    "Privat: Geburtstagsessen nachgeholt",
)
FAIRS = ("Hannover Messe", "SPS Nürnberg", "automatica", "Intec Leipzig", "LogiMAT", "Motek")

FACTS = (
    "Daughter studies in Delft.",
    "Collects old Leicas.",
    "Runs marathons; Berlin every September.",
    "Does not drink alcohol.",
    "Allergic to nuts.",
    "Son is starting an apprenticeship as a mechatronics technician.",
    "Keeps bees in the garden.",
    "Learning Italian for a sabbatical in Umbria.",
    "Grew up in the Erzgebirge; loves wooden nutcrackers.",
    "Plays in a jazz band on Thursdays.",
    "Wants to hand the company to his daughter in three years.",
    "Cycled the Danube from Passau to Vienna last summer.",
    "Lived in Shanghai for six years.",
    "Big fan of Riesling from the Mosel.",
    "Coaches the youth football team of the local club.",
)
MEAL_NOTES = (
    "Expanding the plant; the new hall should be ready next spring.",
    "Unhappy with the current supplier's delivery times: an opening for us.",
    "Talked about old times at the trade fair in Hannover.",
    "Their new CFO starts in March; budget decisions wait until then.",
    "Considering a second site in Poland.",
    "Much more open than on the phone; offered to introduce us to the parent company.",
    "Wants a pilot with remote monitoring before committing.",
    "Worried about energy prices; asked about our service contracts.",
    "Looking for a successor for the purchasing team; asked if we know someone.",
    "Proud of the apprenticeship programme; 14 apprentices this year.",
)
ATTEMPT_NOTES = {
    "declined": (
        "Parents' evening at school.",
        "Already booked with a customer.",
        "Promised the evening to the family.",
        "Not feeling well.",
    ),
    "away": ("On holiday until next week.", "At a fair in Shanghai.", "Visiting a plant abroad."),
    "call-back": ("In a meeting; calls back after six.",),
}
FOLLOW_UPS = (
    "Send the offer for the maintenance contract.",
    "Introduce {given} to our contact at the foundation in Porto.",
    "Send the photos from the dinner.",
    "Ask about the tender for the new production line.",
    "Invite {given} to our customer day in Stuttgart.",
    "Check whether their plant needs spare parts before the summer shutdown.",
    "Send the book recommendation we talked about.",
    "Congratulate on the company anniversary.",
)
