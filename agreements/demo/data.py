"""The agreements of `../shared/REFERENCE.md`, as the reference states them, with their sources.

Rules for this file (the demo must never go beyond its reference):
- every fact is cited: a Source row on the agreement, and `source` (a key into the agreement's
  `sources`) on every instrument, milestone and project;
- a `url` exactly as the reference writes it (some are `http://`), or blank where it gives none,
  with the publisher, title, date and language that the reference gives;
- caveats the reference marks (disagreeing figures, unconfirmed [?] items, our own mapping onto a
  vocabulary) go into `notes`; [?] items are never loaded as facts;
- values the model requires but the reference does not give use the "not stated" choice;
- outcomes are never typed: a milestone's status follows its `evidence` (loader.py writes it
  through services/evidence.py).

Evidence items (`evidence` on a milestone) keep the reference's own words so that they can move to a
data file unchanged: `relation` as the reference labels it (loader.VERDICTS maps it), `mark` its grade
("V" or "V-sec"; `official` when the source is an official text or statement of a party), the first
URL as `url` and any others in `further`. Reported amounts (`reported_amounts` on an instrument) are
every figure a source gives, side by side; none is preferred.
"""

import datetime
from decimal import Decimal

from agreements.choices import (
    AgreementKind,
    AgreementStatus,
    AmountQualifier,
    DeadlineAnchor,
    Firmness,
    InstrumentKind,
    MilestoneKind,
    OfftakeStatus,
    PartyRole,
)

D = datetime.date
TRUMP = "President Donald J. Trump"
NOT_RECORDED = "headline not recorded in our reference"
FINANCE_STAGES = ["mining", "processing", "intermediate-products"]
# The date of the reference's searches: "no evidence found in the sources searched (as of 2026-12-01)".
REFERENCE_AS_OF = D(2026, 12, 1)
NO_EVIDENCE_NOTE = "No evidence found in the sources searched (as of 2026-12-01)."
# Prefixed to the note of every evidence item and reported amount graded [V-sec] by the reference.
SECONDARY_NOTE = (
    "Secondary source [V-sec]: seen only in a rewrite, an aggregator, an AI-written site or a blog, not "
    "in an official text or a news report."
)
BILLION = Decimal("1000000000")
# EC statement 26/323, cited by the US–Japan framework's evidence and by the EU–US–Japan statement.
EC_STATEMENT_URL = (
    "https://openrijk.nl/en/europa/europese-commissie/artikel/statement-26-323/joint-press-statement-among-the-"
    "european-commission,-the-united-states-government,-and-the-japanese-government-following-february-4-"
    "critical-minerals-ministerial-meeting"
)
EC_STATEMENT_TITLE = (
    "Joint press statement among the European Commission, the United States Government, and the Japanese "
    "Government following February 4 Critical Minerals Ministerial meeting (statement 26/323)"
)

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
            "mechanism were reported as under discussion "
            "(https://kantanreader.com/6c6e2650c884d4c641b73db5f6d2955a.html); not confirmed in a primary text, "
            "so not loaded as instruments. No deadline was seen for the Rapid Response Group, stockpiling, "
            "permitting, mapping, asset-sale or scrap items [?: the full text was not read end to end]. "
            "Signing date: 28 October 2025 in Tokyo (Reuters copy; Kyodo) vs 27 October 2025 (EC statement "
            "26/323; the White House posting is dated 27 October, US time); probably US vs Japan time, both kept."
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
            "url": (
                "https://vu.govpulse.tools/2025/10/27/united-states-japan-framework-for-securing-the-supply-of-"
                "critical-minerals-and-rare-earths-through-mining-and-processing"
            ),
            "language": "en",
            "published_on": D(2025, 10, 27),
        },
        {
            "key": "skoopz",
            "title": (
                "United States–Japan Framework for Securing the Supply of Critical Minerals and Rare Earths "
                "through Mining and Processing (text as reproduced at skoopz.v82fm.com)"
            ),
            "publisher": "The White House, reproduced by skoopz.v82fm.com",
            "url": (
                "https://skoopz.v82fm.com/united-states-japan-framework-for-securing-the-supply-of-critical-"
                "minerals-and-rare-earths-through-m-2326.html"
            ),
            "language": "en",
        },
        {
            "key": "worldjpn",
            "title": (
                "採掘及び加工を通じた重要鉱物及びレアアースの供給確保のための日米枠組み "
                "(worldjpn.net/documents/texts/JPUS/20251028.O1J.html)"
            ),
            "publisher": "worldjpn.net",
            "url": "https://worldjpn.net/documents/texts/JPUS/20251028.O1J.html",
            "language": "ja",
        },
        {
            "key": "dpa",
            "title": f"dpa report on the signing in Tokyo ({NOT_RECORDED})",
            "publisher": "dpa via finanznachrichten.de",
            "url": (
                "https://www.finanznachrichten.de/nachrichten-2025-10/66809721-us-japan-sign-framework-deal-on-"
                "securing-supply-of-critical-minerals-rare-earths-020.htm"
            ),
            "language": "de",
            "published_on": D(2025, 10, 28),
        },
        {
            "key": "national",
            "title": f"Report on the signing in Tokyo ({NOT_RECORDED})",
            "publisher": "thenationalnews.com",
            "url": (
                "https://www.thenationalnews.com/business/2025/10/28/us-and-japan-agree-on-critical-minerals-and-"
                "rare-earths-supply-pact"
            ),
            "language": "en",
            "published_on": D(2025, 10, 28),
        },
        {
            "key": "reuters",
            "title": f"Reuters report on the signing in Tokyo ({NOT_RECORDED})",
            "publisher": "Reuters via 1lurer.am",
            "url": "https://www.1lurer.am/en/2025/10/28/1/1405431",
            "language": "en",
            "published_on": D(2025, 10, 28),
        },
        {
            "key": "kyodo",
            "title": f"Kyodo report on the signing at the State Guest House, Moto-Akasaka ({NOT_RECORDED})",
            "publisher": "Kyodo via news.livedoor.com",
            "url": "https://news.livedoor.com/topics/detail/29868722/",
            "language": "ja",
        },
        {
            "key": "jiji",
            "title": f"Jiji report on the signing ({NOT_RECORDED})",
            "publisher": "Jiji via nippon.com",
            "url": "https://www.nippon.com/ja/news/yjj2025102800113/",
            "language": "ja",
        },
        {
            "key": "nationalcargonews",
            "title": f"Report on the framework's character and its Rapid Response Group ({NOT_RECORDED})",
            "publisher": "nationalcargonews.com",
            "url": "https://nationalcargonews.com/?p=1532",
            "language": "en",
        },
        {
            "key": "translindo",
            "title": f"Article on the US–Japan critical minerals framework ({NOT_RECORDED})",
            "publisher": "translindogroup.com",
            "url": (
                "https://www.translindogroup.com/2025/11/27/us-japan-critical-minerals-framework-marks-strategic-"
                "shift-in-global-supply-chain-resilience"
            ),
            "language": "en",
        },
        {
            "key": "eenews",
            "title": f"Report naming the Rapid Response Group's leads ({NOT_RECORDED})",
            "publisher": "E&E News (eenews.net)",
            "url": "https://www.eenews.net/articles/us-japan-strike-pact-on-rare-earths-minerals-coal/",
            "language": "en",
        },
        {
            "key": "jst",
            "title": f"Japanese summary of the framework ({NOT_RECORDED})",
            "publisher": "JST CRDS (crds.jst.go.jp)",
            "url": "https://crds.jst.go.jp/dw/?p=43800",
            "language": "ja",
        },
        {
            "key": "qazinform",
            "title": f"Report on the framework ({NOT_RECORDED})",
            "publisher": "qazinform.com",
            "url": (
                "https://qazinform.com/news/us-and-japan-forge-new-framework-to-secure-supply-of-critical-"
                "minerals-b39287"
            ),
            "language": "en",
        },
        {
            "key": "gujaratsamachar",
            "title": f"Report with another rendering of the six-month clause [V-sec] ({NOT_RECORDED})",
            "publisher": "english.gujaratsamachar.com",
            "url": (
                "https://english.gujaratsamachar.com/news/international/us-japan-sign-agreement-for-supplying-"
                "critical-minerals-and-rare-earth-materials"
            ),
            "language": "en",
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
            "description": (
                "Led by the US Secretary of Energy and Japan's Minister of Economy, Trade and Industry: Energy "
                "Secretary Chris Wright and METI Minister Akazawa Ryosei."
            ),
            "notes": (
                "Led jointly by both sides, so no single responsible party is recorded. No deadline in the text; "
                "no report of a meeting was found [?]."
            ),
            "source": "eenews",
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
            "last_checked_on": REFERENCE_AS_OF,
            "notes": (
                'Clause as dpa reports it: "Within six months, measures will be taken to provide financial support '
                "to selected projects to generate end product for delivery to buyers in the United States, Japan "
                'and like-minded countries." Another rendering [V-sec, gujaratsamachar]: "buyers in the United '
                'States and Japan and, as appropriate, like-minded countries". No evidence found in the sources '
                "searched (as of 2026-12-01) that measures were taken under this clause. Unconfirmed [?], not "
                "loaded as evidence: Kyodo reported (undated in the excerpt seen; aggregator copy [V-sec] at "
                "https://en.ckhq.net/html/6c6839c811228261d657d09fc587dabd.html) that the two governments planned "
                "to sign an action plan for a critical-minerals trade agreement at a leaders' meeting \"on March "
                '19 in Washington"; the signing itself was not found.'
            ),
            "source": "dpa",
            "evidence": [
                {
                    "occurred_on": D(2026, 1, 20),
                    "summary": (
                        "Japan's cabinet took ¥39bn from fiscal-2025 reserves to capitalise JOGMEC for overseas "
                        "rare-earth mining and smelting co-investments."
                    ),
                    "relation": "related, does not fulfil",
                    "mark": "V",
                    "url": (
                        "https://www.nippon.com/en/news/yjj2026012000528/japan-to-spend-39-b-yen-to-diversify-"
                        "rare-earth-supplies.html"
                    ),
                    "publisher": "Jiji via nippon.com",
                    "note": "A Japanese domestic measure, not described as under the framework.",
                },
                {
                    "occurred_on": D(2026, 2, 4),
                    "summary": (
                        "EU–US–Japan statement: Japan's side is covered by the October 2025 framework; USTR is to "
                        "develop Action Plans with the Commission and Japan."
                    ),
                    "relation": "related, does not fulfil",
                    "mark": "V",
                    "official": True,
                    "url": EC_STATEMENT_URL,
                    "title": EC_STATEMENT_TITLE,
                    "publisher": "European Commission, reproduced by openrijk.nl",
                },
                {
                    "occurred_on": D(2026, 2, 17),
                    "summary": (
                        "First US$36bn of Japan's US$550bn US-investment package announced, including a US$600m "
                        "synthetic industrial diamond grit plant in Georgia billed as a critical-minerals project."
                    ),
                    "relation": "related, does not fulfil",
                    "mark": "V",
                    "url": (
                        "https://www.thenationalnews.com/news/us/2026/02/17/trump-announces-lng-and-critical-"
                        "minerals-projects-under-us-japan-trade-deal/"
                    ),
                    "publisher": "The National (thenationalnews.com)",
                    "further": [
                        "https://www.malaymail.com/news/money/2026/02/18/trump-touts-one-very-special-word-that-"
                        "makes-japan-spend-us36b-in-america-tariffs/209535",
                        "https://www.thenews.com.pk/latest/1392736-us-japan-unveil-36b-energy-security-critical-"
                        "minerals-investment-deal",
                        "Reuters copy: https://www.newsnetworks.com/trump-says-japan-to-invest-in-energy-industrial-"
                        "projects-in-ohio-texas-and-georgia-273178.html",
                    ],
                    "note": (
                        "Announced as the first projects of the US$550bn investment pledge tied to the US–Japan "
                        "trade deal, not under this clause."
                    ),
                },
            ],
        },
        {
            "title": "Convene a bilateral Mining, Minerals and Metals Investment Ministerial",
            "description": (
                'Convene a bilateral "Mining, Minerals and Metals Investment Ministerial" to engage stakeholders '
                "and set investment priorities."
            ),
            "commitment_text": "Within 180 days",
            "offset_days": 180,
            "last_checked_on": REFERENCE_AS_OF,
            "notes": (
                'Clause as dpa reports it: "convening a bilateral Mining, Minerals and Metals Investment '
                'Ministerial meeting within 180 days". The Japanese summary reads 「180日以内に大臣級投資会合を開催」 '
                "(JST CRDS). No evidence found in the sources searched (as of 2026-12-01) of a bilateral "
                "ministerial; English and Japanese searches found only multilateral meetings."
            ),
            "source": "dpa",
            "evidence": [
                {
                    "occurred_on": D(2026, 1, 12),
                    "summary": (
                        "G7+ finance ministers' meeting on critical minerals in Washington; Japan's Finance "
                        "Minister Katayama attended."
                    ),
                    "relation": "related, does not fulfil",
                    "mark": "V-sec",
                    "url": "https://news.livedoor.com/topics/detail/30361090/",
                    "publisher": "news.livedoor.com",
                    "further": ["https://m.ajupress.com/view/20260113100302621"],
                    "note": "Multilateral, and a meeting of finance ministers.",
                },
                {
                    "occurred_on": D(2026, 2, 4),
                    "summary": (
                        "Multilateral Critical Minerals Ministerial in Washington; State Minister Horii Iwao "
                        "represented Japan."
                    ),
                    "relation": "related, does not fulfil",
                    "mark": "V",
                    "official": True,
                    "url": "https://www.mofa.go.jp/mofaj/press/release/pressit_000001_03283.html",
                    "publisher": "Ministry of Foreign Affairs of Japan",
                    "note": "Multilateral, not the bilateral ministerial.",
                },
                {
                    "occurred_on": D(2026, 2, 13),
                    "summary": (
                        "USTR-hosted online trade ministers' meeting on critical minerals (12 countries and "
                        "regions); METI Minister Akazawa attended in person."
                    ),
                    "relation": "related, does not fulfil",
                    "mark": "V-sec",
                    "url": "https://news.livedoor.com/topics/detail/30581190/",
                    "publisher": "Kyodo copy at news.livedoor.com",
                    "note": "Multilateral, not the bilateral ministerial.",
                },
            ],
        },
    ],
}

