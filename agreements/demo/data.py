"""The agreements of `../shared/REFERENCE.md`, as the reference states them, with their sources.

Rules for this file (the demo must never go beyond its reference):
- every fact is cited: a Source row on the agreement, and `source` (a key into the agreement's
  `sources`) on every instrument, milestone and project;
- a `url` only where the reference gives a full URL (none does so far): otherwise blank, with the
  publisher, title, date and language that the reference gives;
- caveats the reference marks (disagreeing figures, unconfirmed [?] items, our own mapping onto a
  vocabulary) go into `notes`;
- values the model requires but the reference does not give use the "not stated" choice.
"""

import datetime
from decimal import Decimal

from agreements.choices import (
    AgreementKind,
    AgreementStatus,
    AmountQualifier,
    InstrumentKind,
    MilestoneStatus,
    OfftakeStatus,
    PartyRole,
)

D = datetime.date
TRUMP = "President Donald J. Trump"
NOT_RECORDED = "headline not recorded in our reference"
FINANCE_STAGES = ["mining", "processing", "intermediate-products"]
MILESTONE_STATUS_NOTE = "Progress not yet confirmed by a source."

US_JAPAN_FRAMEWORK = {
    "slug": "us-japan-critical-minerals-framework-2025",
    "fields": {
        "title": (
            "United States–Japan Framework for Securing the Supply of Critical Minerals and Rare Earths "
            "through Mining and Processing"
        ),
        "short_title": "US–Japan critical minerals framework",
        "kind": AgreementKind.FRAMEWORK,
        "status": AgreementStatus.SIGNED,
        "legally_binding": False,
        "signed_on": D(2025, 10, 28),
        "signed_at": "Akasaka Palace, Tokyo",
        "summary": (
            'A common policy framework, not a binding treaty; the sides are "Participants", not Parties. '
            "Japanese title: 採掘及び加工を通じた重要鉱物及びレアアースの供給確保のための日米枠組み. "
            "Scope: raw and processed critical minerals and rare earths, heavy and light rare earths; supply "
            "chains including mining, separation and processing; companies upstream to downstream. "
            "Instruments named: financial support mechanisms; trade measures where appropriate; complementary "
            "critical-minerals stockpiling; support for capital and operating expenditure through grants, "
            "guarantees, loans or equity; offtake arrangements; insurance; regulatory facilitation; permitting "
            "acceleration for mining, separation and processing; new mechanisms to mobilise private capital; "
            "pricing measures and high-standard marketplaces against non-market practices; review of asset "
            "sales on national-security grounds; recycling and scrap management; geological mapping; a rapid "
            "response group. Derivative products named: permanent magnets, batteries, catalysts, optical "
            "materials."
        ),
        "objectives": (
            "Secure the supply of critical minerals and rare earths; the German press summary describes "
            "coordinated investment and funding instruments to identify and support projects from extraction "
            "through processing to critical intermediate products, with first measures within six months."
        ),
        "notes": (
            "Unconfirmed [?]: a separate document on seabed rare earths near Minamitorishima and a price-floor "
            "mechanism were reported as under discussion; not confirmed in a primary text, so not loaded as "
            "instruments."
        ),
    },
    "parties": [
        {"party": "us", "role": PartyRole.PARTICIPANT, "signed_by": TRUMP},
        {"party": "jp", "role": PartyRole.PARTICIPANT, "signed_by": "Prime Minister Takaichi Sanae"},
    ],
    "minerals": ["rare-earths", "light-rare-earths", "heavy-rare-earths"],
    "stages": ["exploration", "mining", "processing", "intermediate-products", "recycling"],
    "sources": [
        {
            "key": "whitehouse",
            "title": (
                "United States–Japan Framework for Securing the Supply of Critical Minerals and Rare Earths "
                "through Mining and Processing (text as reproduced at govpulse.tools/2025/10/27/…)"
            ),
            "publisher": "The White House, reproduced by govpulse.tools",
            "language": "en",
        },
        {
            "key": "worldjpn",
            "title": (
                "採掘及び加工を通じた重要鉱物及びレアアースの供給確保のための日米枠組み "
                "(worldjpn.net/documents/texts/JPUS/20251028.O1J.html)"
            ),
            "publisher": "worldjpn.net",
            "language": "ja",
        },
        {
            "key": "dpa",
            "title": f"dpa report on the signing in Tokyo ({NOT_RECORDED})",
            "publisher": "dpa via finanznachrichten.de",
            "language": "de",
            "published_on": D(2025, 10, 28),
        },
        {
            "key": "national",
            "title": f"Report on the signing in Tokyo ({NOT_RECORDED})",
            "publisher": "thenationalnews.com",
            "language": "en",
            "published_on": D(2025, 10, 28),
        },
        {
            "key": "seed",
            "title": "Strategischer Schulterschluss in Tokio (German press summary)",
            "publisher": "",
            "language": "de",
        },
    ],
    "instruments": [
        {
            "name": "Support for capital and operating expenditure: grants",
            "kind": InstrumentKind.GRANT,
            "stages": FINANCE_STAGES,
            "description": "Support for capital and operating expenditure through grants.",
            "source": "whitehouse",
        },
        {
            "name": "Support for capital and operating expenditure: guarantees",
            "kind": InstrumentKind.GUARANTEE,
            "stages": FINANCE_STAGES,
            "description": "Support for capital and operating expenditure through guarantees.",
            "source": "whitehouse",
        },
        {
            "name": "Support for capital and operating expenditure: loans",
            "kind": InstrumentKind.LOAN,
            "stages": FINANCE_STAGES,
            "description": "Support for capital and operating expenditure through loans.",
            "source": "whitehouse",
        },
        {
            "name": "Support for capital and operating expenditure: equity",
            "kind": InstrumentKind.EQUITY,
            "stages": FINANCE_STAGES,
            "description": "Support for capital and operating expenditure through equity.",
            "source": "whitehouse",
        },
        {
            "name": "Offtake arrangements",
            "kind": InstrumentKind.OFFTAKE,
            "stages": FINANCE_STAGES,
            "description": "Offtake arrangements.",
            "source": "whitehouse",
        },
        {
            "name": "Insurance",
            "kind": InstrumentKind.INSURANCE,
            "description": "Insurance, among the financial support measures named.",
            "source": "whitehouse",
        },
        {
            "name": "Complementary critical-minerals stockpiling",
            "kind": InstrumentKind.STOCKPILE,
            "description": "Critical-minerals stockpiling (complementary stockpiling).",
            "source": "whitehouse",
        },
        {
            "name": "Trade measures where appropriate",
            "kind": InstrumentKind.TRADE_MEASURE,
            "description": "Trade measures where appropriate.",
            "source": "whitehouse",
        },
        {
            "name": "Regulatory facilitation and permitting acceleration",
            "kind": InstrumentKind.PERMITTING,
            "stages": ["mining", "processing"],
            "description": "Regulatory facilitation; permitting acceleration for mining, separation and processing.",
            "source": "whitehouse",
        },
        {
            "name": "Pricing measures and high-standard marketplaces",
            "kind": InstrumentKind.PRICE_SUPPORT,
            "description": "Pricing measures and high-standard marketplaces against non-market practices.",
            "source": "whitehouse",
        },
        {
            "name": "Geological mapping",
            "kind": InstrumentKind.RESEARCH,
            "stages": ["exploration"],
            "description": "Geological mapping.",
            "notes": "Recorded as research for want of a geological-survey kind in our vocabulary.",
            "source": "whitehouse",
        },
        {
            "name": "U.S.–Japan Critical Minerals Supply Security Rapid Response Group",
            "kind": InstrumentKind.COORDINATION,
            "description": ("Led by the US Secretary of Energy and Japan's Minister of Economy, Trade and Industry."),
            "notes": "Led jointly by both sides, so no single responsible party is recorded.",
            "source": "whitehouse",
        },
    ],
    "milestones": [
        {
            "title": "Measures to provide financial support to selected projects",
            "description": (
                "Measures to provide financial support to selected projects that generate end product for "
                "buyers in the US, Japan and like-minded countries."
            ),
            "commitment_text": "Within six months of signing",
            "offset_months": 6,
            "notes": MILESTONE_STATUS_NOTE,
            "source": "whitehouse",
        },
        {
            "title": "Convene a bilateral Mining, Minerals and Metals Investment Ministerial",
            "description": (
                'Convene a bilateral "Mining, Minerals and Metals Investment Ministerial" to engage stakeholders '
                "and set investment priorities."
            ),
            "commitment_text": "Within 180 days",
            "offset_days": 180,
            "notes": MILESTONE_STATUS_NOTE,
            "source": "whitehouse",
        },
    ],
}

