"""Content of the SYNTHETIC companion papers (data only; corpus/build.py lays it out).

None of this is a real board paper. The text imitates the way UK Local
Safeguarding Children Boards wrote between 2011 and 2015 so that search,
table and metadata code can be tested on recurring themes across years and
agencies. People named here are invented. Do not quote these papers.

Each paper is a dict with the fields of ``build.Paper``; ``blocks`` uses the
block tuples documented in build.py. Table dicts take: caption, kind, agency,
header, rows, widths (fractions), ruled, repeat_header, split_in_row.
"""

from __future__ import annotations

from typing import Any

TRI = ["Hammersmith and Fulham", "Kensington and Chelsea", "Westminster"]
TRI_BOARD = "Tri-borough LSCB"
KC_BOARD = "Kensington and Chelsea LSCB"
HF_BOARD = "Hammersmith and Fulham LSCB"
WCC_BOARD = "Westminster LSCB"

RISK_HEADER = [
    "Risk",
    "What is being done to reduce the risk?",
    "What support can the LSCB provide to reduce the risk?",
    "Recommended actions for tri-borough LSCB annual plan",
]
STRENGTH_HEADER = [
    "Strengths",
    "How is this evidenced / captured",
    "Can we promote this and how?",
    "Recommended actions for tri-borough LSCB annual plan",
]
ACCOUNTS_HEADER = ["Item", "\u00a3", "Notes"]


def stocktake(
    agency: str,
    risks: list[list[str]],
    strengths: list[list[str]],
    *,
    caption_prefix: str = "",
    **layout: Any,
) -> list[tuple[Any, ...]]:
    """An agency heading followed by its Risk table and its Strengths table."""
    blocks: list[tuple[Any, ...]] = [("h", 2, agency)]
    for kind, header, rows, label in (
        ("stocktake-risk", RISK_HEADER, risks, "risks"),
        ("stocktake-strength", STRENGTH_HEADER, strengths, "strengths"),
    ):
        caption = f"{caption_prefix}{agency} \u2013 {label}"
        spec = {"caption": caption, "agency": agency, "kind": kind, "header": [header]}
        spec.update(rows=rows, **layout)
        blocks.append(("table", spec))
    return blocks


def accounts(caption: str, rows: list[list[str]], **layout: Any) -> tuple[Any, ...]:
    spec = {"caption": caption, "kind": "accounts", "header": [ACCOUNTS_HEADER], "rows": rows}
    spec.update(widths=[0.4, 0.15, 0.45], **layout)
    return ("table", spec)


def table(caption: str, kind: str, header: list[str], rows: list[list[str]], **layout: Any):
    spec = {"caption": caption, "kind": kind, "header": [header], "rows": rows}
    spec.update(layout)
    return ("table", spec)


# ---------------------------------------------------------------------------
# Recurring stock-take rows (the same risks return across years and agencies)
# ---------------------------------------------------------------------------

HOUSING_RISK = [
    "Changes to housing benefit and the overall benefit cap are placing families under financial "
    "stress; some households are being placed in temporary accommodation out of borough, away "
    "from schools, GPs and the services that know them.",
    "Housing Options officers identify affected families early and share details with Children's "
    "Services where there are known safeguarding concerns. Discretionary Housing Payments are "
    "targeted at families with children subject to a plan.",
    "Highlight the risk to children in need, where protocols for transferring cases between "
    "boroughs are weaker than for children subject to child protection plans.",
    "Agree a tri-borough protocol for notifying receiving authorities when families with open "
    "cases are placed in temporary accommodation out of borough.",
]
GANGS_RISK = [
    "Gang related serious youth violence and associated child sexual exploitation continue to "
    "affect the safety of adolescents, including girls who are linked to gang members.",
    "The Integrated Gangs Unit and the Your Choice programme work with young people identified "
    "by the police gangs matrix; a sexual exploitation panel meets monthly.",
    "Provide a point of co-ordination across the three boroughs and challenge agencies on the "
    "identification of girls at risk.",
    "Develop a tri-borough child sexual exploitation strategy and dataset, and audit the quality "
    "of strategy discussions for young people at risk of exploitation.",
]
NHS_RISK = [
    "1. Ensuring effective safeguarding arrangements whilst NHS reforms are in transition: PCT "
    "functions move to the Clinical Commissioning Groups (CCGs) and NHS England from April 2013.",
    "The safeguarding committee monitors the transition and reports risks to the cluster board; "
    "designated professionals remain in post and existing arrangements continue until new ones "
    "are established.",
    "Contribute to consultation on the future hosting of designated professionals and challenge "
    "changes to accountability, including CCG representation on the LSCB.",
    "Receive regular reports on health reorganisation; request CCG Chief Officer membership of "
    "the LSCB Executive.",
]
FUNDING_RISK = [
    "1. Reduction in funding for contracts resulting in re-prioritisation of thresholds for "
    "child and adolescent mental health services.",
    "Reviewing estates use and corporate overheads to protect front line services; service "
    "redesign of CAMHS care pathways.",
    "Opportunities to discuss the impact with partner agencies and to review the services "
    "available when setting priorities.",
    "Establish effective links between the LSCB and commissioners of CAMHS.",
]
PROBATION_RISK = [
    "Staff carry caseloads of 50+ offenders, so it is not always possible to work with the same "
    "intensity with all cases; lower risk cases may not receive the same safeguarding focus.",
    "Caseloads are reduced where possible and work is weighted so that cases with child "
    "protection concerns are given more time.",
    "Support Probation staff to attend multi-agency training and case conferences.",
    "Monitor the attendance of Probation staff at child protection conferences and core groups.",
]
SCHOOLS_RISK = [
    "Reducing local authority involvement with schools as more schools convert to academies "
    "and free schools, with less oversight of safeguarding arrangements.",
    "Safeguarding training is offered to all categories of schools, including a bespoke course "
    "for designated senior leads; a section 11 style audit has been offered to academies.",
    "Increase the accountability of schools to the LSCB and support head teacher representation.",
    "Consider a tri-borough approach to engaging schools, over and above representation on the "
    "Board, including an annual safeguarding audit for all schools.",
]
INTERPRETER_RISK = [
    "Families who do not speak English are not always offered a professional interpreter; "
    "children and relatives are sometimes used to interpret at home visits and in clinics.",
    "Interpreting guidance has been reissued and staff reminded that children must not be used "
    "as interpreters; telephone interpreting is available in all community clinics.",
    "Promote the use of professional interpreters in all multi-agency meetings and audit case "
    "files for evidence of the family's first language being recorded.",
    "Include language and interpreting in the multi-agency case audit programme.",
]
PRIVATE_FOSTERING_RISK = [
    "Low numbers of private fostering notifications suggest that arrangements are not being "
    "identified, particularly among language school students and families from overseas.",
    "Awareness campaign with schools, GP surgeries and faith groups; a named private fostering "
    "social worker in each borough.",
    "Ensure partner agencies include private fostering in their single agency training.",
    "Receive an annual private fostering report and monitor notifications each quarter.",
]
MARAC_RISK = [
    "High volume of domestic abuse notifications and referrals to MARAC; children in households "
    "with domestic abuse are not always seen or heard in the risk assessment.",
    "Domestic abuse notifications are screened daily in the MASH; MARAC co-ordinators flag "
    "children's details to Children's Services before each meeting.",
    "Challenge agencies to record the voice of the child in MARAC referrals.",
    "Joint audit with the Violence against Women and Girls strategy group of cases heard at "
    "MARAC where children are in the household.",
]
MENTAL_HEALTH_RISK = [
    "2. Reduction in posts providing services to adults with mental health problems may result "
    "in less \u201cThink Family\u201d practice and increased safeguarding risks for children of "
    "parents with mental illness.",
    "Think Family training for adult mental health staff; routine questions about children at "
    "assessment; strengthened safeguarding supervision.",
    "A feedback loop so that front line staff can report where safeguarding is not working, to "
    "the Named Nurse or LSCB lead.",
    "Multi-agency audit of cases where a parent is known to adult mental health services.",
]
MISSING_RISK = [
    "Children missing from home, care and education are not consistently identified, and "
    "return interviews are not always completed within 72 hours.",
    "A missing children co-ordinator has been appointed and the police Merlin reports are "
    "shared with Children's Services daily.",
    "Receive quarterly data on missing episodes and return interviews.",
    "Commission an independent return interview service across the three boroughs.",
]
MAPPA_STRENGTH = [
    "All sex offenders and violent offenders are referred into MAPPA so that a multi-agency "
    "approach is taken to those who pose the greatest risk to children.",
    "MAPPA meetings are well minuted and decisions recorded; audit of level 2 and 3 cases.",
    "Ensuring a strong link between MAPPA and the LSCB.",
    "Annual MAPPA report to be presented to the LSCB.",
]