US_AUSTRALIA_AMOUNTS_NOTE = (
    "Amounts disagree between the official sides. Australia: at least US$1bn from each side towards a "
    "US$8.5bn pipeline of priority projects. White House fact sheet: more than US$3bn within six months. "
    "The amount recorded is the commitment as Clayton Utz reports it (at least US$1bn from each side); "
    "neither official figure is preferred: every figure a source gives is kept as a reported amount."
)

MANMONTHLY_URL = "https://www.manmonthly.com.au/critical-minerals-framework-signed-between-australia-and-u-s/"
CLAYTONUTZ_URL = (
    "https://www.claytonutz.com/insights/2025/december/the-art-of-the-critical-minerals-deal-the-united-states-"
    "and-australia-framework-to-secure-reliable-rare-earths-supplies"
)
CREAMERMEDIA_URL = (
    "https://newsletter.mw.creamermedia.com/article/us-australia-sign-critical-minerals-pact-commit-2bn-to-boost-"
    "supply-security-2025-10-21"
)
BOTH_SIDES = "A figure for both sides together, not for one side."
PIPELINE = "The pipeline of priority projects the financing goes towards, not the financing."

# Every figure section 9, item 1 gives for the six-month financing (both instruments carry them all).
US_AUSTRALIA_FINANCING_REPORTS = [
    {
        "amount": BILLION,
        "currency": "USD",
        "amount_qualifier": AmountQualifier.AT_LEAST,
        "url": CLAYTONUTZ_URL,
        "publisher": "Clayton Utz",
        "note": "From each side, within six months.",
    },
    {
        "amount": BILLION,
        "currency": "USD",
        "amount_qualifier": AmountQualifier.AT_LEAST,
        "url": MANMONTHLY_URL,
        "publisher": "manmonthly.com.au (Australian statement)",
        "note": "From each side, towards a US$8.5bn pipeline, over six months.",
    },
    {
        "amount": BILLION,
        "currency": "USD",
        "amount_qualifier": AmountQualifier.AT_LEAST,
        "url": "https://minerals.org.au/resources/us-australia-framework-to-unlock-usd8-5-billion-critical-minerals-pipeline",
        "publisher": "minerals.org.au (Australian statement)",
        "note": "From each side, towards a US$8.5bn pipeline, over six months.",
    },
    {
        "amount": Decimal("8500000000"),
        "currency": "USD",
        "amount_qualifier": AmountQualifier.EXACT,
        "url": MANMONTHLY_URL,
        "publisher": "manmonthly.com.au (Australian statement)",
        "note": PIPELINE,
    },
    {
        "amount": 3 * BILLION,
        "currency": "USD",
        "amount_qualifier": AmountQualifier.MORE_THAN,
        "url": "https://www.tipranks.com/news/the-fly/president-trump-closes-billion-dollar-deals-with-australia-thefly",
        "publisher": "The White House, quoted at tipranks.com",
        "note": f'"More than $3B together" in six months. {BOTH_SIDES}',
    },
    {
        "amount": 2 * BILLION,
        "currency": "USD",
        "amount_qualifier": AmountQualifier.EXACT,
        "url": CREAMERMEDIA_URL,
        "publisher": "Creamer Media",
        "published_on": D(2025, 10, 21),
        "note": f'Headline: "commit $2bn". {BOTH_SIDES}',
    },
    {
        "amount": 13 * BILLION,
        "currency": "AUD",
        "amount_qualifier": AmountQualifier.EXACT,
        "url": "https://www.danrepacholimp.com/news/speeches/question-time-27-october-2025",
        "publisher": "Minister King, question time of 27 October 2025 (danrepacholimp.com)",
        "note": f'"A$13 billion pipeline". {PIPELINE}',
    },
    {
        "amount": Decimal("8500000000"),
        "currency": "USD",
        "amount_qualifier": AmountQualifier.EXACT,
        "url": (
            "https://newsbite.mooo.com/www.dailytelegraph.com.au/business/resources-minister-madeleine-king-met-us-"
            "navy-boss-while-in-washington/news-story/53de0e03a8629dd00540c5d5fcdfa979"
        ),
        "publisher": "Daily Telegraph mirror (newsbite.mooo.com)",
        "mark": "V-sec",
        "note": f'Written "$US8.5bn ($13bn)". {PIPELINE}',
    },
    {
        "amount": BILLION,
        "currency": "AUD",
        "amount_qualifier": AmountQualifier.EXACT,
        "url": (
            "https://www.hfw.com/insights/australia-and-the-us-sign-framework-for-securing-of-supply-in-the-mining-"
            "and-processing-of-critical-minerals-and-rare-earths"
        ),
        "publisher": "HFW",
        "note": 'Written "AUD1 billion": the currency disagrees with the other sources.',
    },
]