US_AUSTRALIA_AMOUNTS_NOTE = (
    "Amounts disagree between the official sides. Australia: at least US$1bn from each side towards a "
    "US$8.5bn pipeline of priority projects. White House fact sheet: more than US$3bn within six months. "
    "The amount recorded is the commitment as Clayton Utz reports it (at least US$1bn from each side); "
    "neither official figure is preferred."
)

US_AUSTRALIA_FRAMEWORK = {
    "slug": "us-australia-critical-minerals-framework-2025",
    "fields": {
        "title": (
            "United States–Australia Framework for Securing of Supply in the Mining and Processing of Critical "
            "Minerals and Rare Earths"
        ),
        "short_title": "US–Australia critical minerals framework",
        "kind": AgreementKind.FRAMEWORK,
        "status": AgreementStatus.SIGNED,
        "legally_binding": False,
        "signed_on": D(2025, 10, 20),
        "signed_at": "The White House",
        "summary": (
            "A non-binding framework. Within six months of signing, each side takes measures to provide at least "
            "US$1 billion in financing for projects delivering end product to US and Australian buyers. A "
            '"Mining, Minerals and Metals Investment Ministerial" is to be convened by April 2026. A response '
            "group is led by the US Secretary of Energy and Australia's Minister for Resources. Projects named: "
            "the Alcoa–Sojitz gallium recovery project at Wagerup and Arafura Rare Earths' Nolans project; US "
            "EXIM issued seven letters of interest."
        ),
        "notes": US_AUSTRALIA_AMOUNTS_NOTE,
    },
    "parties": [
        {"party": "us", "role": PartyRole.SIGNATORY, "signed_by": TRUMP},
        {"party": "au", "role": PartyRole.SIGNATORY, "signed_by": "Prime Minister Anthony Albanese"},
    ],
    "minerals": ["rare-earths", "gallium"],
    "stages": ["mining", "processing"],
    "sources": [
        {"key": "hfw", "title": f"Briefing on the US–Australia framework ({NOT_RECORDED})", "publisher": "hfw.com"},
        {
            "key": "allens",
            "title": f"Briefing on the US–Australia framework ({NOT_RECORDED})",
            "publisher": "allens.com.au",
        },
        {
            "key": "manmonthly",
            "title": f"Report on the US–Australia framework and its projects ({NOT_RECORDED})",
            "publisher": "manmonthly.com.au",
        },
        {
            "key": "claytonutz",
            "title": f"Briefing on the US–Australia framework, December 2025 ({NOT_RECORDED})",
            "publisher": "claytonutz.com",
        },
        {
            "key": "creamermedia",
            "title": f"Report on the US–Australia framework ({NOT_RECORDED})",
            "publisher": "Creamer Media",
            "published_on": D(2025, 10, 21),
        },
        {
            "key": "anews",
            "title": f"Report on the US–Australia framework and its projects ({NOT_RECORDED})",
            "publisher": "anews.com.tr",
        },
        {
            "key": "whitehouse-factsheet",
            "title": "White House fact sheet on the US–Australia framework (title not recorded in our reference)",
            "publisher": "The White House",
            "language": "en",
        },
    ],
    "instruments": [
        {
            "name": "Financing for projects delivering end product to US and Australian buyers",
            "kind": InstrumentKind.LOAN,
            "stages": ["mining", "processing"],
            "description": (
                "Within six months of signing, each side takes measures to provide at least US$1 billion in "
                "financing for projects delivering end product to US and Australian buyers."
            ),
            "amount": Decimal("1000000000"),
            "amount_qualifier": AmountQualifier.AT_LEAST,
            "currency": "USD",
            "notes": (
                'The amount is per side. The source says "financing" without naming its form: recorded as loan '
                "or debt finance for want of a general financing kind. " + US_AUSTRALIA_AMOUNTS_NOTE
            ),
            "source": "claytonutz",
        },
        {
            "name": "Australian equity finance for the Alcoa–Sojitz gallium recovery project",
            "kind": InstrumentKind.EQUITY,
            "stages": ["processing"],
            "minerals": ["gallium"],
            "description": "Up to US$200m Australian equity finance, with offtake rights.",
            "amount": Decimal("200000000"),
            "amount_qualifier": AmountQualifier.UP_TO,
            "currency": "USD",
            "responsible": "au",
            "source": "manmonthly",
        },
        {
            "name": "US equity stake in the Alcoa–Sojitz gallium recovery project",
            "kind": InstrumentKind.EQUITY,
            "stages": ["processing"],
            "minerals": ["gallium"],
            "description": "A US equity stake with offtake rights similar to Australia's; amount not stated.",
            "responsible": "us",
            "source": "manmonthly",
        },
        {
            "name": "Australian equity investment in Arafura Rare Earths' Nolans project",
            "kind": InstrumentKind.EQUITY,
            "minerals": ["rare-earths"],
            "description": "US$100m Australian equity investment.",
            "amount": Decimal("100000000"),
            "amount_qualifier": AmountQualifier.EXACT,
            "currency": "USD",
            "responsible": "au",
            "source": "manmonthly",
        },
        {
            "name": "US EXIM letters of interest",
            "kind": InstrumentKind.LOAN,
            "description": (
                "Seven letters of interest, over US$2.2bn in total, to Arafura Rare Earths, Northern Minerals, "
                "Graphinex, Latrobe Magnesium, VHM, RZ Resources and Sunrise Energy Metals."
            ),
            "amount": Decimal("2200000000"),
            "amount_qualifier": AmountQualifier.MORE_THAN,
            "currency": "USD",
            "responsible": "us-exim",
            "notes": (
                "Letters of interest, not financing commitments; the form of any later financing is not stated. "
                "Recorded as loan or debt finance for want of a general financing kind."
            ),
            "source": "manmonthly",
        },
        {
            "name": "Response group led by the US Secretary of Energy and Australia's Minister for Resources",
            "kind": InstrumentKind.COORDINATION,
            "description": "Response group led by the US Secretary of Energy and Australia's Minister for Resources.",
            "notes": "Led jointly by both sides, so no single responsible party is recorded.",
            "source": "creamermedia",
        },
    ],
    "milestones": [
        {
            "title": "Measures to provide at least US$1 billion in financing from each side",
            "instrument": "Financing for projects delivering end product to US and Australian buyers",
            "description": (
                "Each side takes measures to provide at least US$1 billion in financing for projects delivering "
                "end product to US and Australian buyers."
            ),
            "commitment_text": "Within six months of signing",
            "offset_months": 6,
            "notes": f"{MILESTONE_STATUS_NOTE} {US_AUSTRALIA_AMOUNTS_NOTE}",
            "source": "claytonutz",
        },
        {
            "title": "Convene a Mining, Minerals and Metals Investment Ministerial",
            "description": 'A "Mining, Minerals and Metals Investment Ministerial" to be convened.',
            "commitment_text": "By April 2026",
            "due_on": D(2026, 4, 30),
            "notes": (
                f'{MILESTONE_STATUS_NOTE} The source says "by April 2026" without a day; the deadline is '
                "recorded as the last day of April 2026."
            ),
            "source": "claytonutz",
        },
    ],
}