def numbered(rows: list[list[str]]) -> list[list[str]]:
    """Number the first cell of each row the way agencies did ('1. ...')."""
    out = []
    for n, row in enumerate(rows, start=1):
        first = row[0].split(". ", 1)[1] if row[0][:2].rstrip(".").isdigit() else row[0]
        out.append([f"{n}. {first}", *row[1:]])
    return out


# ---------------------------------------------------------------------------
# 1. Kensington and Chelsea LSCB annual report 2011/12 (two-column body)
# ---------------------------------------------------------------------------

KC_AR_2011 = {
    "file": "kensington-chelsea-lscb-annual-report-2011-12-synthetic.pdf",
    "title": "Kensington and Chelsea LSCB Annual Report 2011/12",
    "board": KC_BOARD,
    "boroughs": ["Kensington and Chelsea"],
    "period": "2011/12",
    "doc_type": "annual_report",
    "blocks": [
        (
            "cover",
            [
                "Royal Borough of Kensington and Chelsea",
                "Local Safeguarding Children Board",
                "Annual Report 2011/12 (SYNTHETIC)",
            ],
        ),
        ("template", "twocol"),
        ("h", 1, "Foreword"),
        (
            "p",
            "This is the last annual report of the Kensington and Chelsea Local Safeguarding "
            "Children Board before it joins with the Boards of Hammersmith and Fulham and "
            "Westminster to form a single tri-borough LSCB from April 2012. The year has been "
            "dominated by change: in the NHS, where the Primary Care Trust is preparing to hand "
            "its responsibilities to the new Clinical Commissioning Groups, in the police, and "
            "in our own Children's Services which now work across three boroughs.",
        ),
        (
            "p",
            "Despite this, front line practice has held up well. Referrals rose, but the number "
            "of children subject to a child protection plan for more than two years fell, and "
            "all reviews were held on time. Our concern for next year is the effect of housing "
            "benefit changes on families who may have to move out of the borough.",
        ),
        ("signature", ["Dr Helen Marsh", "Independent Chair, Kensington and Chelsea LSCB"]),
        ("h", 1, "1. Introduction"),
        (
            "p",
            "Working Together to Safeguard Children 2010 requires each LSCB to publish an "
            "annual report on the effectiveness of safeguarding in its area. This report covers "
            "April 2011 to March 2012 and draws on the reports of the sub-groups, the partner "
            "stock-take of March 2012 and the performance data in Appendix 2.",
        ),
        ("h", 1, "2. Priorities for 2011/12"),
        ("p", "The Board set itself five priorities for the year:"),
        (
            "ul",
            [
                "to monitor the safeguarding implications of the NHS reforms and the move from "
                "PCTs to Clinical Commissioning Groups;",
                "to improve the identification of privately fostered children;",
                "to understand the effect of welfare reform and temporary accommodation on "
                "vulnerable families;",
                "to strengthen the response to children living with domestic abuse, parental "
                "mental ill health and substance misuse;",
                "to prepare for the tri-borough LSCB.",
            ],
        ),
        ("h", 1, "3. Sub-group summaries of activity"),
        ("h", 2, "Training Sub-Group"),
        (
            "p",
            "The tri-borough training programme offered 71 full days of multi-agency training "
            "in 2011/12. Courses ran at 88% of capacity. Police, probation and adult social "
            "care staff remain under-represented and the sub-group will work with these "
            "agencies to understand the barriers.",
        ),
        ("h", 2, "Quality Assurance Sub-Group"),
        (
            "p",
            "The group completed two multi-agency audits: of cases where a parent has a "
            "mental illness, and of children subject to a plan for a second time. Both found "
            "good information sharing at conference but weaker core group attendance by adult "
            "services. Families who do not speak English were not always offered an "
            "interpreter at core group meetings.",
        ),
        ("h", 2, "Child Death Overview Panel"),
        (
            "p",
            "The tri-borough Child Death Overview Panel reviewed 38 deaths of children from "
            "the three boroughs during 2011/12. Modifiable factors included unsafe sleeping "
            "arrangements and parental smoking.",
        ),
        ("h", 1, "4. Serious Case Reviews"),
        (
            "p",
            "No serious case review was started in Kensington and Chelsea during 2011/12. One "
            "multi-agency learning review, of the neglect of two young children living in "
            "overcrowded temporary accommodation, was completed; its recommendations are "
            "monitored by the Quality Assurance Sub-Group.",
        ),
        ("h", 1, "5. Private fostering"),
        (
            "p",
            "Eleven private fostering arrangements were notified during the year, compared "
            "with seven in 2010/11. Most related to students attending language schools. "
            "The Board will continue its awareness campaign with schools and faith groups.",
        ),
        ("template", "portrait"),
        ("h", 1, "Appendix 1 \u2013 Summary of accounts 2011/12"),
        (
            "p",
            "The budget of the Kensington and Chelsea LSCB for 2011/12 was \u00a392,400. "
            "Expenditure and partner contributions were as follows.",
        ),
        accounts(
            "Table 1: LSCB expenditure 2011/12",
            [
                ["Salary costs (LSCB Manager and administrator)", "48,210", "Includes on-costs"],
                ["Training costs", "21,150", "Contribution to the tri-borough training programme"],
                ["Independent Chair", "14,600", ""],
                ["Serious case review and learning reviews", "4,800", "Independent author"],
                ["Other", "2,140", "Printing, venues, website"],
                ["Total expenditure", "90,900", ""],
            ],
        ),
        accounts(
            "Table 2: Partner contributions 2011/12",
            [
                ["Royal Borough of Kensington and Chelsea", "55,250", ""],
                ["NHS Kensington and Chelsea (PCT)", "27,600", ""],
                ["Metropolitan Police", "5,000", ""],
                ["London Probation Trust", "2,000", ""],
                ["CAFCASS", "550", ""],
                ["Total", "90,400", "Shortfall met from reserves"],
            ],
        ),
        ("h", 1, "Appendix 2 \u2013 Performance data April 2011 to March 2012"),
        (
            "p",
            "April 2011 to March 2012 there were 312 conferences relating to 590 children, "
            "of which 96 were initial and 205 were review conferences.",
        ),
        table(
            "Table 3: Child protection performance",
            "performance",
            ["Indicator", "2010/11", "2011/12", "Comment"],
            [
                ["Children subject to a child protection plan at 31 March", "118", "109", ""],
                [
                    "Initial conferences within 15 working days of strategy discussion",
                    "81%",
                    "86%",
                    "Target 80%",
                ],
                ["Reviews of child protection cases held on time (NI 67)", "100%", "100%", ""],
                ["Plans lasting two years or more (NI 64)", "6.1%", "4.9%", ""],
                ["Second or subsequent plans (NI 65)", "11.0%", "9.8%", "Target below 12%"],
                ["Private fostering notifications", "7", "11", ""],
            ],
            widths=[0.46, 0.12, 0.12, 0.3],
        ),
    ],
    "figures": [
        ("71 full days", "multi-agency training days offered", 71, "days"),
        ("38 deaths", "child deaths reviewed by CDOP", 38, "deaths"),
        ("\u00a392,400", "LSCB budget 2011/12", 92400, "GBP"),
        ("Total expenditure 90,900", "total expenditure", 90900, "GBP"),
        ("Total 90,400", "total partner contributions", 90400, "GBP"),
        ("312 conferences", "child protection conferences", 312, "conferences"),
        ("590 children", "children discussed at child protection conferences", 590, "children"),
    ],
}