def _side_financing(side: str, party: str, *, was: str | None = None) -> dict:
    """Each side's "at least US$1bn": its own instrument, so totals by payer keep the two apart."""
    entry = {
        "name": f"{side} financing for projects delivering end product to US and Australian buyers",
        "kind": InstrumentKind.LOAN,
        "stages": ["mining", "processing"],
        "description": (
            f"Within six months of signing, {'the United States' if party == 'us' else 'Australia'} takes measures "
            "to provide at least US$1 billion in financing for projects delivering end product to US and "
            "Australian buyers."
        ),
        "amount": BILLION,
        "amount_qualifier": AmountQualifier.AT_LEAST,
        "currency": "USD",
        "payer": party,
        "responsible": party,
        "firmness": Firmness.PLEDGE,
        "notes": (
            'Each side "takes measures to provide" the amount: recorded as a pledge, one instrument per side. The '
            'source says "financing" without naming its form: recorded as loan or debt finance for want of a '
            "general financing kind. " + US_AUSTRALIA_AMOUNTS_NOTE
        ),
        "source": "claytonutz",
        "reported_amounts": US_AUSTRALIA_FINANCING_REPORTS,
    }
    if was:
        entry["was"] = was
    return entry


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
            "EXIM issued seven letters of interest. Minerals named: lithium, nickel, cobalt, graphite, "
            'high-purity alumina, manganese, vanadium "and others", and rare earths.'
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
        {
            "key": "hfw",
            "title": f"Briefing on the US–Australia framework ({NOT_RECORDED})",
            "publisher": "hfw.com",
            "url": (
                "https://www.hfw.com/insights/australia-and-the-us-sign-framework-for-securing-of-supply-in-the-"
                "mining-and-processing-of-critical-minerals-and-rare-earths"
            ),
        },
        {
            "key": "allens",
            "title": f"Briefing on the US–Australia framework ({NOT_RECORDED})",
            "publisher": "allens.com.au",
            "url": (
                "https://www.allens.com.au/insights-news/insights/2025/10/securing-critical-supply-a-milestone-in-"
                "critical-minerals-and-rare-earth-cooperation"
            ),
        },
        {
            "key": "manmonthly",
            "title": f"Report on the US–Australia framework and its projects ({NOT_RECORDED})",
            "publisher": "manmonthly.com.au",
            "url": MANMONTHLY_URL,
        },
        {
            "key": "claytonutz",
            "title": f"Briefing on the US–Australia framework, December 2025 ({NOT_RECORDED})",
            "publisher": "claytonutz.com",
            "url": CLAYTONUTZ_URL,
        },
        {
            "key": "miningmagazine",
            "title": f"Report on the industry's reaction to the framework ({NOT_RECORDED})",
            "publisher": "miningmagazine.com.au",
            "url": "https://miningmagazine.com.au/mining-industry-welcomes-australia-us-critical-minerals-agreement/",
        },
        {
            "key": "creamermedia",
            "title": f"Report on the US–Australia framework ({NOT_RECORDED})",
            "publisher": "Creamer Media",
            "url": CREAMERMEDIA_URL,
            "published_on": D(2025, 10, 21),
        },
        {
            "key": "anews",
            "title": f"Report on the US–Australia framework and its projects ({NOT_RECORDED})",
            "publisher": "anews.com.tr",
            "url": "https://www.anews.com.tr/world/2025/10/21/australia-and-us-sign-framework-for-critical-minerals-rare-earths",
        },
        {
            "key": "whitehouse-factsheet",
            "was": {
                "title": "White House fact sheet on the US–Australia framework (title not recorded in our reference)",
                "publisher": "The White House",
            },
            "title": "White House statement on the US–Australia framework, as quoted by The Fly (title not recorded)",
            "publisher": "The White House, quoted at tipranks.com",
            "url": "https://www.tipranks.com/news/the-fly/president-trump-closes-billion-dollar-deals-with-australia-thefly",
            "language": "en",
        },
        {
            "key": "frecine",
            "title": f"Report on the agreement and its projects valued at US$8.5bn ({NOT_RECORDED})",
            "publisher": "frecine.com",
            "url": (
                "https://www.frecine.com/content/3115-us-and-australia-sign-critical-minerals-agreement-projects-"
                "valued-at-85-billion"
            ),
        },
        {
            "key": "middlenews",
            "title": f"Report on the US$100m for Arafura's Nolans project ({NOT_RECORDED})",
            "publisher": "middle.news",
            "url": (
                "https://www.middle.news/articles/2025/10/20/arafura-secures-us100m-boost-to-advance-nolans-rare-"
                "earths-project"
            ),
            "published_on": D(2025, 10, 20),
        },
        {
            "key": "investing",
            "title": f"Report on US and Australian support for Alcoa's gallium plant ({NOT_RECORDED})",
            "publisher": "investing.com",
            "url": (
                "https://ng.investing.com/news/company-news/us-australia-to-support-alcoas-gallium-plant-development-"
                "in-western-australia-93CH-2154415"
            ),
        },
        {
            "key": "gtreview",
            "title": f"Report on the US EXIM letters of interest ({NOT_RECORDED})",
            "publisher": "gtreview.com",
            "url": "https://www.gtreview.com/?p=118467",
        },
        {
            "key": "adhocnews",
            "title": f"Report on the delay of Arafura's final investment decision [V-sec] ({NOT_RECORDED})",
            "publisher": "ad-hoc-news.de",
            "url": (
                "https://www.ad-hoc-news.de/boerse/news/ueberblick/arafura-s-final-investment-decision-delayed-"
                "despite-strong-financial/68538865"
            ),
            "published_on": D(2026, 2, 9),
        },
        {
            "key": "manmonthly-reserve",
            "title": f"Report on Australia's Critical Minerals Strategic Reserve ({NOT_RECORDED})",
            "publisher": "manmonthly.com.au",
            "url": "https://www.manmonthly.com.au/australia-secures-critical-minerals-supply/",
        },
        {
            "key": "particle",
            "title": f"AI-written summary of the framework [V-sec] ({NOT_RECORDED})",
            "publisher": "particle.news",
            "url": "https://particle.news/story/us-and-australia-seal-critical-minerals-pact-launch-sixmonth-1-billion-push",
        },
        {
            "key": "minerals-council",
            "title": f"Statement on the US–Australia framework and the US$8.5bn pipeline ({NOT_RECORDED})",
            "publisher": "minerals.org.au",
            "url": "https://minerals.org.au/resources/us-australia-framework-to-unlock-usd8-5-billion-critical-minerals-pipeline",
        },
        {
            "key": "king",
            "title": "Question time, 27 October 2025 (Minister Madeleine King)",
            "publisher": "danrepacholimp.com",
            "url": "https://www.danrepacholimp.com/news/speeches/question-time-27-october-2025",
        },
    ],
    "instruments": [
        _side_financing("US", "us", was="Financing for projects delivering end product to US and Australian buyers"),
        _side_financing("Australian", "au"),
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
            "payer": "au",
            "firmness": Firmness.PLEDGE,
            "notes": (
                'Alcoa describes a "non-binding agreement"; definitive agreements are still to be prepared among '
                "the US, Australian and Japanese governments, Alcoa and Sojitz (investing.com): recorded as a pledge."
            ),
            "source": "manmonthly",
            "reported_amounts": [
                {
                    "amount": Decimal("200000000"),
                    "currency": "USD",
                    "amount_qualifier": AmountQualifier.UP_TO,
                    "url": MANMONTHLY_URL,
                    "publisher": "manmonthly.com.au",
                    "note": "Australian equity finance, with offtake rights.",
                },
            ],
        },
        {
            "name": "US equity stake in the Alcoa–Sojitz gallium recovery project",
            "kind": InstrumentKind.EQUITY,
            "stages": ["processing"],
            "minerals": ["gallium"],
            "description": "A US equity stake with offtake rights similar to Australia's; amount not stated.",
            "responsible": "us",
            "payer": "us",
            "firmness": Firmness.PLEDGE,
            "notes": 'Alcoa describes a "non-binding agreement" (investing.com): recorded as a pledge.',
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
            "payer": "au",
            "notes": (
                "Export Finance Australia's approval is conditional, \"subject to due diligence, shareholder "
                'approval, and additional financing" (middle.news), so its firmness is not recorded. The sources '
                'disagree on the qualifier: "US$100m" (manmonthly.com.au) vs "up to US$100m" (middle.news).'
            ),
            "source": "manmonthly",
            "reported_amounts": [
                {
                    "amount": Decimal("100000000"),
                    "currency": "USD",
                    "amount_qualifier": AmountQualifier.EXACT,
                    "url": MANMONTHLY_URL,
                    "publisher": "manmonthly.com.au",
                    "note": "Australian equity investment.",
                },
                {
                    "amount": Decimal("100000000"),
                    "currency": "USD",
                    "amount_qualifier": AmountQualifier.UP_TO,
                    "url": (
                        "https://www.middle.news/articles/2025/10/20/arafura-secures-us100m-boost-to-advance-nolans-"
                        "rare-earths-project"
                    ),
                    "publisher": "middle.news",
                    "published_on": D(2025, 10, 20),
                    "note": "Conditional approval by Export Finance Australia.",
                },
            ],
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
            "payer": "us-exim",
            "firmness": Firmness.LETTER_OF_INTEREST,
            "notes": (
                "Letters of interest are non-binding (gtreview.com), not financing commitments; the form of any "
                "later financing is not stated. Recorded as loan or debt finance for want of a general financing kind."
            ),
            "source": "creamermedia",
            "reported_amounts": [
                {
                    "amount": Decimal("2200000000"),
                    "currency": "USD",
                    "amount_qualifier": AmountQualifier.MORE_THAN,
                    "url": CREAMERMEDIA_URL,
                    "publisher": "Creamer Media",
                    "published_on": D(2025, 10, 21),
                    "note": "Seven letters of interest, over US$2.2bn.",
                },
                {
                    "amount": Decimal("2200000000"),
                    "currency": "USD",
                    "amount_qualifier": AmountQualifier.MORE_THAN,
                    "url": "https://www.gtreview.com/?p=118467",
                    "publisher": "gtreview.com",
                    "note": "Seven letters of interest for more than US$2.2bn; non-binding.",
                },
            ],
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
            "description": (
                "Each side takes measures to provide at least US$1 billion in financing for projects delivering "
                "end product to US and Australian buyers."
            ),
            "commitment_text": "Within six months of signing",
            "offset_months": 6,
            "last_checked_on": REFERENCE_AS_OF,
            "notes": (
                "A commitment of each side: each side's financing is its own instrument (US and Australian "
                "financing), with every figure the sources report. No evidence found in the sources searched (as "
                f"of 2026-12-01) that US$1bn each was provided. {US_AUSTRALIA_AMOUNTS_NOTE}"
            ),
            "source": "claytonutz",
            "evidence": [
                {
                    "occurred_on": D(2025, 10, 20),
                    "summary": (
                        "Export Finance Australia gave conditional approval of up to US$100m equity for Arafura's "
                        "Nolans project, subject to due diligence, shareholder approval and further financing."
                    ),
                    "relation": "related, does not fulfil",
                    "mark": "V",
                    "url": (
                        "https://www.middle.news/articles/2025/10/20/arafura-secures-us100m-boost-to-advance-nolans-"
                        "rare-earths-project"
                    ),
                    "publisher": "middle.news",
                    "note": "Conditional; no source counts it toward the clause.",
                },
                {
                    "occurred_on": D(2025, 10, 20),
                    "summary": (
                        "Alcoa: US and Australian support for the Wagerup gallium plant under a non-binding "
                        "agreement; definitive agreements still to be prepared; FID targeted for 2026."
                    ),
                    "relation": "related, does not fulfil",
                    "mark": "V",
                    "url": (
                        "https://ng.investing.com/news/company-news/us-australia-to-support-alcoas-gallium-plant-"
                        "development-in-western-australia-93CH-2154415"
                    ),
                    "publisher": "investing.com",
                    "note": "Non-binding.",
                },
                {
                    "occurred_on": D(2025, 10, 20),
                    "summary": "US EXIM issued seven letters of interest for more than US$2.2bn.",
                    "relation": "related, does not fulfil",
                    "mark": "V",
                    "url": "https://www.gtreview.com/?p=118467",
                    "publisher": "gtreview.com",
                    "note": "Letters of interest are non-binding.",
                },
                {
                    "occurred_on": D(2026, 1, 12),
                    "summary": "Australia released details of its A$1.2bn Critical Minerals Strategic Reserve.",
                    "relation": "related, does not fulfil",
                    "mark": "V",
                    "url": "https://www.manmonthly.com.au/australia-secures-critical-minerals-supply/",
                    "publisher": "manmonthly.com.au",
                    "note": "A domestic instrument, not described as the US$1bn.",
                },
                {
                    "occurred_on": D(2026, 2, 9),
                    "summary": 'Arafura had no final investment decision; the FID was re-targeted to "H1 2026".',
                    "relation": "related, does not fulfil",
                    "mark": "V-sec",
                    "url": (
                        "https://www.ad-hoc-news.de/boerse/news/ueberblick/arafura-s-final-investment-decision-"
                        "delayed-despite-strong-financial/68538865"
                    ),
                    "publisher": "ad-hoc-news.de",
                    "published_on": D(2026, 2, 9),
                    "note": "Dated by the report (2026-02-09); the event's own date is not stated.",
                },
            ],
        },
        {
            "title": "Convene a Mining, Minerals and Metals Investment Ministerial",
            "description": 'A "Mining, Minerals and Metals Investment Ministerial" to be convened.',
            "commitment_text": "By April 2026",
            "due_on": D(2026, 4, 30),
            "last_checked_on": REFERENCE_AS_OF,
            "notes": (
                'The source says "by April 2026" without a day; the deadline is recorded as the last day of April '
                f"2026. {NO_EVIDENCE_NOTE}"
            ),
            "source": "claytonutz",
        },
        {
            "title": "Response group follow-up meeting",
            "instrument": "Response group led by the US Secretary of Energy and Australia's Minister for Resources",
            "description": "A follow-up meeting of the response group.",
            "commitment_text": "Follow-up meeting set in 180 days",
            "offset_days": 180,
            "last_checked_on": REFERENCE_AS_OF,
            "notes": (
                f"{SECONDARY_NOTE} The clause itself appears only in an AI-written summary (particle.news) and was "
                f"not seen in any other source. {NO_EVIDENCE_NOTE}"
            ),
            "source": "particle",
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
        "notes": (
            f"{ASEAN_TITLE_NOTE} The MoU commences on signature. On 2026-03-05 the trade ministry (MITI) told the "
            "Dewan Negara that the MoU (Areas of Cooperation, Section 3) and the ART joint statement (Article 5.2) "
            "do not affect the technical conditions imposed on Lynas Malaysia. Sources disagree on the raw "
            'rare-earth export ban: the trade agreement "effectively waiv[es]" the January 2024 ban (worldecr.com) '
            'vs Malaysia "will continue to prohibit the export of raw REE" (Minister Arthur Joseph Kurup, '
            "2026-02-05, thestar.com.my). Neither text has a dated commitment."
        ),
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
            "was": {
                "title": f"Report on the signing, 26/27 October 2025 ({NOT_RECORDED})",
                "publisher": "thestar.com.my",
            },
            "title": f"Report on the signing, 26 October 2025 ({NOT_RECORDED})",
            "publisher": "thestar.com.my",
            "url": (
                "https://www.thestar.com.my/news/nation/2025/10/26/us-malaysia-forge-new-path-in-critical-minerals-"
                "cooperation-with-mou"
            ),
            "language": "en",
            "published_on": D(2025, 10, 26),
        },
        {
            "key": "thestar-27",
            "title": f"Report on the signing, 27 October 2025 ({NOT_RECORDED})",
            "publisher": "thestar.com.my",
            "url": "https://www.thestar.com.my/news/nation/2025/10/27/msia-and-us-sign-mou-on-rare-earths",
            "language": "en",
            "published_on": D(2025, 10, 27),
        },
        {
            "key": "worldecr",
            "title": f"Report on the US–Malaysia memorandum ({NOT_RECORDED})",
            "publisher": "worldecr.com",
            "url": "https://www.worldecr.com/?p=2038855",
            "language": "en",
        },
        {
            "key": "thestar-2026",
            "title": f"Report on Malaysia's ban on raw rare-earth exports ({NOT_RECORDED})",
            "publisher": "thestar.com.my",
            "url": (
                "https://www.thestar.com.my/news/nation/2026/02/05/art-doesn039t-compel-malaysia-to-export-rare-"
                "earth-elements-to-us-dewan-rakyat-told"
            ),
            "language": "en",
            "published_on": D(2026, 2, 5),
        },
        {
            "key": "worldecr-waiver",
            "title": f"Report reading the trade agreement as waiving the raw rare-earth export ban ({NOT_RECORDED})",
            "publisher": "worldecr.com",
            "url": "https://www.worldecr.com/?p=2038867",
            "language": "en",
        },
        {
            "key": "malaymail",
            "title": f"Report on MITI's statement on the MoU and the conditions on Lynas ({NOT_RECORDED})",
            "publisher": "malaymail.com",
            "url": (
                "https://www.malaymail.com/news/malaysia/2026/03/05/miti-malaysia-us-minerals-deal-will-not-affect-"
                "conditions-imposed-on-lynas/211385"
            ),
            "language": "en",
            "published_on": D(2026, 3, 5),
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
            "through recycling. The Thai cabinet acknowledged the MoU on 2025-10-28 and stressed that it is "
            "non-binding."
        ),
        "notes": f"{ASEAN_TITLE_NOTE} Neither text has a dated commitment.",
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
            "url": "https://www.nationthailand.com/business/economy/40057366",
            "language": "en",
        },
        {
            "key": "nation-signing",
            "title": f"Report on the signing of the US–Thailand memorandum ({NOT_RECORDED})",
            "publisher": "nationthailand.com",
            "url": "https://www.nationthailand.com/news/general/40057555",
            "language": "en",
        },
        {
            "key": "nation-cabinet",
            "title": f"Report on the cabinet's acknowledgement of the memorandum, 28 October 2025 ({NOT_RECORDED})",
            "publisher": "nationthailand.com",
            "url": "https://www.nationthailand.com/news/general/40057457",
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

KYIV_INDEPENDENT_LAUNCH_URL = (
    "https://kyivindependent.com/ukraine-us-officially-launch-joint-reconstruction-investment-fund"
)
PRAVDA_DFC_URL = "https://www.pravda.com.ua/eng/news/2025/06/5/7515709/"

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
            "natural-resource licences go into it. Needed ratification by Ukraine's parliament: the Verkhovna "
            "Rada voted for ratification on 2025-05-08 with 338 votes."
        ),
        "notes": (
            "Recorded as a treaty because it needed ratification by Ukraine's parliament. Ratification (corrects "
            "version 1's [?]): the Verkhovna Rada voted for it on 2025-05-08 with 338 votes; draft law No. 0309 "
            "was registered on 2025-05-01. Signing date: 30 April 2025 in Washington (Reuters copy, "
            '"Wednesday"; Kyiv Independent) vs 1 May 2025 (babel.ua; Ukrainska Pravda, "On 1 May"); probably '
            "time zones, both kept."
        ),
    },
    "parties": [
        {"party": "us", "role": PartyRole.SIGNATORY, "signed_by": "Treasury Secretary Scott Bessent"},
        {"party": "ua", "role": PartyRole.SIGNATORY, "signed_by": "First Deputy Prime Minister Yulia Svyrydenko"},
    ],
    "minerals": [],
    "stages": [],
    "sources": [
        {
            "key": "qazinform",
            "title": f"Report on the signing ({NOT_RECORDED})",
            "publisher": "qazinform.com",
            "url": (
                "https://qazinform.com/news/us-and-ukraine-establish-reconstruction-fund-focused-on-natural-"
                "resources-719894"
            ),
        },
        {
            "key": "minersnews",
            "title": f"Report on the signing ({NOT_RECORDED})",
            "publisher": "minersnews.net",
            "url": "https://minersnews.net/ukraine-u-s-ink-minerals-deal",
        },
        {
            "key": "pravda-ratification",
            "title": f"Report on the Verkhovna Rada's ratification vote ({NOT_RECORDED})",
            "publisher": "Ukrainska Pravda (pravda.com.ua)",
            "url": "https://www.pravda.com.ua/eng/news/2025/05/8/7511255/",
            "published_on": D(2025, 5, 8),
        },
        {
            "key": "babel",
            "title": f"Report on the ratification ({NOT_RECORDED})",
            "publisher": "babel.ua",
            "url": (
                "https://babel.ua/en/news/117805-the-verkhovna-rada-ratifies-mineral-agreement-between-us-and-ukraine"
            ),
        },
        {
            "key": "interfax-draft-law",
            "title": f"Report on draft law No. 0309, registered 2025-05-01 ({NOT_RECORDED})",
            "publisher": "Interfax-Ukraine (ru.interfax.com.ua)",
            "url": "https://ru.interfax.com.ua/news/general/1068568-amp.html",
            "language": "ru",
        },
        {
            "key": "timeslive",
            "title": f"Reuters report on the planned ratification vote ({NOT_RECORDED})",
            "publisher": "Reuters via timeslive.co.za",
            "url": (
                "https://www.timeslive.co.za/news/world/2025-05-02-ukraine-parliament-to-vote-on-ratifying-us-"
                "minerals-deal-on-may-8-lawmaker/"
            ),
        },
        {
            "key": "kyivindependent-launch",
            "title": f"Report on the official launch of the fund ({NOT_RECORDED})",
            "publisher": "Kyiv Independent",
            "url": KYIV_INDEPENDENT_LAUNCH_URL,
        },
        {
            "key": "pravda-dfc",
            "title": f"Report on the agreements with the US DFC ({NOT_RECORDED})",
            "publisher": "Ukrainska Pravda (pravda.com.ua)",
            "url": PRAVDA_DFC_URL,
        },
        {
            "key": "liga",
            "title": f"Report on Ukraine's aim for the fund's first projects ({NOT_RECORDED})",
            "publisher": "news.liga.net",
            "url": (
                "https://news.liga.net/en/politics/news/ukraine-and-the-us-work-to-ensure-that-the-fund-from-the-"
                "subsoil-deal-can-invest-in-defense"
            ),
        },
        {
            "key": "interfax-aim",
            "title": f"Report on Ukraine's aim for the fund's first projects ({NOT_RECORDED})",
            "publisher": "Interfax-Ukraine (en.interfax.com.ua)",
            "url": "https://en.interfax.com.ua/news/general/1097083.html",
        },
        {
            "key": "carnegie",
            "title": "Six-month progress assessment of the fund (title not recorded in our reference)",
            "publisher": "Carnegie Endowment for International Peace",
            "url": (
                "https://carnegieendowment.org/research/2025/10/the-us-ukraine-reconstruction-investment-fund-a-six-"
                "month-progress-assessment"
            ),
            "published_on": D(2025, 10, 27),
        },
    ],
    "instruments": [
        {
            "name": "Reconstruction Investment Fund",
            "kind": InstrumentKind.EQUITY,
            "description": (
                "A 50/50 fund with a board of three members from each side; 50% of royalties and licence fees "
                "from new natural-resource licences go into it."
            ),
            "notes": (
                "No amount is stated in the agreement. Both sides pay in, so no single payer is recorded. "
                "US$75m paid in by each side (2025, date not stated) is reported by secondary sources only."
            ),
            "source": "qazinform",
            "reported_amounts": [
                {
                    "amount": Decimal("75000000"),
                    "currency": "USD",
                    "amount_qualifier": AmountQualifier.EXACT,
                    "url": "https://italy.news-pravda.com/italy/2025/09/18/283141.html",
                    "publisher": "italy.news-pravda.com",
                    "mark": "V-sec",
                    "note": "Paid in by each side, 2025 (date not stated).",
                },
                {
                    "amount": Decimal("75000000"),
                    "currency": "USD",
                    "amount_qualifier": AmountQualifier.EXACT,
                    "url": (
                        "https://good-time-invest.com/blog/us-ukraine-reconstruction-investment-fund-fully-"
                        "operational-what-changes-for-investors-2026/"
                    ),
                    "publisher": "good-time-invest.com",
                    "mark": "V-sec",
                    "note": "Paid in by each side, 2025 (date not stated).",
                },
            ],
        },
    ],
    "milestones": [
        {
            "title": "Ratification by Ukraine's parliament",
            "description": "The agreement needed ratification by Ukraine's parliament.",
            "deadline_stated": False,
            "notes": "No deadline was stated: met, but neither on time nor late.",
            "source": "pravda-ratification",
            "evidence": [
                {
                    "occurred_on": D(2025, 5, 8),
                    "summary": "The Verkhovna Rada voted for ratification, 338 votes.",
                    "relation": "fulfils",
                    "mark": "V",
                    "url": "https://www.pravda.com.ua/eng/news/2025/05/8/7511255/",
                    "publisher": "Ukrainska Pravda (pravda.com.ua)",
                },
                {
                    "occurred_on": D(2025, 5, 12),
                    "summary": "President Zelensky signed the ratification law.",
                    "relation": "fulfils",
                    "mark": "V",
                    "url": (
                        "https://menafn.com/1109640170/Ukraine-US-In-Talks-On-Launching-Reconstruction-Investment-"
                        "Fund-Before-Year-End"
                    ),
                    "publisher": "menafn.com",
                    "further": [KYIV_INDEPENDENT_LAUNCH_URL],
                    "note": "A domestic step.",
                },
                {
                    "occurred_on": D(2025, 5, 13),
                    "summary": "Two agreements with the US DFC signed to operationalise the fund.",
                    "relation": "related",
                    "mark": "V",
                    "url": PRAVDA_DFC_URL,
                    "publisher": "Ukrainska Pravda (pravda.com.ua)",
                },
                {
                    "occurred_on": D(2025, 5, 23),
                    "summary": 'Svyrydenko received a US diplomatic note: "The Fund is officially launched".',
                    "relation": "fulfils",
                    "mark": "V",
                    "url": KYIV_INDEPENDENT_LAUNCH_URL,
                    "publisher": "Kyiv Independent",
                    "note": "Completion of the procedure.",
                },
            ],
        },
        {
            "title": "The fund's first three projects",
            "instrument": "Reconstruction Investment Fund",
            "description": "Ukraine's stated aim: the fund's first three projects.",
            "commitment_text": "within 18 months",
            "offset_months": 18,
            "anchor": DeadlineAnchor.UNKNOWN,
            "last_checked_on": REFERENCE_AS_OF,
            "notes": (
                "Ukraine's stated aim (Prime Minister Svyrydenko after a 2025-08-05 call with Bessent), not a clause "
                "of the agreement. The sources do not state what the 18 months count from, so three dates are "
                "possible [C]: 2026-10-30 (from signing, 2025-04-30), 2026-11-01 (from 1 May 2025) and 2027-02-05 "
                "(from the 2025-08-05 statement). Recorded with its start as not known, so no deadline is "
                "computed rather than one of the three being picked. No evidence "
                "found in the sources searched (as of 2026-12-01) that three projects were launched. Not loaded "
                "as evidence (no date stated): US$75m paid in by each side in 2025 [V-sec]. Secondary evaluation, "
                "for context: Carnegie, six-month progress assessment, 2025-10-27."
            ),
            "source": "liga",
            "evidence": [
                {
                    "occurred_on": D(2025, 9, 1),
                    "summary": (
                        "Kyiv named the fund's directors; the inaugural board meeting was planned for 3 September "
                        "2025 in Kyiv. The board is 3+3 and decides unanimously."
                    ),
                    "relation": "related",
                    "mark": "V",
                    "url": "https://kyivindependent.com/kyiv-names-directors-for-pivotal-u-s-ukraine-investment-fund",
                    "publisher": "Kyiv Independent",
                    "published_on": D(2025, 9, 1),
                    "note": "Reported on 2025-09-01 as upcoming; that the meeting took place was not seen.",
                },
                {
                    "occurred_on": D(2025, 12, 18),
                    "summary": (
                        "DFC: the fund's second meeting \"reached final consensus necessary to bring the fund to "
                        'full operational status"; first projects to be reviewed in 2026.'
                    ),
                    "relation": "related",
                    "mark": "V",
                    "url": "https://www.globalbankingandfinance.com/ukraine-crisis-us-funding",
                    "publisher": "Reuters via globalbankingandfinance.com",
                },
                {
                    "occurred_on": D(2026, 1, 12),
                    "summary": (
                        "The cabinet chose the Dobra Lithium Holdings JV (TechMet + The Rock Holdings) for the Dobra "
                        "lithium production sharing agreement: at least US$179m (US$12m exploration and audit + "
                        "US$167m mining and beneficiation)."
                    ),
                    "relation": "related",
                    "mark": "V",
                    "url": (
                        "https://www.spglobal.com/energy/en/news-research/latest-news/metals/011226-techmet-rock-"
                        "holdings-jv-wins-rights-for-dobra-lithium-deposit-in-ukraine"
                    ),
                    "publisher": "S&P Global",
                    "note": (
                        "Partly fulfils at most: a production sharing agreement under the minerals deal, not a fund "
                        "investment. Recorded as related."
                    ),
                },
                {
                    "occurred_on": D(2026, 2, 2),
                    "summary": "A US official called three projects in 2026 achievable.",
                    "relation": "related, does not fulfil",
                    "mark": "V",
                    "url": (
                        "https://kyivindependent.com/us-says-3-ukraine-investment-projects-achievable-in-2026-under-"
                        "joint-fund"
                    ),
                    "publisher": "Kyiv Independent",
                },
                {
                    "occurred_on": D(2026, 4, 16),
                    "summary": (
                        '"US-Ukraine recovery investment fund approves first project"; the project is not named; '
                        "over 200 applications under review."
                    ),
                    "relation": "partly fulfils",
                    "mark": "V-sec",
                    "url": "https://good-time-invest.com/blog/us-ukraine-recovery-fund-first-investment/",
                    "publisher": "good-time-invest.com",
                    "published_on": D(2026, 4, 16),
                    "note": "One project, if confirmed. Dated by the report (2026-04-16).",
                },
            ],
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
            "url": (
                "https://ustr.gov/about-us/policy-offices/press-office/press-releases/2023/march/united-states-and-"
                "japan-sign-critical-minerals-agreement"
            ),
            "language": "en",
            "published_on": D(2023, 3, 28),
        },
        {
            "key": "iea",
            "title": "Critical Minerals Policy Tracker, policy 18063",
            "publisher": "International Energy Agency (IEA)",
            "url": "https://origin.iea.org/policies/18063-us-japan-agreement-on-strengthening-critical-minerals-supply-chains",
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
        "notes": (
            "Place of signing not recorded in our reference. No dated commitment was seen in the framework. The "
            "linked company deal (the Maaden–MP Materials term sheet, valid until 2027-03-31) is its own agreement "
            "in this data set."
        ),
    },
    "parties": [
        {"party": "us", "role": PartyRole.SIGNATORY, "signed_by": "Interior Secretary Doug Burgum"},
        {"party": "sa", "role": PartyRole.SIGNATORY, "signed_by": "Energy Minister Prince Abdulaziz bin Salman"},
    ],
    "minerals": ["uranium"],
    "stages": ["intermediate-products"],
    "sources": [
        {
            "key": "aawsat",
            "title": f"Report on the signing ({NOT_RECORDED})",
            "publisher": "aawsat.com",
            "url": (
                "https://english.aawsat.com/business/5210450-saudi-us-partnership-secure-supply-chains-uranium-and-"
                "critical-minerals"
            ),
        },
        {
            "key": "zawya",
            "title": f"Report on the signing ({NOT_RECORDED})",
            "publisher": "zawya.com",
            "url": (
                "https://www.zawya.com/en/economy/gcc/saudi-arabia-us-sign-strategic-framework-to-strengthen-supply-"
                "chains-for-critical-minerals-priex2d1"
            ),
        },
    ],
}