ASEAN_TITLE_NOTE = (
    'Our reference records the official title only in part ("… Cooperation to Diversify Global Critical '
    'Minerals Supply Chains and Promote Investments"); the opening words are not recorded.'
)

US_MALAYSIA_MOU = {
    "slug": "us-malaysia-critical-minerals-mou-2025",
    "fields": {
        "title": (
            "US–Malaysia memorandum: … Cooperation to Diversify Global Critical Minerals Supply Chains and "
            "Promote Investments"
        ),
        "short_title": "US–Malaysia critical minerals memorandum",
        "kind": AgreementKind.MOU,
        "status": AgreementStatus.SIGNED,
        "legally_binding": False,
        "signed_on": D(2025, 10, 26),
        "signed_at": "47th ASEAN Summit, Kuala Lumpur",
        "summary": (
            "A non-binding memorandum signed at the 47th ASEAN Summit. Malaysia is to prioritise US investment "
            "in critical-minerals assets offered for sale in Malaysia, and commits not to ban or impose quotas "
            "on exports of critical minerals or rare earths to the US. Malaysia keeps its ban on raw rare-earth "
            "exports."
        ),
        "notes": ASEAN_TITLE_NOTE,
    },
    "parties": [
        {"party": "us", "role": PartyRole.SIGNATORY, "signed_by": TRUMP},
        {"party": "my", "role": PartyRole.SIGNATORY, "signed_by": "Prime Minister Anwar Ibrahim"},
    ],
    "minerals": ["rare-earths"],
    "stages": [],
    "sources": [
        {
            "key": "thestar",
            "title": f"Report on the signing, 26/27 October 2025 ({NOT_RECORDED})",
            "publisher": "thestar.com.my",
            "language": "en",
        },
        {
            "key": "worldecr",
            "title": f"Report on the US–Malaysia memorandum ({NOT_RECORDED})",
            "publisher": "worldecr.com",
            "language": "en",
        },
        {
            "key": "thestar-2026",
            "title": f"Report on Malaysia's ban on raw rare-earth exports ({NOT_RECORDED})",
            "publisher": "thestar.com.my",
            "language": "en",
            "published_on": D(2026, 2, 5),
        },
    ],
    "instruments": [
        {
            "name": "Priority for US investment in critical-minerals assets offered for sale in Malaysia",
            "kind": InstrumentKind.EQUITY,
            "description": "Malaysia prioritises US investment in critical-minerals assets offered for sale.",
            "responsible": "my",
            "notes": "A priority for US investment, not a committed investment; no amount is stated.",
            "source": "thestar",
        },
        {
            "name": "No export bans or quotas on critical minerals and rare earths to the US",
            "kind": InstrumentKind.TRADE_MEASURE,
            "minerals": ["rare-earths"],
            "description": "Malaysia commits not to ban or impose quotas on exports of critical minerals or rare "
            "earths to the US.",
            "responsible": "my",
            "notes": "Malaysia keeps its ban on raw rare-earth exports (thestar.com.my, 2026-02-05).",
            "source": "thestar",
        },
    ],
}