# ---------------------------------------------------------------------------
# 2. Hammersmith and Fulham LSCB annual report 2011/12 (unruled tables, landscape appendix)
# ---------------------------------------------------------------------------

HF_AR_2011 = {
    "file": "hammersmith-fulham-lscb-annual-report-2011-12-synthetic.pdf",
    "title": "Hammersmith and Fulham LSCB Annual Report 2011/12",
    "board": HF_BOARD,
    "boroughs": ["Hammersmith and Fulham"],
    "period": "2011/12",
    "doc_type": "annual_report",
    "blocks": [
        (
            "cover",
            [
                "Hammersmith & Fulham",
                "Local Safeguarding Children Board",
                "Annual Report April 2011 \u2013 March 2012 (SYNTHETIC)",
            ],
        ),
        ("h", 1, "1. Introduction"),
        (
            "p",
            "This report describes the work of the Hammersmith and Fulham LSCB in its final "
            "year as a single-borough Board. It summarises the Board's priorities, the work "
            "of its sub-groups, what we learned from case reviews and how partners responded "
            "to the stock-take of safeguarding risks carried out in March 2012.",
        ),
        ("h", 1, "2. Governance and Accountability"),
        ("h", 2, "Financial Contributions"),
        (
            "p",
            "Partners contributed \u00a385,300 to the Board in 2011/12. The Board ended the "
            "year with a small underspend, which was carried forward to the tri-borough "
            "LSCB reserve for case reviews.",
        ),
        ("h", 2, "Lead Member involvement"),
        (
            "p",
            "The Cabinet Member for Children's Services attended the Board as a participating "
            "observer and received quarterly briefings from the Independent Chair.",
        ),
        ("h", 1, "3. Key risks"),
        (
            "p",
            "Partners told the Board that the greatest risks to children in the borough were "
            "gang related violence and sexual exploitation, the pressure on temporary "
            "accommodation, and the capacity of health services during the NHS reforms. "
            "Parental mental health, domestic abuse and substance misuse remain the most "
            "common factors in child protection plans.",
        ),
        (
            "ul",
            [
                "Gangs and child sexual exploitation: 46 young people were discussed at the "
                "sexual exploitation panel.",
                "Domestic abuse: MARAC heard 402 cases involving 531 children.",
                "Missing children: 214 missing episodes were reported for children in care.",
            ],
        ),
        ("h", 1, "Appendix 1 \u2013 Summary of accounts 2011/12"),
        accounts(
            "Expenditure 2011/12",
            [
                ["Staffing (Business Manager, Training Co-ordinator)", "51,900", ""],
                ["Independent Chair", "15,200", ""],
                ["Training programme", "12,350", "Tri-borough contribution"],
                ["Case reviews", "3,000", ""],
                ["Other", "1,820", ""],
                ["Total expenditure", "84,270", ""],
                ["(Transfer to reserves)", "(1,030)", ""],
            ],
            ruled=False,
        ),
        accounts(
            "Partner contributions 2011/12",
            [
                ["London Borough of Hammersmith and Fulham", "50,150", ""],
                ["NHS Hammersmith and Fulham", "27,600", ""],
                ["Metropolitan Police", "5,000", ""],
                ["London Probation Trust", "2,000", ""],
                ["CAFCASS", "550", ""],
                ["Total", "85,300", ""],
            ],
            ruled=False,
        ),
        ("template", "landscape"),
        ("h", 1, "Appendix 2 \u2013 Performance data 2011/12"),
        (
            "p",
            "April 2011 to March 2012 there were 287 conferences relating to 498 children. "
            "The table below compares the borough with its statistical neighbours.",
        ),
        table(
            "Performance summary",
            "performance",
            [
                "Measure",
                "H&F 2010/11",
                "H&F 2011/12",
                "Statistical neighbours",
                "England",
                "Comment",
            ],
            [
                [
                    "Referrals to children's social care",
                    "2,140",
                    "2,312",
                    "2,050",
                    "n/a",
                    "Rise linked to domestic abuse notifications",
                ],
                ["Initial assessments within 7 working days", "74%", "79%", "77%", "77%", ""],
                ["Core assessments within 35 working days", "71%", "76%", "75%", "75%", ""],
                [
                    "Children subject to a child protection plan at 31 March",
                    "171",
                    "163",
                    "",
                    "",
                    "",
                ],
                ["Second or subsequent plans", "13.5%", "12.1%", "13.0%", "13.8%", ""],
                ["Child protection reviews on time", "98%", "100%", "97%", "97%", ""],
                [
                    "Looked after children at 31 March",
                    "262",
                    "255",
                    "",
                    "",
                    "Includes 31 unaccompanied asylum seeking children",
                ],
            ],
            ruled=False,
            widths=[0.3, 0.1, 0.1, 0.13, 0.09, 0.28],
        ),
    ],
    "figures": [
        ("\u00a385,300", "partner contributions", 85300, "GBP"),
        (
            "46 young people",
            "young people discussed at sexual exploitation panel",
            46,
            "young people",
        ),
        ("402 cases", "MARAC cases", 402, "cases"),
        ("531 children", "children in MARAC cases", 531, "children"),
        ("Total expenditure 84,270", "total expenditure", 84270, "GBP"),
        ("Total 85,300", "total partner contributions", 85300, "GBP"),
        ("287 conferences", "child protection conferences", 287, "conferences"),
        ("498 children", "children discussed at child protection conferences", 498, "children"),
    ],
}


# ---------------------------------------------------------------------------
# 3. Tri-borough agency stock-take 2012/13 (landscape, ruled, cross-page, split row)
# ---------------------------------------------------------------------------