MSP_MEMBERS = ["au", "ca", "ee", "fi", "fr", "de", "in", "it", "jp", "no", "kr", "se", "gb", "us", "eu"]
MSP_JOINED = {
    "in": "Joined June 2023 (a Wikipedia mirror only [V-sec]).",
    "ee": "Joined March 2024 (a Wikipedia mirror only [V-sec]); welcomed at the Toronto principals' meeting.",
}
NEWKERALA_URL = "https://newkerala.com/news/2024/59836.htm"

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
            "(India joined June 2023, Estonia March 2024). Finance Network launched 2024-09-23. Relaunched as "
            "FORGE (Forum on Resource Geostrategic Engagement) on 2026-02-04."
        ),
        "notes": (
            'Announced, not signed: no signing date is recorded. Status "implementing" follows from the '
            "Finance Network launch. Member counts conflict between sources: 14 countries and the EU "
            '(newkerala.com) vs "16 members" (news1global.com) vs "32 partners" (dinero.com.sv) vs Argentina '
            "joined in August 2024, in one Wikipedia mirror only [V-sec]."
        ),
    },
    "parties": [
        {"party": slug, "role": PartyRole.PARTICIPANT, "note": MSP_JOINED.get(slug, "")} for slug in MSP_MEMBERS
    ],
    "minerals": [],
    "stages": [],
    "sources": [
        {
            "key": "newkerala",
            "was": {
                "title": "Minerals Security Partnership: members, announcement and Finance Network launch",
                "publisher": "Minerals Tracker reference notes (primary source not named)",
            },
            "title": f"Report on the MSP's members and its Finance Network ({NOT_RECORDED})",
            "publisher": "newkerala.com",
            "url": NEWKERALA_URL,
            "language": "en",
        },
        {
            "key": "moneycontrol",
            "title": f"State Department media note of 14 June 2022, as quoted in an opinion piece ({NOT_RECORDED})",
            "publisher": "moneycontrol.com",
            "url": (
                "https://www.moneycontrol.com/news/opinion/india-needs-a-strategy-to-secure-rare-earths-value-chain-"
                "to-boost-growth-9361471.html/amp"
            ),
            "language": "en",
        },
        {
            "key": "toronto",
            "title": f"Report on the Toronto principals' meeting, which welcomed Estonia ({NOT_RECORDED})",
            "publisher": "breakingnewsinternational.com",
            "url": "https://breakingnewsinternational.com/world-news/joint-statement-of-the-minerals-security-partnership/",
            "language": "en",
        },
        {
            "key": "wikiwand",
            "title": "Minerals Security Partnership (Wikipedia mirror) [V-sec]",
            "publisher": "wikiwand.com",
            "url": "https://wikiwand.com/en/Minerals_Security_Partnership",
            "language": "en",
        },
        {
            "key": "secureenergy",
            "title": f"Report on the MSP Finance Network meeting ({NOT_RECORDED})",
            "publisher": "secureenergy.org",
            "url": (
                "https://secureenergy.org/minvest-meeting-advances-collaboration-of-global-public-and-private-"
                "financial-institutions-on-critical-mineral-supplies"
            ),
            "language": "en",
        },
    ],
    "instruments": [
        {
            "name": "MSP Finance Network",
            "kind": InstrumentKind.COORDINATION,
            "description": "Finance Network of the Minerals Security Partnership, launched 2024-09-23.",
            "source": "secureenergy",
        },
    ],
    "milestones": [
        {
            "title": "MSP Finance Network launched",
            "instrument": "MSP Finance Network",
            "deadline_stated": False,
            "notes": "No deadline was stated: met, but neither on time nor late.",
            "source": "newkerala",
            "evidence": [
                {
                    "occurred_on": D(2024, 9, 23),
                    "summary": "The MSP Finance Network was launched.",
                    "relation": "fulfils",
                    "mark": "V",
                    "url": NEWKERALA_URL,
                    "publisher": "newkerala.com",
                    "further": [
                        "https://secureenergy.org/minvest-meeting-advances-collaboration-of-global-public-and-"
                        "private-financial-institutions-on-critical-mineral-supplies"
                    ],
                },
            ],
        },
    ],
}