US_THAILAND_MOU = {
    "slug": "us-thailand-critical-minerals-mou-2025",
    "fields": {
        "title": (
            "US–Thailand memorandum: … Cooperation to Diversify Global Critical Minerals Supply Chains and "
            "Promote Investments"
        ),
        "short_title": "US–Thailand critical minerals memorandum",
        "kind": AgreementKind.MOU,
        "status": AgreementStatus.SIGNED,
        "legally_binding": False,
        "signed_on": D(2025, 10, 26),
        "signed_at": "47th ASEAN Summit, Kuala Lumpur",
        "summary": (
            "A non-binding memorandum signed at the 47th ASEAN Summit: first opportunity for US investment in "
            "assets offered for sale; information sharing on projects and prices; cooperation from exploration "
            "through recycling."
        ),
        "notes": ASEAN_TITLE_NOTE,
    },
    "parties": [
        {"party": "us", "role": PartyRole.SIGNATORY, "signed_by": TRUMP},
        {"party": "th", "role": PartyRole.SIGNATORY, "signed_by": "Prime Minister Anutin Charnvirakul"},
    ],
    "minerals": [],
    "stages": ["exploration", "mining", "processing", "intermediate-products", "manufacturing", "recycling"],
    "sources": [
        {
            "key": "nation",
            "title": f"Report on the US–Thailand memorandum ({NOT_RECORDED})",
            "publisher": "nationthailand.com",
            "language": "en",
        },
    ],
    "instruments": [
        {
            "name": "First opportunity for US investment in assets offered for sale",
            "kind": InstrumentKind.EQUITY,
            "description": "First opportunity for US investment in critical-minerals assets offered for sale.",
            "responsible": "th",
            "notes": "A first opportunity for US investment, not a committed investment; no amount is stated.",
            "source": "nation",
        },
        {
            "name": "Information sharing on projects and prices",
            "kind": InstrumentKind.INFORMATION_SHARING,
            "description": "Information sharing on projects and prices.",
            "source": "nation",
        },
    ],
}