TRI_STOCKTAKE_2012_BLOCKS: list[tuple[Any, ...]] = [
    (
        "cover",
        [
            "Tri-borough Local Safeguarding Children Board",
            "Partner Stock-take 2012/13",
            "SYNTHETIC test document",
        ],
    ),
    ("h", 1, "1. Purpose of the stock-take"),
    (
        "p",
        "In March 2013 each agency represented on the tri-borough LSCB Executive was asked to "
        "identify up to three top priority safeguarding risks, what is being done to reduce "
        "them, and what support the LSCB can give; and to identify the strengths of "
        "safeguarding in Hammersmith and Fulham, Kensington and Chelsea and Westminster, with "
        "evidence. The returns are reproduced below with minor editing.",
    ),
    (
        "p",
        "Several agencies raised the same risks as in the Westminster stock-take of March "
        "2012: the effect of housing benefit changes and temporary accommodation, gang "
        "related sexual exploitation, and the NHS transition from PCTs to CCGs.",
    ),
    ("template", "landscape"),
    ("h", 1, "2. Agency returns"),
    (
        "p",
        "The returns are set out agency by agency. Each agency's risks are listed first, "
        "with what is being done to reduce them, the support the LSCB can provide and the "
        "action recommended for the LSCB business plan; each agency's strengths follow, with "
        "the evidence for them. Where an agency wrote \u201cAs above\u201d the entry refers to "
        "the row above. Risks which more than one agency raised are marked in the summary in "
        "section 3 and have been carried into the business plan for 2013/14. The Executive "
        "discussed the returns on 26 March 2013 and asked the Quality Assurance Sub-Group to "
        "test the evidence given for the strengths through its audit programme.",
    ),
    (
        "p",
        "The Children's Services return covers the three boroughs, which now share a single "
        "management structure. Housing returns were made separately by each council and are "
        "summarised in the Children's Services return.",
    ),
    *stocktake(
        "Children's Services",
        [
            HOUSING_RISK,
            GANGS_RISK,
            [
                "Neglect is the most common category for children subject to a child protection "
                "plan in all three boroughs, and practitioners in universal services do not "
                "always recognise cumulative neglect early enough.",
                "The Graded Care Profile has been introduced as a common tool; neglect training "
                "has been added to the LSCB programme; the early help offer has been mapped "
                "across the three boroughs.",
                "Lead a multi-agency neglect strategy and challenge agencies to use a common "
                "assessment tool.",
                "Adopt a tri-borough neglect strategy and audit a sample of neglect cases in "
                "the autumn.",
            ],
            MISSING_RISK,
            INTERPRETER_RISK,
            MARAC_RISK,
            PRIVATE_FOSTERING_RISK,
        ],
        [
            [
                "Focus on Practice: the Reclaiming Social Work model is being rolled out across "
                "the three boroughs, with systemic family therapy in each unit.",
                "Evaluation by an external academic partner; fewer children re-referred.",
                "Share the evaluation with partners at a Board development day.",
                "Receive the evaluation report in 2013/14.",
            ],
            [
                "The Strengthening Families approach to child protection conferences is "
                "established in all three boroughs and parents report feeling better involved.",
                "Parent feedback forms; audit of conference reports.",
                "Inter-agency briefings; short film for parents.",
                "As above",
            ],
        ],
        repeat_header=True,
    ),
    *stocktake(
        "Central London Community Healthcare (CLCH)",
        [
            [
                "Changes to services in response to the Health and Social Care Act 2012 and the "
                "journey to Community Foundation Trust status.",
                "Internal programme management; safeguarding leads sit on the transition board.",
                "Review progress through regular agenda items.",
                "Receive updates from CLCH.",
            ],
            [
                "Health visitor implementation plan: the increase in the health visiting "
                "workforce over four years will bring many newly qualified staff into "
                "safeguarding work with families who have complex needs, including families "
                "in temporary accommodation who move between boroughs and whose records do "
                "not always follow them, families who do not speak English and need an "
                "interpreter at every contact, and first-time parents with mental health "
                "problems who are not known to adult services. Newly qualified health visitors "
                "need supervision at least every three months and a named safeguarding lead. "
                "Caseloads in the north of Westminster and Kensington are above the "
                "recommended level and transfer-in notifications from other London boroughs "
                "are received late or not at all. The Trust will track every family in "
                "temporary accommodation through a weekly list shared with Housing Options.",
                "Preceptorship programme; safeguarding supervision every three months; named "
                "nurse caseload review; weekly temporary accommodation list agreed with the "
                "three Housing Options services; interpreting available by telephone at all "
                "clinics and for home visits.",
                "Discuss and review progress; support the data sharing agreement with "
                "Housing Options.",
                "Receive updates from CLCH, including the numbers of families in temporary "
                "accommodation known to health visiting.",
            ],
            INTERPRETER_RISK,
        ],
        [
            [
                "Integration and co-location of health visitors in social care teams.",
                "Evaluation of locality working and the Family Nurse Partnership.",
                "Public facing materials; positive responses from GPs.",
                "Receive evaluations of joint working.",
            ],
        ],
        split_in_row=True,
    ),
    *stocktake(
        "Central and North West London NHS Foundation Trust (CNWL)",
        numbered(
            [
                FUNDING_RISK,
                MENTAL_HEALTH_RISK,
                [
                    "3. Parents with serious mental illness are not always invited to contribute to "
                    "child protection conferences, or their care co-ordinator is not invited.",
                    "Named nurse checks attendance at conferences for all adult patients with "
                    "children subject to a plan.",
                    "As above",
                    "As above",
                ],
            ]
        ),
        numbered(
            [
                [
                    "Range of safeguarding support available for all CNWL services.",
                    "Telephone helpline; audit of supervision; Section 11 audit.",
                    "Annual report.",
                    "Completion of Section 11 audit.",
                ],
                [
                    "Excellent looked after children health team integrated with the local "
                    "authorities.",
                    "Ofsted inspection; health assessments completed on time.",
                    "Annual report.",
                    "",
                ],
            ]
        ),
    ),
    *stocktake(
        "Clinical Commissioning Groups (CCGs)",
        [
            NHS_RISK,
            [
                "2. Designated doctor and nurse capacity for unexpected child deaths, including "
                "rapid response for out of borough cases.",
                "Review of health arrangements for unexpected deaths; report to the safeguarding "
                "committee.",
                "Receive reports on the child death review process.",
                "As above",
            ],
        ],
        [
            [
                "Contribution of GPs to safeguarding children through the Named GP and the "
                "safeguarding lead GP network.",
                "Attendance at GP safeguarding forums; Section 11 audit of practices.",
                "Include in the annual report.",
                "Develop links between the LSCB and the GP safeguarding leads network.",
            ]
        ],
    ),
    *stocktake(
        "Metropolitan Police",
        [
            [
                "Children who have been subject to a child protection plan for 18 months or more.",
                "Project reviewing long plans with partners to find a multi-agency approach.",
                "Clear terms of reference for the QA sub-group to identify themes.",
                "",
            ],
            [
                "Children becoming subject to a plan again within twelve months of being "
                "stepped down to child in need.",
                "As above",
                "As above",
                "",
            ],
            GANGS_RISK,
        ],
        [
            ["Effective communication with partners", "LSCB minutes; Ofsted inspection", "", ""],
            ["Transparent performance monitoring", "Performance data", "", ""],
        ],
    ),
    *stocktake(
        "London Probation Trust",
        [PROBATION_RISK],
        [
            MAPPA_STRENGTH,
            MARAC_RISK[:1]
            + [
                "Strong evidence of attendance at MARACs and action on issues identified.",
                "Ensuring a strong link between MARACs and the LSCB.",
                "",
            ],
        ],
    ),
    *stocktake(
        "Education",
        [SCHOOLS_RISK, PRIVATE_FOSTERING_RISK],
        [
            [
                "Designated safeguarding lead officer for schools in each borough.",
                "Training records; attendance of designated leads at forums.",
                "",
                "Consider replicating the post across three boroughs.",
            ]
        ],
    ),
    ("template", "portrait"),
    ("h", 1, "3. Themes for the LSCB business plan 2013/14"),
    (
        "ol",
        [
            "Welfare reform, temporary accommodation and families moving across borough "
            "boundaries.",
            "Child sexual exploitation, gangs and missing children.",
            "Neglect, including the effect of parental mental health, substance misuse and "
            "domestic abuse.",
            "Health reorganisation: CCGs and NHS England.",
            "Engagement of schools, academies and free schools.",
        ],
    ),
]

TRI_STOCKTAKE_2012 = {
    "file": "triborough-lscb-stocktake-2012-13-synthetic.pdf",
    "title": "Tri-borough LSCB Partner Stock-take 2012/13",
    "board": TRI_BOARD,
    "boroughs": TRI,
    "period": "2012/13",
    "doc_type": "stocktake",
    "blocks": TRI_STOCKTAKE_2012_BLOCKS,
    "figures": [],
}