CRMA_PROJECTS_URL = (
    "https://openrijk.nl/en/parlement-eu/europese-commissie/artikel/ip-25-1419/commission-selects-13-strategic-"
    "projects-in-third-countries-to-secure-access-to-raw-materials-and-to-support-local-value-creation"
)
EUCHEMS_URL = "https://www.magazine.euchems.eu/eu-commission-47-strategic-raw-materials-projects-2025/page/2"

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
            "url": "http://www.eurlex.europa.eu/legal-content/EN/TXT/?uri=OJ:L_202401252",
            "language": "en",
            "published_on": D(2024, 5, 3),
        },
        {
            "key": "eurlex-consolidated",
            "title": "Regulation (EU) 2024/1252, consolidated text",
            "publisher": "EUR-Lex",
            "url": "https://eur-lex.europa.eu/eli/reg/2024/1252/2024-05-03",
            "language": "en",
        },
        {
            "key": "euchems",
            "title": f"Report on the Critical Raw Materials Act and its strategic projects ({NOT_RECORDED})",
            "publisher": "euchems.eu",
            "url": EUCHEMS_URL,
            "language": "en",
        },
        {
            "key": "agh",
            "title": f"Article on the 2030 benchmarks ({NOT_RECORDED})",
            "publisher": "wmc.agh.edu.pl",
            "url": "https://wmc.agh.edu.pl/strengthening-europes-strategic-raw-material-capacities",
            "language": "en",
        },
        {
            "key": "resourceeu-qa",
            "title": "RESourceEU questions and answers (European Commission, as reproduced by globalsecurity.org)",
            "publisher": "European Commission, reproduced by globalsecurity.org",
            "url": "http://www.globalsecurity.org/wmd/library/news/russia/2025/12/russia-251203-european-commission04.htm",
            "language": "en",
        },
        {
            "key": "ip-25-1419",
            "title": "Commission press release IP/25/1419 on 13 strategic projects in third countries",
            "publisher": "European Commission, reproduced by openrijk.nl",
            "url": CRMA_PROJECTS_URL,
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
            "deadline_stated": False,
            "notes": "No deadline was stated: met, but neither on time nor late.",
            "source": "euchems",
            "evidence": [
                {
                    "occurred_on": D(2025, 3, 25),
                    "summary": "The first list of 47 strategic projects was adopted.",
                    "relation": "fulfils",
                    "mark": "V",
                    "official": True,
                    "url": CRMA_PROJECTS_URL,
                    "title": "IP/25/1419",
                    "publisher": "European Commission, reproduced by openrijk.nl",
                    "further": [EUCHEMS_URL],
                },
            ],
        },
    ],
}