US_UKRAINE_FUND = {
    "slug": "us-ukraine-reconstruction-investment-fund-2025",
    "fields": {
        "title": "US–Ukraine Reconstruction Investment Fund",
        "short_title": "US–Ukraine Reconstruction Investment Fund",
        "kind": AgreementKind.TREATY,
        "status": AgreementStatus.SIGNED,
        "signed_on": D(2025, 4, 30),
        "signed_at": "Washington",
        "summary": (
            "Establishes a 50/50 fund with a 3+3 board; 50% of royalties and licence fees from new "
            "natural-resource licences go into it. Needed ratification by Ukraine's parliament."
        ),
        "notes": (
            "Recorded as a treaty because it needed ratification by Ukraine's parliament. Ratification date "
            "unconfirmed [?]: not recorded."
        ),
    },
    "parties": [
        {"party": "us", "role": PartyRole.SIGNATORY, "signed_by": "Treasury Secretary Scott Bessent"},
        {"party": "ua", "role": PartyRole.SIGNATORY, "signed_by": "First Deputy Prime Minister Yulia Svyrydenko"},
    ],
    "minerals": [],
    "stages": [],
    "sources": [
        {"key": "qazinform", "title": f"Report on the signing ({NOT_RECORDED})", "publisher": "qazinform.com"},
        {"key": "minersnews", "title": f"Report on the signing ({NOT_RECORDED})", "publisher": "minersnews.net"},
    ],
    "instruments": [
        {
            "name": "Reconstruction Investment Fund",
            "kind": InstrumentKind.EQUITY,
            "description": (
                "A 50/50 fund with a board of three members from each side; 50% of royalties and licence fees "
                "from new natural-resource licences go into it."
            ),
            "notes": "No amount is stated.",
            "source": "qazinform",
        },
    ],
}