# ---------------------------------------------------------------------------
# 4. Tri-borough LSCB annual report 2012/13 (two-column, scanned letter page)
# ---------------------------------------------------------------------------

CHAIR_LETTER = [
    "SYNTHETIC TEST DOCUMENT - scanned letter, not a real board paper",
    "",
    "Tri-borough Local Safeguarding Children Board",
    "Town Hall, London",
    "",
    "30 September 2013",
    "",
    "To the Chief Executives of the three councils and partner agencies",
    "",
    "Dear colleagues,",
    "",
    "Annual Report of the Tri-borough LSCB 2012/13",
    "",
    "I enclose the first annual report of the Board for Hammersmith and Fulham,",
    "Kensington and Chelsea and Westminster. I ask each of you to consider it",
    "with your own boards and to write to me by 31 December 2013 with the",
    "action your agency will take on the priorities in section 6, in particular",
    "child sexual exploitation, neglect and the health reorganisation.",
    "",
    "Yours sincerely,",
    "[signature]",
    "Margaret Ellison",
    "Independent Chair",
]

TRI_AR_2012 = {
    "file": "triborough-lscb-annual-report-2012-13-synthetic.pdf",
    "title": "Tri-borough LSCB Annual Report 2012/13",
    "board": TRI_BOARD,
    "boroughs": TRI,
    "period": "2012/13",
    "doc_type": "annual_report",
    "blocks": [
        (
            "cover",
            [
                "Local Safeguarding Children Board",
                "Hammersmith and Fulham, Kensington and Chelsea and Westminster",
                "Annual Report 2012/13 (SYNTHETIC)",
            ],
        ),
        ("scan", CHAIR_LETTER),
        ("template", "twocol"),
        ("h", 1, "1. Introduction"),
        (
            "p",
            "On 1 April 2012 the three Local Safeguarding Children Boards of Hammersmith and "
            "Fulham, Kensington and Chelsea and Westminster became one Board. This first annual "
            "report of the tri-borough LSCB describes how the new Board was set up, what it "
            "learned about safeguarding in the three boroughs and what it will do next.",
        ),
        ("h", 1, "2. Governance and Accountability"),
        ("h", 2, "Board membership"),
        (
            "p",
            "The Board has an Executive of senior officers, which meets every two months, and "
            "a wider Board which meets twice a year. The Clinical Commissioning Groups joined "
            "the Executive in April 2013 as the Primary Care Trusts were abolished.",
        ),
        ("h", 2, "Financial Contributions"),
        (
            "p",
            "The three councils, the NHS, the police, probation and CAFCASS contributed to a "
            "pooled budget of \u00a3265,800. A reserve of \u00a325,196 carried forward from the "
            "Westminster LSCB is held for case reviews.",
        ),
        ("h", 1, "3. Sub-group summaries of activity"),
        ("h", 2, "Case Review Sub-Group"),
        (
            "p",
            "The sub-group considered six referrals. One met the criteria for a serious case "
            "review (Child F, published in 2014) and two led to multi-agency learning reviews. "
            "Recurring themes were parental mental health, families who do not speak English "
            "and moves between temporary accommodation in different boroughs.",
        ),
        ("h", 2, "Quality Assurance Sub-Group"),
        (
            "p",
            "Three multi-agency audits were completed: neglect, domestic abuse cases heard at "
            "MARAC, and the use of interpreters. The interpreter audit found that in 9 of 30 "
            "cases a child or relative had interpreted for a parent at a home visit.",
        ),
        ("h", 2, "Child Sexual Exploitation and Missing Sub-Group"),
        (
            "p",
            "The sub-group was established in October 2012 to bring together the work on "
            "gangs, sexual exploitation and missing children across the three boroughs. By "
            "March 2013, 83 young people had been discussed at the sexual exploitation panels.",
        ),
        ("h", 1, "4. Performance"),
        (
            "p",
            "Across the three boroughs there were 812 conferences relating to 1,406 children "
            "in 2012/13. The number of children subject to a plan fell in Westminster and rose "
            "slightly in Hammersmith and Fulham.",
        ),
        ("template", "portrait"),
        ("h", 1, "Appendix 1 \u2013 Performance by borough 2012/13"),
        table(
            "Table 1: Child protection activity by borough",
            "performance",
            ["Measure", "H&F", "K&C", "Westminster", "Tri-borough"],
            [
                ["Child protection conferences", "301", "218", "293", "812"],
                ["Children discussed at conference", "522", "371", "513", "1,406"],
                ["Children subject to a plan at 31 March", "168", "104", "121", "393"],
                ["Second or subsequent plans", "12.4%", "10.2%", "3.1%", "8.9%"],
                ["Reviews held on time", "99%", "100%", "100%", "100%"],
            ],
            widths=[0.4, 0.15, 0.15, 0.15, 0.15],
        ),
        ("h", 1, "Appendix 2 \u2013 Summary of accounts 2012/13"),
        accounts(
            "Table 2: Partner contributions 2012/13",
            [
                ["London Borough of Hammersmith and Fulham", "58,400", ""],
                ["Royal Borough of Kensington and Chelsea", "58,400", ""],
                ["Westminster City Council", "58,400", ""],
                [
                    "NHS (PCT cluster, then CCGs)",
                    "75,000",
                    "Paid by the PCT cluster until March 2013",
                ],
                [
                    "Metropolitan Police",
                    "10,000",
                    "Reduced from three borough contributions of 5,000",
                ],
                ["London Probation Trust", "4,000", ""],
                ["CAFCASS", "1,600", ""],
                ["Total", "265,800", ""],
            ],
        ),
        accounts(
            "Table 3: Expenditure 2012/13",
            [
                [
                    "Business unit staffing",
                    "148,300",
                    "Business Manager, two officers, administrator",
                ],
                ["Independent Chair", "28,500", ""],
                ["Training programme", "61,200", "Trainer and venues"],
                ["Case reviews", "18,900", "Child F serious case review"],
                ["Website and communications", "5,100", ""],
                ["Total expenditure", "262,000", ""],
            ],
        ),
    ],
    "figures": [
        ("\u00a3265,800", "pooled LSCB budget 2012/13", 265800, "GBP"),
        ("\u00a325,196", "reserve carried forward from Westminster LSCB", 25196, "GBP"),
        ("9 of 30", "cases where a child or relative interpreted", 9, "cases"),
        (
            "83 young people",
            "young people discussed at sexual exploitation panels",
            83,
            "young people",
        ),
        ("812 conferences", "child protection conferences (tri-borough)", 812, "conferences"),
        ("1,406 children", "children discussed at conference (tri-borough)", 1406, "children"),
        ("Total 265,800", "total partner contributions", 265800, "GBP"),
        ("Total expenditure 262,000", "total expenditure", 262000, "GBP"),
    ],
}


# ---------------------------------------------------------------------------
# 5. Tri-borough agency stock-take 2013/14 (unruled, no repeated header)
# ---------------------------------------------------------------------------