# --- agreements added for the outcomes of section 7 (one of each outcome, from the reference) ---------------

EXPEDITORS_URL = "https://info.expeditors.com/newsflash/ustr-announces-action-plan-for-critical-minerals-with-eu"
LARSKARLSSON_URL = "http://www.larskarlsson.com/?p=14963"

EU_US_JAPAN_STATEMENT = {
    "slug": "eu-us-japan-critical-minerals-statement-2026",
    "fields": {
        "title": (
            "Joint press statement among the European Commission, the United States Government, and the Japanese "
            "Government following February 4 Critical Minerals Ministerial meeting"
        ),
        "short_title": "EU–US–Japan critical minerals statement",
        "kind": AgreementKind.JOINT_STATEMENT,
        "status": AgreementStatus.SIGNED,
        "legally_binding": False,
        "signed_on": D(2026, 2, 4),
        "signed_at": "Washington",
        "summary": (
            "A joint statement of intent (EC statement 26/323). Instruments: an EU–US Memorandum of Understanding "
            "(projects in mining, refining, processing and recycling; prevention of supply disruptions; research "
            "and innovation; exchange of information on stockpiling); Action Plans; a possible plurilateral trade "
            'initiative with "border-adjusted price floors, standards-based markets, price gap subsidies, or '
            "offtake-agreements\". State leads the US side of the MoU; USTR leads the Action Plan. Japan's side is "
            "covered by the October 2025 US–Japan framework."
        ),
        "notes": (
            'Title of the later plan [V-sec]: "United States-European Union Action Plan for Critical Minerals '
            'Supply Chain Resilience". The statement says the US–Japan framework was signed on 27 October 2025; '
            "other sources say 28 October (see that framework)."
        ),
    },
    "parties": [
        {"party": "eu", "role": PartyRole.PARTICIPANT, "note": "The European Commission."},
        {"party": "us", "role": PartyRole.PARTICIPANT},
        {"party": "jp", "role": PartyRole.PARTICIPANT},
    ],
    "minerals": [],
    "stages": ["mining", "processing", "recycling"],
    "sources": [
        {
            "key": "ec",
            "title": EC_STATEMENT_TITLE,
            "publisher": "European Commission, reproduced by openrijk.nl",
            "url": EC_STATEMENT_URL,
            "language": "en",
        },
        {
            "key": "expeditors",
            "title": f"Newsflash on the USTR's Action Plan with the EU [V-sec] ({NOT_RECORDED})",
            "publisher": "Expeditors",
            "url": EXPEDITORS_URL,
            "language": "en",
        },
        {
            "key": "larskarlsson",
            "title": f"EU-side post on the signing of the EU–US MoU [V-sec] ({NOT_RECORDED})",
            "publisher": "larskarlsson.com",
            "url": LARSKARLSSON_URL,
            "language": "en",
        },
        {
            "key": "thedeepdive",
            "title": f"Report on the EU–US–Japan critical minerals MoU ({NOT_RECORDED})",
            "publisher": "thedeepdive.ca",
            "url": "https://thedeepdive.ca/eu-us-japan-critical-minerals-mou",
            "language": "en",
        },
    ],
    "instruments": [
        {
            "name": "EU–US Memorandum of Understanding on critical minerals",
            "kind": InstrumentKind.COORDINATION,
            "stages": ["mining", "processing", "recycling"],
            "description": (
                "Projects in mining, refining, processing and recycling; prevention of supply disruptions; research "
                "and innovation; exchange of information on stockpiling."
            ),
            "notes": "State leads the US side of the MoU.",
            "source": "ec",
        },
        {
            "name": "Action Plans with the Commission and Japan",
            "kind": InstrumentKind.COORDINATION,
            "description": "USTR is to develop Action Plans with the Commission and Japan.",
            "responsible": "us",
            "source": "ec",
        },
        {
            "name": "Possible plurilateral trade initiative",
            "kind": InstrumentKind.TRADE_MEASURE,
            "description": (
                'A possible plurilateral trade initiative with "border-adjusted price floors, standards-based '
                'markets, price gap subsidies, or offtake-agreements".'
            ),
            "source": "ec",
        },
    ],
    "milestones": [
        {
            "title": "Conclude an EU–US Memorandum of Understanding",
            "instrument": "EU–US Memorandum of Understanding on critical minerals",
            "description": "Conclude a Memorandum of Understanding between the European Union and the United States.",
            "commitment_text": "a commitment within the next 30 days",
            "offset_days": 30,
            "notes": (
                "Due 2026-03-06 [C: 2026-02-04 + 30 days]. Met late, 49 days after the due date, on secondary "
                "evidence only."
            ),
            "source": "ec",
            "evidence": [
                {
                    "occurred_on": D(2026, 4, 24),
                    "summary": (
                        'USTR announced the "United States-European Union Action Plan for Critical Minerals Supply '
                        'Chain Resilience", to "serve as the primary U.S.-EU mechanism to coordinate trade policies '
                        '… with a view to concluding a binding plurilateral agreement".'
                    ),
                    "relation": "related",
                    "mark": "V-sec",
                    "url": EXPEDITORS_URL,
                    "publisher": "Expeditors (newsflash)",
                    "further": [
                        "USTR release as linked there: https://ustr.gov/about/policy-offices/press-office/press-"
                        "releases/2026/april/ambassador-jamieson-greer-announces-united-states-european-union-action-"
                        "plan-critical-minerals",
                        "Action Plan PDF as linked there: https://ustr.gov/sites/default/files/files/Press/Releases/"
                        "2026/U.S.-EU%20Critical%20Minerals%20Action%20Plan.pdf",
                    ],
                    "note": (
                        "The Action Plan is the second component; the clause is about the MoU. A newsflash that "
                        "quotes and links the USTR release; the USTR pages were not read."
                    ),
                },
                {
                    "occurred_on": D(2026, 4, 24),
                    "summary": (
                        'An EU-side post says the EU and US "signed a Memorandum of Understanding on a strategic '
                        "partnership for critical minerals (the 16th bilateral instrument on critical raw "
                        'materials)".'
                    ),
                    "relation": "fulfils",
                    "mark": "V-sec",
                    "url": LARSKARLSSON_URL,
                    "publisher": "larskarlsson.com",
                    "note": (
                        'Fulfils, late. The post says "Today" and its date is not shown in the excerpt seen: dated '
                        "to the day of the Action Plan (2026-04-24), as the reference does."
                    ),
                },
            ],
        },
    ],
}