US_JAPAN_CMA = {
    "slug": "us-japan-critical-minerals-agreement-2023",
    "fields": {
        "title": "US–Japan Critical Minerals Agreement",
        "short_title": "US–Japan Critical Minerals Agreement",
        "kind": AgreementKind.TRADE_AGREEMENT,
        "status": AgreementStatus.IN_FORCE,
        "signed_on": D(2023, 3, 28),
        "signed_at": "Washington",
        "entered_into_force_on": D(2023, 3, 28),
        "summary": (
            "In force on signature. No export duties on critical minerals; cooperation on investment review, "
            "recycling and labour rights. Covers cobalt, graphite, lithium, manganese and nickel."
        ),
    },
    "parties": [
        {"party": "us", "role": PartyRole.SIGNATORY, "signed_by": "USTR Katherine Tai"},
        {"party": "jp", "role": PartyRole.SIGNATORY, "signed_by": "Ambassador Tomita Koji"},
    ],
    "minerals": ["cobalt", "graphite", "lithium", "manganese", "nickel"],
    "stages": ["recycling"],
    "sources": [
        {
            "key": "ustr",
            "title": f"Press release on the signing ({NOT_RECORDED})",
            "publisher": "Office of the United States Trade Representative (ustr.gov)",
            "language": "en",
            "published_on": D(2023, 3, 28),
        },
        {
            "key": "iea",
            "title": "Critical Minerals Policy Tracker, policy 18063",
            "publisher": "International Energy Agency (IEA)",
            "language": "en",
        },
    ],
    "instruments": [
        {
            "name": "No export duties on critical minerals",
            "kind": InstrumentKind.TRADE_MEASURE,
            "minerals": ["cobalt", "graphite", "lithium", "manganese", "nickel"],
            "description": "No export duties on critical minerals.",
            "source": "ustr",
        },
        {
            "name": "Cooperation on investment review",
            "kind": InstrumentKind.COORDINATION,
            "description": "Cooperation on investment review.",
            "source": "ustr",
        },
        {
            "name": "Cooperation on recycling",
            "kind": InstrumentKind.COORDINATION,
            "stages": ["recycling"],
            "description": "Cooperation on recycling.",
            "source": "ustr",
        },
        {
            "name": "Cooperation on labour rights",
            "kind": InstrumentKind.STANDARDS,
            "description": "Cooperation on labour rights.",
            "source": "ustr",
        },
    ],
}