TRI_STOCKTAKE_2013 = {
    "file": "triborough-lscb-stocktake-2013-14-synthetic.pdf",
    "title": "Tri-borough LSCB Partner Stock-take 2013/14",
    "board": TRI_BOARD,
    "boroughs": TRI,
    "period": "2013/14",
    "doc_type": "stocktake",
    "blocks": [
        (
            "cover",
            [
                "Tri-borough LSCB",
                "Stock-take of safeguarding risks and strengths",
                "March 2014 (SYNTHETIC)",
            ],
        ),
        ("h", 1, "Introduction"),
        (
            "p",
            "This is the second stock-take of the tri-borough LSCB. Agencies were asked whether "
            "the risks they identified in March 2013 had reduced, and to name new ones. The "
            "same four questions were used so that the returns can be compared year on year.",
        ),
        (
            "p",
            "Most agencies reported that the risks of March 2013 remain: welfare reform and "
            "temporary accommodation outside the three boroughs, child sexual exploitation and "
            "missing children, and the capacity of health and probation services during "
            "reorganisation. New risks include the transfer of health visiting commissioning to "
            "local authorities, the split of the probation service under Transforming "
            "Rehabilitation, and mandatory reporting of female genital mutilation.",
        ),
        (
            "p",
            "The returns were discussed by the LSCB Executive on 25 March 2014. The Executive "
            "agreed that the business plan for 2014/15 should keep child sexual exploitation, "
            "neglect and early help as priorities, and add the safeguarding of children in "
            "households affected by domestic abuse, parental mental health and substance misuse.",
        ),
        ("h", 1, "Agency returns"),
        *stocktake(
            "Children's Services",
            [
                HOUSING_RISK,
                [
                    "Child sexual exploitation: the number of young people identified as at risk "
                    "has risen as awareness has improved, and the exploitation panels are "
                    "stretched.",
                    "A single tri-borough CSE panel chaired by a Head of Service; a CSE "
                    "co-ordinator post in each borough; training for taxi licensing and hotels.",
                    "Monitor the CSE dataset each quarter and challenge agencies that do not "
                    "attend the panel.",
                    "Commission a multi-agency audit of CSE cases and a problem profile with the "
                    "police.",
                ],
                MISSING_RISK,
                [
                    "The Multi-Agency Safeguarding Hub (MASH) receives a high volume of police "
                    "domestic abuse notifications, which can delay decisions on other contacts.",
                    "Screening tool for domestic abuse notifications; additional social work "
                    "capacity in the MASH.",
                    "Receive MASH performance data at the Executive.",
                    "As above",
                ],
                INTERPRETER_RISK,
                MARAC_RISK,
                [
                    "Parental substance misuse is a factor in a third of child protection "
                    "plans, and adult drug and alcohol services are not always invited to "
                    "conferences.",
                    "Named safeguarding leads in the recommissioned substance misuse services; "
                    "Think Family screening at assessment.",
                    "Monitor attendance of substance misuse services at conferences.",
                    "Include substance misuse in the neglect audit.",
                ],
            ],
            [
                [
                    "Social work units and Focus on Practice training in all three boroughs.",
                    "Re-referral rates; audit of case records.",
                    "Practice week presentations.",
                    "Receive the evaluation.",
                ],
                [
                    "Early help services are better co-ordinated, with a single front door.",
                    "Numbers of families receiving early help; step-down from social care.",
                    "Early help conference for partners.",
                    "As above",
                ],
            ],
            ruled=False,
            repeat_header=False,
        ),
        *stocktake(
            "Health (CCGs, CLCH, CNWL, Imperial, Chelsea and Westminster)",
            numbered(
                [
                    [
                        "Changes to commissioning of health visiting and school nursing, which move "
                        "to the local authorities in 2015, may lead to a loss of focus on "
                        "safeguarding during the transfer.",
                        "Safeguarding included in the service specifications and in contract "
                        "monitoring.",
                        "Receive assurance on the transfer plan.",
                        "As above",
                    ],
                    MENTAL_HEALTH_RISK,
                    INTERPRETER_RISK,
                    [
                        "Female genital mutilation (FGM): new mandatory reporting of FGM in "
                        "acute hospitals requires training for midwives and emergency staff.",
                        "FGM clinic at St Mary's; training for midwives; data reported monthly.",
                        "Support a multi-agency FGM protocol.",
                        "Agree a tri-borough FGM protocol.",
                    ],
                ]
            ),
            numbered(
                [
                    [
                        "Designated professionals hosted by the CCGs and working across three "
                        "boroughs.",
                        "Safeguarding committee minutes; attendance at LSCB sub-groups.",
                        "Annual report of designated professionals.",
                        "",
                    ],
                    [
                        "Looked after children health assessments completed on time.",
                        "Performance data: 93% on time.",
                        "Annual report.",
                        "",
                    ],
                ]
            ),
            ruled=False,
            repeat_header=False,
        ),
        *stocktake(
            "Metropolitan Police",
            [
                [
                    "Reorganisation of the Met's public protection teams and the change of "
                    "borough command may weaken local links with the LSCB.",
                    "Detective Inspector attends the Executive; MASH police team retained.",
                    "Hold the police to account for attendance.",
                    "",
                ],
                GANGS_RISK,
            ],
            [["Police presence in the MASH", "MASH data; partner feedback", "", ""]],
            ruled=False,
            repeat_header=False,
        ),
        *stocktake(
            "London Probation Trust and the Community Rehabilitation Company",
            [
                [
                    "Transforming Rehabilitation splits probation into the National Probation "
                    "Service and a Community Rehabilitation Company from June 2014; staff "
                    "caseloads remain above 50 and the safeguarding training of new CRC staff "
                    "is not yet assured.",
                    "Safeguarding leads named in both organisations; training audit.",
                    "Ensure both organisations are represented on the Board.",
                    "Seek assurance on safeguarding arrangements after the split.",
                ],
            ],
            [MAPPA_STRENGTH],
            ruled=False,
            repeat_header=False,
        ),
        *stocktake(
            "Education",
            [SCHOOLS_RISK, PRIVATE_FOSTERING_RISK],
            [
                [
                    "Annual safeguarding audit of schools returned by 94% of schools.",
                    "Audit returns.",
                    "Share good practice at head teacher forums.",
                    "As above",
                ]
            ],
            ruled=False,
            repeat_header=False,
        ),
    ],
    "figures": [("93% on time", "LAC health assessments on time", 93, "percent")],
}


# ---------------------------------------------------------------------------
# 6. Serious case review Child F (tri-borough, 2013/14)
# ---------------------------------------------------------------------------