G7_CMAP = {
    "slug": "g7-critical-minerals-action-plan-2025",
    "fields": {
        "title": "G7 Critical Minerals Action Plan",
        "short_title": "G7 Critical Minerals Action Plan",
        "kind": AgreementKind.JOINT_STATEMENT,
        "status": AgreementStatus.SIGNED,
        "signed_on": D(2025, 6, 17),
        "signed_at": "G7 summit, Kananaskis",
        "summary": (
            "A leaders' statement launched by G7 leaders at the Kananaskis summit on 2025-06-17. It builds on the "
            "2023 Five-Point Plan and includes a roadmap for standards-based markets."
        ),
        "notes": (
            'US endorsement is disputed: launched by "G7 leaders" including the US (Kyodo, June 2025, no URL found '
            '[V-sec]) vs the Reuters draft "not yet approved by U.S. President Donald Trump" (gulftoday.ae). Our '
            "reference does not list the G7's members, so the G7 is recorded as one participant."
        ),
    },
    "parties": [{"party": "g7", "role": PartyRole.PARTICIPANT}],
    "minerals": [],
    "stages": [],
    "sources": [
        {
            "key": "iom3",
            "title": f"Report on the launch of the G7 Critical Minerals Action Plan ({NOT_RECORDED})",
            "publisher": "IOM3 (iom3.org)",
            "url": "https://www.iom3.org/resource/g7-leaders-launch-critical-minerals-action-plan.html",
            "language": "en",
        },
        {
            "key": "argus",
            "title": f"Report on the G7's critical minerals strategy ({NOT_RECORDED})",
            "publisher": "Argus Media",
            "url": (
                "https://www.argusmedia.com/en/news-and-insights/latest-market-news/2700495-g7-sets-strategy-for-"
                "critical-minerals-supply"
            ),
            "language": "en",
        },
        {
            "key": "canadianminingjournal",
            "title": f"Report on Canada's critical-minerals measures and the roadmap ({NOT_RECORDED})",
            "publisher": "Canadian Mining Journal",
            "url": (
                "https://www.canadianminingjournal.com/news/digging-deep-canadas-6-4b-push-for-critical-minerals-"
                "dominance/"
            ),
            "language": "en",
        },
        {
            "key": "miragenews",
            "title": "Roadmap to Promote Standards-Based Markets for Critical Minerals (text as reproduced)",
            "publisher": "Government of Canada, reproduced by miragenews.com",
            "url": "https://www.miragenews.com/ca-unveils-plan-for-standards-based-critical-1562141",
            "language": "en",
        },
        {
            "key": "ksapa",
            "title": f"Article dating the roadmap to October 2025 [V-sec] ({NOT_RECORDED})",
            "publisher": "ksapa.org",
            "url": "https://ksapa.org/strategic-supply-chains-need-a-shared-value-reset/",
            "language": "en",
        },
        {
            "key": "gulftoday",
            "title": f"Reuters report on the draft strategy ({NOT_RECORDED})",
            "publisher": "Reuters via gulftoday.ae",
            "url": (
                "https://www.gulftoday.ae/business/2025/06/16/g7-leaders-agree-on-strategy-to-protect-critical-"
                "mineral-supply"
            ),
            "language": "en",
            "published_on": D(2025, 6, 16),
        },
    ],
    "instruments": [
        {
            "name": "Roadmap to Promote Standards-Based Markets for Critical Minerals",
            "kind": InstrumentKind.STANDARDS,
            "description": "A roadmap for standards-based markets, setting out milestones.",
            "source": "iom3",
        },
    ],
    "milestones": [
        {
            "title": "Roadmap setting out milestones",
            "instrument": "Roadmap to Promote Standards-Based Markets for Critical Minerals",
            "description": (
                'Relevant ministers to produce the roadmap, "setting out milestones to be met in fulfilling this '
                'commitment".'
            ),
            "commitment_text": "before the end of the year",
            "due_on": D(2025, 12, 31),
            "notes": (
                '"We task relevant ministers to produce this roadmap, setting out milestones to be met in '
                'fulfilling this commitment, before the end of the year." Due 2025-12-31 [C: "before the end of '
                'the year" = 31 December of that year].'
            ),
            "source": "iom3",
            "evidence": [
                {
                    "occurred_on": D(2025, 10, 31),
                    "summary": (
                        'Canada "launched the Roadmap to Promote Standards-Based Markets for Critical Minerals", '
                        "reported with the G7 energy ministers' meeting in Toronto."
                    ),
                    "relation": "fulfils",
                    "mark": "V",
                    "url": (
                        "https://www.canadianminingjournal.com/news/digging-deep-canadas-6-4b-push-for-critical-"
                        "minerals-dominance/"
                    ),
                    "publisher": "Canadian Mining Journal",
                    "further": [
                        "roadmap text (undated in the excerpt seen): "
                        "https://www.miragenews.com/ca-unveils-plan-for-standards-based-critical-1562141",
                        "issued October 2025 [V-sec]: https://ksapa.org/strategic-supply-chains-need-a-shared-value-reset/",
                    ],
                },
            ],
        },
    ],
}

TOKYO_DECLARATION = {
    "slug": "japan-central-asia-tokyo-declaration-2025",
    "fields": {
        "title": "Tokyo Declaration",
        "short_title": "Japan–Central Asia Tokyo Declaration",
        "kind": AgreementKind.JOINT_STATEMENT,
        "status": AgreementStatus.SIGNED,
        "signed_on": D(2025, 12, 20),
        "signed_at": "Tokyo",
        "summary": (
            "Joint leaders' declaration of the first summit of the Central Asia plus Japan Dialogue (CA+JAD): a "
            "target of ¥3tn in business projects over five years; cooperation on critical-minerals supply chains; "
            "the Trans-Caspian International Transport Route; a Japan–Central Asia AI partnership; more than 150 "
            "public and private documents signed."
        ),
        "notes": (
            "Summit date: 20 December 2025 (news.az) vs a two-day summit through Saturday, 19–20 December (Jiji); "
            "both can be true, and the declaration is recorded as of 2025-12-20. The amount conflicts in one "
            "source: ¥3tn vs ¥30tn [V-sec]. Not loaded: Japan's first gallium import from Kazakhstan [V-sec; no "
            "URL found]."
        ),
    },
    "parties": [
        {"party": "jp", "role": PartyRole.PARTICIPANT, "note": "Prime Minister Takaichi."},
        {"party": "kz", "role": PartyRole.PARTICIPANT, "note": "President Tokayev."},
        {"party": "kg", "role": PartyRole.PARTICIPANT, "note": "President Japarov."},
        {"party": "tj", "role": PartyRole.PARTICIPANT, "note": "President Rahmon."},
        {"party": "tm", "role": PartyRole.PARTICIPANT, "note": "President Berdimuhamedov."},
        {"party": "uz", "role": PartyRole.PARTICIPANT, "note": "President Mirziyoyev."},
    ],
    "minerals": [],
    "stages": [],
    "sources": [
        {
            "key": "aa",
            "title": f"Live report on the summit's initiatives, including on critical minerals ({NOT_RECORDED})",
            "publisher": "Anadolu Agency (aa.com.tr)",
            "url": (
                "https://www.aa.com.tr/en/live/japan-5-central-asian-countries-announce-new-initiatives-including-"
                "on-critical-minerals/3776673"
            ),
            "language": "en",
        },
        {
            "key": "newsaz",
            "title": f"Report on the summit ({NOT_RECORDED})",
            "publisher": "news.az",
            "url": "https://news.az/news/japan-central-asian-nations-seek-stable-supply-of-resources",
            "language": "en",
        },
        {
            "key": "adnkronos",
            "title": f"Jiji report on the two-day summit ({NOT_RECORDED})",
            "publisher": "Jiji via english.adnkronos.com",
            "url": "https://english.adnkronos.com/2025/12/20/japan-5-central-asian-nations-agree-to-strengthen-ties",
            "language": "en",
            "published_on": D(2025, 12, 20),
        },
        {
            "key": "hurriyet",
            "title": f"Report quoting the joint statement's business target ({NOT_RECORDED})",
            "publisher": "hurriyetdailynews.com",
            "url": "https://www.hurriyetdailynews.com/japan-sets-19-billion-business-target-in-central-asia-217015",
            "language": "en",
        },
    ],
    "instruments": [
        {
            "name": "¥3tn in business projects over five years",
            "kind": InstrumentKind.LOAN,
            "description": "A target of ¥3tn in business projects over five years.",
            "amount": Decimal("3000000000000"),
            "amount_qualifier": AmountQualifier.EXACT,
            "currency": "JPY",
            "firmness": Firmness.TARGET,
            "notes": (
                "A target. Who puts up the money and in what form is not stated: recorded as loan or debt finance "
                "for want of a general investment kind, with no payer. One source gives ¥30tn [V-sec]."
            ),
            "source": "hurriyet",
            "reported_amounts": [
                {
                    "amount": Decimal("3000000000000"),
                    "currency": "JPY",
                    "amount_qualifier": AmountQualifier.EXACT,
                    "url": "https://www.hurriyetdailynews.com/japan-sets-19-billion-business-target-in-central-asia-217015",
                    "publisher": "hurriyetdailynews.com (joint statement)",
                    "note": "Over five years.",
                },
                {
                    "amount": Decimal("3000000000000"),
                    "currency": "JPY",
                    "amount_qualifier": AmountQualifier.EXACT,
                    "url": (
                        "https://www.aa.com.tr/en/live/japan-5-central-asian-countries-announce-new-initiatives-"
                        "including-on-critical-minerals/3776673"
                    ),
                    "publisher": "Anadolu Agency (aa.com.tr)",
                    "note": "Over five years.",
                },
                {
                    "amount": Decimal("30000000000000"),
                    "currency": "JPY",
                    "amount_qualifier": AmountQualifier.EXACT,
                    "url": "https://redcensor.com/94943",
                    "publisher": "redcensor.com",
                    "mark": "V-sec",
                    "note": "¥30tn: ten times the figure of the other sources.",
                },
            ],
        },
        {
            "name": "Cooperation on critical-minerals supply chains",
            "kind": InstrumentKind.COORDINATION,
            "description": "Cooperation on critical-minerals supply chains.",
            "source": "aa",
        },
    ],
    "milestones": [
        {
            "title": "¥3tn in business projects",
            "instrument": "¥3tn in business projects over five years",
            "description": "A target of ¥3tn in business projects over five years.",
            "commitment_text": "over five years",
            "offset_months": 60,
            "notes": "Due 2030-12-20 [C: 2025-12-20 + 5 years]. A target; not yet due.",
            "source": "aa",
        },
    ],
}

CHEMRADAR_ANN70_URL = "https://www.chemradar.com/en/news/detail/f3s7t2oy9qf4"

