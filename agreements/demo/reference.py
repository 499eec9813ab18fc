"""Reference vocabularies: parties, minerals and value-chain stages.

Names and groupings are vocabulary (fine to load); no fact about an agreement is stated here.
"""

from agreements.choices import PartyKind

# (slug, name): a country's slug is its ISO 3166-1 alpha-2 code in lower case.
COUNTRIES = [
    ("au", "Australia"),
    ("ca", "Canada"),
    ("cn", "China"),
    ("de", "Germany"),
    ("ee", "Estonia"),
    ("fi", "Finland"),
    ("fr", "France"),
    ("gb", "United Kingdom"),
    ("in", "India"),
    ("it", "Italy"),
    ("jp", "Japan"),
    ("kg", "Kyrgyzstan"),
    ("kr", "Republic of Korea"),
    ("kz", "Kazakhstan"),
    ("my", "Malaysia"),
    ("no", "Norway"),
    ("sa", "Saudi Arabia"),
    ("se", "Sweden"),
    ("th", "Thailand"),
    ("tj", "Tajikistan"),
    ("tm", "Turkmenistan"),
    ("ua", "Ukraine"),
    ("us", "United States"),
    ("uz", "Uzbekistan"),
]

# Other parties: (slug, name, kind, country slug or None).
OTHER_PARTIES = [
    ("eu", "European Union", PartyKind.BLOC, None),
    ("us-exim", "Export-Import Bank of the United States (EXIM)", PartyKind.AGENCY, "us"),
    ("arafura-rare-earths", "Arafura Rare Earths", PartyKind.COMPANY, None),
    ("g7", "Group of Seven (G7)", PartyKind.ORGANIZATION, None),
    ("maaden", "Saudi Arabian Mining Company (Maaden)", PartyKind.COMPANY, "sa"),
    ("mp-materials", "MP Materials Corp", PartyKind.COMPANY, "us"),
    # MP Materials and the US Department of War (REFERENCE.md, 8.17).
    ("mountain-jv", "Mountain JV, LLC", PartyKind.COMPANY, "us"),
]

# (slug, name, symbol, group slug or None, is_group). Groups come before their members.
MINERALS = [
    ("rare-earths", "Rare earths", "", None, True),
    ("light-rare-earths", "Light rare earths", "", "rare-earths", True),
    ("heavy-rare-earths", "Heavy rare earths", "", "rare-earths", True),
    ("lanthanum", "Lanthanum", "La", "light-rare-earths", False),
    ("cerium", "Cerium", "Ce", "light-rare-earths", False),
    ("praseodymium", "Praseodymium", "Pr", "light-rare-earths", False),
    ("neodymium", "Neodymium", "Nd", "light-rare-earths", False),
    ("dysprosium", "Dysprosium", "Dy", "heavy-rare-earths", False),
    ("terbium", "Terbium", "Tb", "heavy-rare-earths", False),
    ("yttrium", "Yttrium", "Y", "heavy-rare-earths", False),
    ("scandium", "Scandium", "Sc", "rare-earths", False),
    ("platinum-group-metals", "Platinum-group metals", "", None, True),
    ("platinum", "Platinum", "Pt", "platinum-group-metals", False),
    ("palladium", "Palladium", "Pd", "platinum-group-metals", False),
    ("rhodium", "Rhodium", "Rh", "platinum-group-metals", False),
    ("iridium", "Iridium", "Ir", "platinum-group-metals", False),
    ("ruthenium", "Ruthenium", "Ru", "platinum-group-metals", False),
    ("aluminium", "Aluminium", "Al", None, False),
    ("antimony", "Antimony", "Sb", None, False),
    ("arsenic", "Arsenic", "As", None, False),
    ("barite", "Barite", "", None, False),
    ("bauxite", "Bauxite", "", None, False),
    ("beryllium", "Beryllium", "Be", None, False),
    ("bismuth", "Bismuth", "Bi", None, False),
    ("boron", "Boron", "B", None, False),
    ("chromium", "Chromium", "Cr", None, False),
    ("cobalt", "Cobalt", "Co", None, False),
    ("copper", "Copper", "Cu", None, False),
    ("fluorspar", "Fluorspar", "", None, False),
    ("gallium", "Gallium", "Ga", None, False),
    ("germanium", "Germanium", "Ge", None, False),
    ("graphite", "Graphite", "C", None, False),
    ("hafnium", "Hafnium", "Hf", None, False),
    ("indium", "Indium", "In", None, False),
    ("lithium", "Lithium", "Li", None, False),
    ("magnesium", "Magnesium", "Mg", None, False),
    ("manganese", "Manganese", "Mn", None, False),
    ("nickel", "Nickel", "Ni", None, False),
    ("niobium", "Niobium", "Nb", None, False),
    ("phosphate-rock", "Phosphate rock", "", None, False),
    ("silicon-metal", "Silicon metal", "Si", None, False),
    ("tantalum", "Tantalum", "Ta", None, False),
    ("tellurium", "Tellurium", "Te", None, False),
    ("tin", "Tin", "Sn", None, False),
    ("titanium", "Titanium", "Ti", None, False),
    ("tungsten", "Tungsten", "W", None, False),
    ("uranium", "Uranium", "U", None, False),
    ("vanadium", "Vanadium", "V", None, False),
    ("zinc", "Zinc", "Zn", None, False),
    ("zirconium", "Zirconium", "Zr", None, False),
]

# (slug, name, order, description): the six stages, in value-chain order.
STAGES = [
    ("exploration", "Exploration", 1, "Exploration and geological mapping."),
    ("mining", "Mining", 2, "Extraction of ores and raw materials."),
    ("processing", "Processing", 3, "Separation, processing and refining."),
    (
        "intermediate-products",
        "Intermediate products",
        4,
        "Derivative and intermediate products such as permanent magnets, precursors and alloys.",
    ),
    ("manufacturing", "Manufacturing", 5, "Manufacturing of end products."),
    ("recycling", "Recycling", 6, "Recycling, scrap management and recovery."),
]