TRI_SCR_CHILD_F = {
    "file": "triborough-lscb-serious-case-review-child-f-2013-14-synthetic.pdf",
    "title": "Serious Case Review: Child F \u2013 Executive Summary",
    "board": TRI_BOARD,
    "boroughs": TRI,
    "period": "2013/14",
    "doc_type": "case_review",
    "blocks": [
        (
            "cover",
            ["Tri-borough LSCB", "Serious Case Review: Child F", "Executive Summary (SYNTHETIC)"],
        ),
        ("h", 1, "1. Introduction"),
        (
            "p",
            "This serious case review concerns Child F, a girl aged 20 months, who was admitted "
            "to hospital with malnutrition and untreated injuries in February 2013. Child F lived "
            "with her mother, who had a history of depression, and two older siblings. The family "
            "had moved four times in two years between temporary accommodation in Westminster, "
            "Kensington and Chelsea and an outer London borough. Child F has recovered and lives "
            "with relatives.",
        ),
        (
            "p",
            "The review was commissioned by the Independent Chair of the tri-borough LSCB in "
            "April 2013 under Working Together to Safeguard Children 2013. It used a systems "
            "approach, with agency chronologies and conversations with the practitioners "
            "involved.",
        ),
        ("h", 1, "2. Key findings"),
        ("h", 2, "Moves between temporary accommodation"),
        (
            "p",
            "Each move led to a change of health visitor and GP. Records did not follow the "
            "family promptly, and the new health visiting team did not know that a child in "
            "need plan had been closed only three months earlier.",
        ),
        ("h", 2, "Language and interpreters"),
        (
            "p",
            "Mother's first language is Tigrinya. On at least six occasions the eldest child, "
            "aged ten, interpreted for her mother during home visits and at the GP surgery. "
            "Professionals therefore did not hear directly about mother's low mood, and the "
            "child was placed in an inappropriate role.",
        ),
        ("h", 2, "Parental mental health"),
        (
            "p",
            "Adult mental health services discharged mother after two missed appointments "
            "without checking whether there were children in the household, contrary to the "
            "Think Family protocol.",
        ),
        ("h", 2, "Neglect"),
        (
            "p",
            "Individual concerns - missed immunisations, weight loss, an unexplained bruise - "
            "were each seen in isolation. No agency put together a picture of cumulative neglect.",
        ),
        ("h", 1, "3. Recommendations"),
        ("h", 2, "Recommendations for the LSCB"),
        (
            "ol",
            [
                "The LSCB should agree a tri-borough protocol for the transfer of health and "
                "social care records when families with children move between temporary "
                "accommodation in different boroughs.",
                "The LSCB should seek assurance from all agencies that professional interpreters "
                "are used, and that children are never used to interpret, in any contact "
                "where a child's welfare is discussed.",
                "The LSCB should adopt a neglect strategy and a common assessment tool for "
                "cumulative neglect.",
            ],
        ),
        ("h", 2, "Recommendations for agencies"),
        (
            "ol",
            [
                "Agencies must ensure that practitioners record the first language of each "
                "parent and whether an interpreter was used.",
                "Agencies must ensure that adult mental health services ask about children "
                "before discharging a patient who does not attend.",
                "Health commissioners must ensure that health visiting services have a system "
                "to track children who move into temporary accommodation.",
                "Children's Services must ensure that the closure of a child in need plan "
                "is notified to the health visitor and GP.",
            ],
        ),
        table(
            "Table 1: Agency involvement with Child F",
            "other",
            ["Agency", "Period of involvement", "Main contact"],
            [
                [
                    "Health visiting (two NHS trusts)",
                    "May 2011 to February 2013",
                    "Home visits, developmental checks",
                ],
                [
                    "GP practices (three)",
                    "June 2011 to January 2013",
                    "Immunisations, minor illness",
                ],
                [
                    "Adult mental health services",
                    "October 2011 to July 2012",
                    "Assessment, discharged after non-attendance",
                ],
                ["Children's Services", "March 2012 to November 2012", "Child in need plan"],
                [
                    "Housing Options (two boroughs)",
                    "April 2011 to February 2013",
                    "Temporary accommodation",
                ],
                [
                    "Primary school (siblings)",
                    "September 2011 to February 2013",
                    "Attendance and welfare",
                ],
            ],
            widths=[0.33, 0.3, 0.37],
        ),
    ],
    "figures": [("20 months", "age of Child F", 20, "months")],
}


# ---------------------------------------------------------------------------
# 7. Westminster management review summary 2011/12
# ---------------------------------------------------------------------------

WCC_MR_2011 = {
    "file": "westminster-lscb-management-review-baby-k-2011-12-synthetic.pdf",
    "title": "Westminster LSCB Management Review: Baby K \u2013 Summary",
    "board": WCC_BOARD,
    "boroughs": ["Westminster"],
    "period": "2011/12",
    "doc_type": "case_review",
    "blocks": [
        (
            "cover",
            [
                "Westminster LSCB",
                "Multi-agency Management Review: Baby K",
                "Summary report, January 2012 (SYNTHETIC)",
            ],
        ),
        ("h", 1, "1. Background"),
        (
            "p",
            "Baby K, aged seven weeks, was admitted to hospital in September 2011 with a "
            "fractured arm. The SCR Panel of the Westminster LSCB met in October 2011 and "
            "decided that the criteria for a serious case review were not met, but that a "
            "multi-agency management review should be held because of concerns about "
            "information sharing between maternity services, the GP and the police.",
        ),
        (
            "p",
            "The father had previous convictions for violence and was managed at MAPPA level 1. "
            "The mother had been referred to MARAC eighteen months earlier following an assault "
            "by a previous partner.",
        ),
        ("h", 1, "2. Learning"),
        (
            "ul",
            [
                "Maternity services did not know of the MARAC referral because MARAC information "
                "was not shared with the hospital's safeguarding team.",
                "The Probation officer did not know that the father's new partner was pregnant.",
                "A bruise seen by the GP at the six week check was not referred; bruising in "
                "non-mobile babies should always be referred.",
            ],
        ),
        ("h", 1, "3. Recommendations"),
        (
            "ol",
            [
                "The LSCB should adopt a protocol on bruising in non-mobile babies.",
                "The LSCB should ask the MARAC Steering Group to include maternity services "
                "in MARAC information sharing.",
                "Agencies must ensure that offender managers ask about children and pregnancies "
                "in the households of offenders managed under MAPPA.",
            ],
        ),
        table(
            "Action plan",
            "other",
            ["Recommendation", "Lead agency", "Timescale", "Progress (March 2012)"],
            [
                ["1. Bruising protocol", "LSCB", "March 2012", "Protocol agreed and circulated"],
                [
                    "2. MARAC information to maternity",
                    "MARAC Steering Group",
                    "April 2012",
                    "Maternity safeguarding lead now attends MARAC",
                ],
                [
                    "3. Children in offenders' households",
                    "London Probation Trust",
                    "June 2012",
                    "Briefing to all offender managers; audit planned",
                ],
            ],
            widths=[0.3, 0.22, 0.15, 0.33],
        ),
    ],
    "figures": [("seven weeks", "age of Baby K", 7, "weeks")],
}


# ---------------------------------------------------------------------------
# 8. Tri-borough LSCB annual report 2014/15 (landscape performance appendix)
# ---------------------------------------------------------------------------