CHINA_ANNOUNCEMENT_70 = {
    "slug": "china-mofcom-gac-announcement-70-2025",
    "fields": {
        "title": "MOFCOM/GAC Announcement No. 70 of 2025: suspension of Announcements 55–58 and 61–62",
        "short_title": "China's suspension of its October 2025 export controls (Ann. 70)",
        "kind": AgreementKind.LAW,
        "status": AgreementStatus.SIGNED,
        "signed_on": D(2025, 11, 7),
        "entered_into_force_on": D(2025, 11, 7),
        "summary": (
            "China's Ministry of Commerce (MOFCOM) and General Administration of Customs (GAC) suspend the export "
            'controls of their announcements of 2025-10-09 "effective immediately until November 10, 2026": Ann. '
            "55 (superhard materials), 56 (rare-earth equipment and raw and auxiliary materials), 57 (medium and "
            "heavy rare earths: holmium, erbium, thulium, europium, ytterbium), 58 (lithium batteries, cathode and "
            "graphite anode materials), and MOFCOM's 61 (overseas rare-earth items; 0.1% de minimis rule; foreign "
            "direct product rule) and 62 (rare-earth technologies). The legal framework stays in place during the "
            "suspension."
        ),
        "notes": (
            "A unilateral measure under the Export Control Law and the dual-use regulation; recorded as a law. "
            "Status recorded as signed (issued): whether the suspension lapsed, was extended or was re-imposed "
            "after 10 November 2026 is not known. Sources disagree on the easing: MOFCOM suspended only the "
            'October 2025 measures vs the White House\'s "general licenses" for rare earths, gallium, germanium, '
            'antimony and graphite (rawmaterials.net); and "suspended until 10 November 2026" (MOFCOM) vs "will '
            'now take effect on November 10, 2026" [V-sec] (steelradar.com). Earlier controls (August 2023 '
            "gallium and germanium; April 2025 samarium, gadolinium, terbium, dysprosium, lutetium, scandium, "
            "yttrium) are not suspended."
        ),
    },
    "parties": [
        {
            "party": "cn",
            "role": PartyRole.SIGNATORY,
            "signed_by": "Ministry of Commerce (MOFCOM) and General Administration of Customs (GAC)",
        },
    ],
    "minerals": ["rare-earths", "heavy-rare-earths", "lithium", "graphite"],
    "stages": ["mining", "processing", "intermediate-products", "recycling"],
    "sources": [
        {
            "key": "chemradar-70",
            "title": f"MOFCOM/GAC Announcement No. 70 of 2025, as reported ({NOT_RECORDED})",
            "publisher": "chemradar.com",
            "url": CHEMRADAR_ANN70_URL,
            "language": "en",
        },
        {
            "key": "chemradar-october",
            "title": f"Report on the export controls of 9 October 2025 ({NOT_RECORDED})",
            "publisher": "chemradar.com",
            "url": "https://www.chemradar.com/en/news/detail/f1la2toi5p1c",
            "language": "en",
        },
        {
            "key": "sscollege",
            "title": f"Report on the export controls of 9 October 2025 ({NOT_RECORDED})",
            "publisher": "sscollege.cn",
            "url": "http://www.sscollege.cn/en/news/44800.html",
            "language": "en",
        },
        {
            "key": "pillsbury",
            "title": f"Briefing on China's suspension of export controls on critical-minerals items ({NOT_RECORDED})",
            "publisher": "Pillsbury Winthrop Shaw Pittman",
            "url": (
                "https://www.pillsburylaw.com/en/news-and-insights/china-suspends-export-controls-certain-critical-"
                "minerals-related-items.html"
            ),
            "language": "en",
        },
        {
            "key": "rawmaterials",
            "title": f"Report on China's suspension of the October export tightening ({NOT_RECORDED})",
            "publisher": "rawmaterials.net",
            "url": "https://rawmaterials.net/china-officially-suspends-october-export-tightening",
            "language": "en",
        },
        {
            "key": "steelradar",
            "title": f"Report that the restrictions take effect on 10 November 2026 [V-sec] ({NOT_RECORDED})",
            "publisher": "steelradar.com",
            "url": "https://www.steelradar.com/en/haber/china-postpones-rare-earth-export-restrictions-by-one-year",
            "language": "en",
        },
        {
            "key": "geopolitechs",
            "title": f"Report on Announcement No. 1 of 2026 ({NOT_RECORDED})",
            "publisher": "geopolitechs.org",
            "url": "https://www.geopolitechs.org/p/china-plans-to-reimpose-rare-earth",
            "language": "en",
        },
        {
            "key": "benchmark",
            "title": f"Report on the listing of 10 US entities ({NOT_RECORDED})",
            "publisher": "Benchmark Mineral Intelligence",
            "url": (
                "https://source.benchmarkminerals.com/article/china-targets-us-rare-earth-and-defence-linked-entities-"
                "with-dual-use-export-ban"
            ),
            "language": "en",
        },
    ],
    "instruments": [
        {
            "name": "Suspension of the export controls of Announcements 55–58 and 61–62",
            "kind": InstrumentKind.TRADE_MEASURE,
            "minerals": ["rare-earths", "heavy-rare-earths", "lithium", "graphite"],
            "description": "The export controls of 9 October 2025, suspended until 10 November 2026.",
            "responsible": "cn",
            "source": "chemradar-70",
        },
    ],
    "milestones": [
        {
            "title": "Suspension of the October 2025 export controls ends",
            "kind": MilestoneKind.EXPIRY,
            "instrument": "Suspension of the export controls of Announcements 55–58 and 61–62",
            "description": "The suspension of Announcements 55–58 and 61–62 runs until 10 November 2026.",
            "commitment_text": "effective immediately until November 10, 2026",
            "due_on": D(2026, 11, 10),
            "last_checked_on": REFERENCE_AS_OF,
            "notes": (
                "Expiry passed; no evidence found in the sources searched (as of 2026-12-01) of lapse, extension "
                "or re-imposition. Related events, not about the expiry: on 2026-01-06 Ann. 1/2026 banned exports "
                "of all dual-use items to Japanese military end users and uses (geopolitechs.org); on 2026-06-22 "
                "MOFCOM added 10 US entities, including MP Materials and USA Rare Earth, to its export-control list "
                "(benchmarkminerals.com)."
            ),
            "source": "chemradar-70",
        },
    ],
}

CHINA_ANNOUNCEMENT_72 = {
    "slug": "china-mofcom-announcement-72-2025",
    "fields": {
        "title": "MOFCOM Announcement No. 72 of 2025: suspension of clause 2 of Announcement No. 46 of 2024",
        "short_title": "China's suspension of its 2024 export ban to the US (Ann. 72)",
        "kind": AgreementKind.LAW,
        "status": AgreementStatus.SIGNED,
        "signed_on": D(2025, 11, 9),
        "summary": (
            "China's Ministry of Commerce suspends until 27 November 2026 clause 2 of its Announcement No. 46 of "
            '2024: gallium, germanium, antimony and superhard items to the US "not to be permitted in principle", '
            "and stricter end-use checks on graphite."
        ),
        "notes": (
            "A unilateral measure; recorded as a law. Status recorded as signed (issued): whether the suspension "
            "lapsed, was extended or was re-imposed after 27 November 2026 is not known."
        ),
    },
    "parties": [{"party": "cn", "role": PartyRole.SIGNATORY, "signed_by": "Ministry of Commerce (MOFCOM)"}],
    "minerals": ["gallium", "germanium", "antimony", "graphite"],
    "stages": [],
    "sources": [
        {
            "key": "pakistantoday",
            "title": f"Report on the suspension of control measures on dual-use exports to the US ({NOT_RECORDED})",
            "publisher": "pakistantoday.com.pk",
            "url": (
                "https://www.pakistantoday.com.pk/2025/11/09/china-suspends-part-of-control-measures-on-dual-use-"
                "items-export-to-us/"
            ),
            "language": "en",
            "published_on": D(2025, 11, 9),
        },
        {
            "key": "gvw",
            "title": f"Briefing on China's export controls, giving the announcement's number ({NOT_RECORDED})",
            "publisher": "GvW Graf von Westphalen",
            "url": "https://www.gvw.com/en/news/blog/detail/china-export-control-update",
            "language": "en",
        },
        {
            "key": "clarkhill",
            "title": f"Briefing on China's pause of its rare-earth export controls ({NOT_RECORDED})",
            "publisher": "Clark Hill",
            "url": (
                "https://www.clarkhill.com/news-events/news/china-hits-pause-on-rare-earth-export-controls-and-what-"
                "it-means-for-supply-chains"
            ),
            "language": "en",
        },
    ],
    "instruments": [
        {
            "name": "Suspension of clause 2 of Announcement No. 46 of 2024",
            "kind": InstrumentKind.TRADE_MEASURE,
            "minerals": ["gallium", "germanium", "antimony", "graphite"],
            "description": (
                'Gallium, germanium, antimony and superhard items to the US "not to be permitted in principle"; '
                "stricter graphite end-use checks: suspended until 27 November 2026."
            ),
            "responsible": "cn",
            "source": "pakistantoday",
        },
    ],
    "milestones": [
        {
            "title": "Suspension of clause 2 of Announcement No. 46 of 2024 ends",
            "kind": MilestoneKind.EXPIRY,
            "instrument": "Suspension of clause 2 of Announcement No. 46 of 2024",
            "description": "The suspension runs until 27 November 2026.",
            "due_on": D(2026, 11, 27),
            "last_checked_on": REFERENCE_AS_OF,
            "notes": (
                "Expiry passed; no evidence found in the sources searched (as of 2026-12-01) of lapse, extension "
                "or re-imposition."
            ),
            "source": "pakistantoday",
        },
    ],
}

ZAWYA_MAADEN_URL = (
    "https://www.zawya.com/en/projects/mining/maaden-signs-pact-to-explore-setting-up-rare-earth-refining-facility-"
    "in-saudi-arabia-ucv8n6q5"
)

MAADEN_TERM_SHEET = {
    "slug": "maaden-mp-materials-term-sheet-2025",
    "fields": {
        "title": (
            "Binding term sheet between Saudi Arabian Mining Company (Maaden), MP Materials Corp and Mountain JV, LLC"
        ),
        "short_title": "Maaden–MP Materials rare-earth term sheet",
        "kind": AgreementKind.PARTNERSHIP,
        "status": AgreementStatus.SIGNED,
        "legally_binding": True,
        "signed_on": D(2025, 11, 19),
        "summary": (
            "A binding term sheet linked to the US–Saudi Arabia framework, subject to conditions precedent "
            "including corporate and regulatory approvals. The parties will negotiate an advisory agreement "
            "(bankable feasibility study for the Jabal Sayid mine), a technical services agreement (feasibility "
            "study for the processing facility) and a shareholders' agreement; Maaden is to operate the facility. "
            "Rare earths: separated light and heavy rare-earth oxides. Valid until 31 March 2027."
        ),
        "notes": (
            "A company agreement, recorded as a partnership for want of a company-agreement kind. Mountain JV is "
            "MP Materials and the US Department of War. Shares are described differently: Maaden 51%, Mountain "
            'JV 49% (Maaden statement, zawya.com) vs Maaden "no less than 51%", MP and the Pentagon sharing 49% '
            "(MP statement as reported at mitrade.com [V-sec]). Not loaded: that the Department of War finances "
            "the US share on a non-recourse basis (from earlier notes; not in the excerpt seen)."
        ),
    },
    "parties": [
        {"party": "maaden", "role": PartyRole.SIGNATORY},
        {"party": "mp-materials", "role": PartyRole.SIGNATORY},
        {"party": "mountain-jv", "role": PartyRole.SIGNATORY, "note": "MP Materials and the US Department of War."},
    ],
    "minerals": ["rare-earths", "light-rare-earths", "heavy-rare-earths"],
    "stages": ["mining", "processing"],
    "sources": [
        {
            "key": "zawya-maaden",
            "title": f"Report on Maaden's pact to explore a rare-earth refining facility ({NOT_RECORDED})",
            "publisher": "zawya.com",
            "url": ZAWYA_MAADEN_URL,
            "language": "en",
        },
        {
            "key": "zawya-mp",
            "title": f"Report on MP Materials' rare-earth refining JV with Maaden ({NOT_RECORDED})",
            "publisher": "zawya.com",
            "url": (
                "https://www.zawya.com/en/business/investment/mp-materials-to-form-rare-earth-refining-jv-with-saudi-"
                "arabian-mining-company-tdur8wdv"
            ),
            "language": "en",
        },
        {
            "key": "mubasher",
            "title": "Maaden's exchange disclosure of the binding term sheet",
            "publisher": "english.mubasher.info",
            "url": (
                "https://english.mubasher.info/news/4526346/Saudi-Arabian-Mining-Company-Maaden-announces-entering-"
                "into-a-binding-term-sheet-with-MP-Materials-Corp-and-Mountain-JV-LLC"
            ),
            "language": "en",
            "published_on": D(2025, 11, 19),
        },
        {
            "key": "mitrade",
            "title": f"Report of MP Materials' statement on the shares [V-sec] ({NOT_RECORDED})",
            "publisher": "mitrade.com",
            "url": "https://www.mitrade.com/au/insights/news/live-news/article-3-1279786-20251120",
            "language": "en",
        },
    ],
    "milestones": [
        {
            "title": "Term sheet valid until 31 March 2027",
            "kind": MilestoneKind.EXPIRY,
            "description": "The binding term sheet is valid until 31 March 2027.",
            "commitment_text": "valid until 31 March 2027",
            "due_on": D(2027, 3, 31),
            "source": "zawya-maaden",
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
    EU_US_JAPAN_STATEMENT,
    G7_CMAP,
    TOKYO_DECLARATION,
    CHINA_ANNOUNCEMENT_70,
    CHINA_ANNOUNCEMENT_72,
    MAADEN_TERM_SHEET,
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