US_SAUDI_FRAMEWORK = {
    "slug": "us-saudi-arabia-critical-minerals-framework-2025",
    "fields": {
        "title": (
            "Strategic Framework for Cooperation on securing supply chains for uranium, metals, permanent "
            "magnets, and critical minerals"
        ),
        "short_title": "US–Saudi Arabia critical minerals framework",
        "kind": AgreementKind.FRAMEWORK,
        "status": AgreementStatus.SIGNED,
        "signed_on": D(2025, 11, 18),
        "summary": (
            "A strategic framework between the United States and Saudi Arabia on securing supply chains for "
            "uranium, metals, permanent magnets and critical minerals."
        ),
        "notes": "Place of signing not recorded in our reference.",
    },
    "parties": [
        {"party": "us", "role": PartyRole.SIGNATORY, "signed_by": "Interior Secretary Doug Burgum"},
        {"party": "sa", "role": PartyRole.SIGNATORY, "signed_by": "Energy Minister Prince Abdulaziz bin Salman"},
    ],
    "minerals": ["uranium"],
    "stages": ["intermediate-products"],
    "sources": [
        {"key": "aawsat", "title": f"Report on the signing ({NOT_RECORDED})", "publisher": "aawsat.com"},
        {"key": "zawya", "title": f"Report on the signing ({NOT_RECORDED})", "publisher": "zawya.com"},
    ],
}

MSP_MEMBERS = ["au", "ca", "ee", "fi", "fr", "de", "in", "it", "jp", "no", "kr", "se", "gb", "us", "eu"]

MINERALS_SECURITY_PARTNERSHIP = {
    "slug": "minerals-security-partnership",
    "fields": {
        "title": "Minerals Security Partnership",
        "short_title": "Minerals Security Partnership",
        "kind": AgreementKind.PARTNERSHIP,
        "status": AgreementStatus.IMPLEMENTING,
        "summary": (
            "Announced 2022-06-14. Members: Australia, Canada, Estonia, Finland, France, Germany, India, Italy, "
            "Japan, Norway, Republic of Korea, Sweden, United Kingdom, United States and the European Union "
            "(India joined June 2023, Estonia March 2024). Finance Network launched 2024-09-23."
        ),
        "notes": (
            'Announced, not signed: no signing date is recorded. Status "implementing" follows from the '
            "Finance Network launch. Our reference names no primary source for these facts."
        ),
    },
    "parties": [
        {
            "party": slug,
            "role": PartyRole.PARTICIPANT,
            "note": {"in": "Joined June 2023.", "ee": "Joined March 2024."}.get(slug, ""),
        }
        for slug in MSP_MEMBERS
    ],
    "minerals": [],
    "stages": [],
    "sources": [
        {
            "key": "reference",
            "title": "Minerals Security Partnership: members, announcement and Finance Network launch",
            "publisher": "Minerals Tracker reference notes (primary source not named)",
            "language": "en",
        },
    ],
    "instruments": [
        {
            "name": "MSP Finance Network",
            "kind": InstrumentKind.COORDINATION,
            "description": "Finance Network of the Minerals Security Partnership, launched 2024-09-23.",
            "source": "reference",
        },
    ],
    "milestones": [
        {
            "title": "MSP Finance Network launched",
            "instrument": "MSP Finance Network",
            "due_on": D(2024, 9, 23),
            "status": MilestoneStatus.COMPLETED,
            "completed_on": D(2024, 9, 23),
            "notes": "No deadline was stated; the deadline recorded is the date of the launch.",
            "source": "reference",
        },
    ],
}