TRI_AR_2014 = {
    "file": "triborough-lscb-annual-report-2014-15-synthetic.pdf",
    "title": "Tri-borough LSCB Annual Report 2014/15",
    "board": TRI_BOARD,
    "boroughs": TRI,
    "period": "2014/15",
    "doc_type": "annual_report",
    "blocks": [
        (
            "cover",
            [
                "Local Safeguarding Children Board",
                "Hammersmith and Fulham, Kensington and Chelsea and Westminster",
                "Annual Report 2014/15 (SYNTHETIC)",
            ],
        ),
        ("h", 1, "1. Introduction"),
        (
            "p",
            "This is the third annual report of the tri-borough LSCB. It reports on the "
            "Board's four priorities for 2014/15: child sexual exploitation and missing "
            "children, neglect, early help, and the safeguarding of children in the context "
            "of domestic abuse, parental mental health and substance misuse.",
        ),
        ("h", 1, "2. Progress against priorities"),
        ("h", 2, "Child sexual exploitation and missing children"),
        (
            "p",
            "The tri-borough CSE panel discussed 142 young people during the year. Return "
            "interviews were completed for 78% of missing episodes, up from 41% in 2013/14. "
            "Gangs and sexual exploitation remain closely linked, particularly for girls.",
        ),
        ("h", 2, "Neglect"),
        (
            "p",
            "The neglect strategy was launched in June 2014 and 640 practitioners were trained "
            "in the Graded Care Profile. Neglect remains the most common category of plan.",
        ),
        ("h", 2, "Housing and temporary accommodation"),
        (
            "p",
            "The number of families with children in temporary accommodation outside the three "
            "boroughs rose again. The transfer protocol recommended by the Child F serious case "
            "review is in place and was audited in January 2015.",
        ),
        ("h", 1, "3. Summary of accounts 2014/15"),
        accounts(
            "Table 1: Income and expenditure 2014/15",
            [
                ["Local authority contributions (three councils)", "180,000", ""],
                ["Clinical Commissioning Groups", "75,000", ""],
                ["Metropolitan Police (MOPAC)", "5,000", "Reduced by MOPAC across London"],
                ["National Probation Service and CRC", "2,000", ""],
                ["CAFCASS", "1,650", ""],
                ["Total income", "263,650", ""],
                ["Total expenditure", "271,400", "Includes two serious case reviews"],
                ["Drawn from reserves", "(7,750)", ""],
            ],
        ),
        ("template", "landscape"),
        ("h", 1, "Appendix \u2013 Performance data 2012/13 to 2014/15"),
        (
            "p",
            "In 2014/15 there were 845 conferences relating to 1,452 children across the three "
            "boroughs.",
        ),
        table(
            "Table 2: Three-year performance by borough",
            "performance",
            ["Measure", "Borough", "2012/13", "2013/14", "2014/15", "Comment"],
            [
                ["Child protection conferences", "H&F", "301", "296", "310", ""],
                ["Child protection conferences", "K&C", "218", "225", "233", ""],
                ["Child protection conferences", "Westminster", "293", "289", "302", ""],
                ["Children subject to a plan at 31 March", "H&F", "168", "161", "172", ""],
                ["Children subject to a plan at 31 March", "K&C", "104", "98", "101", ""],
                ["Children subject to a plan at 31 March", "Westminster", "121", "117", "126", ""],
                [
                    "Missing episodes with a return interview",
                    "Tri-borough",
                    "n/a",
                    "41%",
                    "78%",
                    "New measure from 2013/14",
                ],
                [
                    "Private fostering notifications",
                    "Tri-borough",
                    "24",
                    "29",
                    "33",
                    "Language school students the largest group",
                ],
                ["MARAC cases with children", "Tri-borough", "812", "864", "901", ""],
            ],
            widths=[0.3, 0.12, 0.09, 0.09, 0.09, 0.31],
        ),
    ],
    "figures": [
        ("142 young people", "young people discussed at CSE panel", 142, "young people"),
        ("78%", "missing episodes with a return interview", 78, "percent"),
        (
            "640 practitioners",
            "practitioners trained in the Graded Care Profile",
            640,
            "practitioners",
        ),
        ("Total income 263,650", "total income", 263650, "GBP"),
        ("Total expenditure 271,400", "total expenditure", 271400, "GBP"),
        ("845 conferences", "child protection conferences (tri-borough)", 845, "conferences"),
        ("1,452 children", "children discussed at conference (tri-borough)", 1452, "children"),
    ],
}


# ---------------------------------------------------------------------------
# 9. Board minutes 2014/15
# ---------------------------------------------------------------------------

TRI_MINUTES_2015 = {
    "file": "triborough-lscb-board-minutes-2015-01-synthetic.pdf",
    "title": "Tri-borough LSCB Executive \u2013 Minutes of 14 January 2015",
    "board": TRI_BOARD,
    "boroughs": TRI,
    "period": "2014/15",
    "doc_type": "minutes",
    "blocks": [
        ("h", 1, "Tri-borough LSCB Executive: Minutes of the meeting held on 14 January 2015"),
        (
            "p",
            "Present: Independent Chair (chair); Director of Family Services; Tri-borough "
            "Director of Children's Services; Chief Nurse, CCGs; Detective Superintendent, "
            "Metropolitan Police; Head of Safeguarding, CLCH; Assistant Chief Officer, National "
            "Probation Service; Head teacher representatives (primary and secondary); LSCB "
            "Business Manager (minutes).",
        ),
        ("p", "Apologies: CAFCASS Service Manager; Director of Public Health."),
        ("h", 2, "1. Minutes of the last meeting and matters arising"),
        (
            "p",
            "The minutes of 12 November 2014 were agreed. All actions were complete or on the agenda.",
        ),
        ("h", 2, "2. Child sexual exploitation update"),
        (
            "p",
            "The CSE co-ordinator reported that 37 young people were discussed at the December "
            "panel. Hotels and taxi firms have received awareness training. Members noted the "
            "continuing link between gangs and sexual exploitation of girls.",
        ),
        ("h", 2, "3. Temporary accommodation and welfare reform"),
        (
            "p",
            "Housing reported that 412 households with children were placed in temporary "
            "accommodation outside the three boroughs. The Board asked for assurance that "
            "receiving authorities are notified for every family with an open case.",
        ),
        ("h", 2, "4. Probation: Transforming Rehabilitation"),
        (
            "p",
            "The National Probation Service and the Community Rehabilitation Company both "
            "confirmed named safeguarding leads. Caseloads in the CRC remain high.",
        ),
        ("h", 2, "5. Action log"),
        table(
            "Actions agreed",
            "other",
            ["No.", "Action", "Owner", "Due"],
            [
                [
                    "1",
                    "Report on notifications to receiving authorities for families in temporary accommodation",
                    "Housing",
                    "March 2015",
                ],
                ["2", "Circulate the CSE problem profile to members", "Police", "February 2015"],
                [
                    "3",
                    "Schools safeguarding audit results to next meeting",
                    "Education",
                    "March 2015",
                ],
                [
                    "4",
                    "Confirm CRC attendance at child protection conferences",
                    "CRC",
                    "March 2015",
                ],
            ],
            widths=[0.07, 0.6, 0.15, 0.18],
        ),
    ],
    "figures": [
        ("37 young people", "young people discussed at CSE panel (December)", 37, "young people"),
        ("412 households", "households with children in out-of-borough TA", 412, "households"),
    ],
}


# ---------------------------------------------------------------------------
# 10. Kensington and Chelsea stock-take March 2012 (DOCX)
# ---------------------------------------------------------------------------


def _docx_stocktake(
    agency: str, risks: list[list[str]], strengths: list[list[str]]
) -> list[tuple[Any, ...]]:
    return stocktake(agency, risks, strengths)


KC_STOCKTAKE_2011_DOCX = {
    "file": "kensington-chelsea-lscb-stocktake-2011-12-synthetic.docx",
    "title": "Kensington and Chelsea LSCB Stock Take March 2012",
    "board": KC_BOARD,
    "boroughs": ["Kensington and Chelsea"],
    "period": "2011/12",
    "doc_type": "stocktake",
    "blocks": [
        ("cover", ["Kensington and Chelsea LSCB", "LSCB Stock Take March 2012 (SYNTHETIC)"]),
        ("h", 1, "LSCB Stock Take March 2012"),
        (
            "p",
            "Each agency attending the LSCB Executive is asked to identify a maximum of three "
            "top priority risks during the transition to the tri-borough LSCB, and the "
            "strengths of safeguarding in Kensington and Chelsea.",
        ),
        *_docx_stocktake(
            "Children's Services",
            [HOUSING_RISK, GANGS_RISK],
            [
                [
                    "Strong multi-agency response to gang related violence.",
                    "Gangs matrix data; MAPPA and MARAC links.",
                    "Share at tri-borough events.",
                    "As above",
                ]
            ],
        ),
        ("pagebreak",),
        *_docx_stocktake(
            "NHS Kensington and Chelsea",
            [NHS_RISK, PRIVATE_FOSTERING_RISK],
            [
                [
                    "Designated nurse and doctor provide strong leadership.",
                    "Ofsted inspection of safeguarding and looked after children.",
                    "Annual report.",
                    "",
                ]
            ],
        ),
        ("pagebreak",),
        *_docx_stocktake("Probation", [PROBATION_RISK], [MAPPA_STRENGTH]),
    ],
    "figures": [],
}


PAPERS: list[dict[str, Any]] = [
    KC_AR_2011,
    HF_AR_2011,
    TRI_STOCKTAKE_2012,
    TRI_AR_2012,
    TRI_STOCKTAKE_2013,
    TRI_SCR_CHILD_F,
    WCC_MR_2011,
    TRI_AR_2014,
    TRI_MINUTES_2015,
    KC_STOCKTAKE_2011_DOCX,
]