EU_CRMA = {
    "slug": "eu-critical-raw-materials-act",
    "fields": {
        "title": "EU Critical Raw Materials Act, Regulation (EU) 2024/1252",
        "short_title": "EU Critical Raw Materials Act",
        "kind": AgreementKind.LAW,
        "status": AgreementStatus.IN_FORCE,
        "signed_on": D(2024, 4, 11),
        "entered_into_force_on": D(2024, 5, 23),
        "summary": (
            "Regulation (EU) 2024/1252 of 11 April 2024, in force 2024-05-23. Sets 2030 benchmarks for strategic "
            "raw materials and caps permit procedures for strategic projects; the first list of 47 strategic "
            "projects was adopted 2025-03-25."
        ),
        "objectives": (
            "2030 benchmarks for strategic raw materials: at least 10% of EU consumption extracted, 40% processed "
            "and 25% recycled in the EU; at most 65% from one third country at any processing stage."
        ),
        "notes": "The signing date recorded is the date of the regulation (11 April 2024).",
    },
    "parties": [{"party": "eu", "role": PartyRole.SIGNATORY}],
    "minerals": [],
    "stages": ["mining", "processing", "recycling"],
    "sources": [
        {
            "key": "eurlex",
            "title": "Regulation (EU) 2024/1252, Official Journal of the European Union, OJ L 2024/1252",
            "publisher": "EUR-Lex",
            "language": "en",
        },
        {
            "key": "euchems",
            "title": f"Report on the Critical Raw Materials Act and its strategic projects ({NOT_RECORDED})",
            "publisher": "euchems.eu",
            "language": "en",
        },
    ],
    "instruments": [
        {
            "name": "Permit procedures for strategic projects capped at 27 and 15 months",
            "kind": InstrumentKind.PERMITTING,
            "stages": ["mining", "processing", "recycling"],
            "description": (
                "Permit procedures for strategic projects capped at 27 months (extraction) and 15 months "
                "(processing, recycling)."
            ),
            "responsible": "eu",
            "source": "eurlex",
        },
    ],
    "milestones": [
        {
            "title": "First list of strategic projects adopted (47 projects)",
            "due_on": D(2025, 3, 25),
            "status": MilestoneStatus.COMPLETED,
            "completed_on": D(2025, 3, 25),
            "notes": "No deadline was stated; the deadline recorded is the date of adoption.",
            "source": "euchems",
        },
    ],
}

AGREEMENTS = [
    US_JAPAN_FRAMEWORK,
    US_AUSTRALIA_FRAMEWORK,
    US_MALAYSIA_MOU,
    US_THAILAND_MOU,
    US_UKRAINE_FUND,
    US_JAPAN_CMA,
    US_SAUDI_FRAMEWORK,
    MINERALS_SECURITY_PARTNERSHIP,
    EU_CRMA,
]

# Projects: the implementation-test fields only where stated; the rest keep "not stated".
# `agreement` names the agreement whose source (`source` key) states the project's facts;
# `instruments` are names of that agreement's instruments.
PROJECTS = [
    {
        "slug": "alcoa-sojitz-gallium-wagerup",
        "agreement": "us-australia-critical-minerals-framework-2025",
        "source": "manmonthly",
        "fields": {
            "name": "Alcoa–Sojitz gallium recovery project",
            "country": "au",
            "location": "Wagerup, Western Australia",
            "stage": "processing",
            "offtake_status": OfftakeStatus.RIGHTS,
            "description": (
                "Gallium recovery. Up to US$200m Australian equity finance with offtake rights; a US equity stake "
                "with similar offtake rights; Japan funded half of the costs to date; up to 10% of world gallium "
                "supply."
            ),
        },
        "minerals": ["gallium"],
        "instruments": [
            "Australian equity finance for the Alcoa–Sojitz gallium recovery project",
            "US equity stake in the Alcoa–Sojitz gallium recovery project",
        ],
    },
    {
        "slug": "arafura-nolans",
        "agreement": "us-australia-critical-minerals-framework-2025",
        "source": "manmonthly",
        "fields": {
            "name": "Nolans project",
            "country": "au",
            "location": "Northern Territory",
            "operator_name": "Arafura Rare Earths",
            "operator": "arafura-rare-earths",
            "description": "Arafura Rare Earths' Nolans project: US$100m Australian equity investment.",
        },
        "minerals": ["rare-earths"],
        "instruments": ["Australian equity investment in Arafura Rare Earths' Nolans project"],
    },
]
