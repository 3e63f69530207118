"""Writes queries.json: the judged evaluation set (kept as code for readable diffs).

Each relevant passage is named by file stem (any extension), page (None = any page:
the seed report is judged from its text edition) and a distinctive substring.
Judgments were written before any tuning of the search. The seed report is judged
in both editions: its text (page None) and the PDF in corpus/papers, whose Housing
stock-take rows come out of the PDF reader with columns interleaved (page 13);
a judgment matching nothing in the edition ingested is only a warning.
"""

import json
from pathlib import Path

HF16, HF19, HF24 = (
    "ofsted-hammersmith-fulham-2016-03",
    "ofsted-hammersmith-fulham-2019-10",
    "ofsted-hammersmith-fulham-2024-05",
)
KC16, KC19, KC25 = (
    "ofsted-kensington-chelsea-2016-03",
    "ofsted-kensington-chelsea-2019-10",
    "ofsted-kensington-chelsea-2025-01",
)
W16, W19, W25 = (
    "ofsted-westminster-2016-03",
    "ofsted-westminster-2019-10",
    "ofsted-westminster-2025-01",
)
SEED = "westminster-lscb-annual-report-2011-12"
# Synthetic corpus papers (corpus/papers), judged from their text as ingested.
BABYK = "westminster-lscb-management-review-baby-k-2011-12-synthetic"
CHILDF = "triborough-lscb-serious-case-review-child-f-2013-14-synthetic"
AR1213 = "triborough-lscb-annual-report-2012-13-synthetic"
AR1415 = "triborough-lscb-annual-report-2014-15-synthetic"
MIN15 = "triborough-lscb-board-minutes-2015-01-synthetic"
ST1213 = "triborough-lscb-stocktake-2012-13-synthetic"
ST1314 = "triborough-lscb-stocktake-2013-14-synthetic"


def r(file, page, contains):
    return {"file": file, "page": page, "contains": contains}


KEYWORD = [
    (
        "private fostering arrangements",
        [
            r(KC25, 3, "Children living in private fostering arrangements receive comprehensive"),
            r(W16, 14, "The 10 children known to be living in private fostering"),
            r(HF16, 17, "Strategic oversight of private fostering demonstrates"),
            r(
                KC16,
                17,
                "Well-coordinated strategic oversight of children living in private fostering",
            ),
            r(KC19, 6, "bi-borough approach to private fostering"),
            r(HF19, 4, "only one known private fostering arrangement"),
        ],
    ),
    (
        "MAPPA",
        [
            r(SEED, None, "All sex offender and violent offenders are referred into MAPPA"),
            r(SEED, None, "Regular management oversight and referral to MAPPA and MARAC"),
            r(KC16, 15, "multi-agency public protection arrangem"),
        ],
    ),
    (
        "female genital mutilation",
        [
            r(HF16, 17, "tri-borough female genital mutilation project"),
            r(W16, 29, "very low numbers of referrals concerning female genital mutilation"),
            r(W16, 13, "female genital mutilation, forced marriage and honour-based violence"),
            r(KC16, 15, "risk of accusations of spirit possession"),
        ],
    ),
    ("LADO notifications", [r(SEED, None, "fifty-two LADO notifications")]),
    (
        "bed and breakfast accommodation",
        [
            r(W16, 25, "Bed and breakfast accommodation is rarely used"),
            r(SEED, None, "more use of bed and breakfast accommodation"),
        ],
    ),
    (
        "Munro Report",
        [
            r(SEED, None, "Nationally the Munro Report on child protection"),
            r(SEED, None, "The Munro Report was widely welcomed"),
            r(SEED, None, "very involved in the Munro Review"),
        ],
    ),
    ("LSCB budget underspend", [r(SEED, None, "there was an underspend against that budget")]),
    (
        "child death overview panel",
        [
            r(HF16, 39, "The child death overview panel (CDOP) undertakes its statutory duties"),
            r(KC16, 47, "The child death overview panel (CDOP) effectively undertakes"),
            r(W16, 39, "The child death overview panel (CDOP) effectively undertakes"),
        ],
    ),
    (
        "gang related serious youth violence",
        [
            r(SEED, None, "Gang related serious youth violence"),
            r(KC19, 10, "from gang affiliation and associated serious youth violence"),
        ],
    ),
    ("adoption scorecard", [r(HF16, 25, "The validated adoption scorecard performance")]),
    (
        "return home interviews",
        [
            r(HF16, 3, "Return home interviews, although occurring"),
            r(HF16, 8, "Collate information drawn from return home interviews"),
            r(HF19, 4, "Children and young people receive timely return home interviews"),
        ],
    ),
    ("probation staff caseloads", [r(SEED, None, "Staff carry caseloads of 50+")]),
    (
        "temporary accommodation for homeless households",
        [
            r(
                SEED,
                None,
                "Significant pressures on availability of in-borough Temporary Accommodation",
            ),
        ],
    ),
    (
        "foster carer recruitment",
        [
            r(HF16, 24, "The recruitment and assessment of prospective foster carers"),
            r(W19, 6, "efficiently recruits potential carers"),
            r(W16, 20, "An ambitious and proactive fostering recruitment programme"),
        ],
    ),
    (
        "Prevent channel radicalisation",
        [
            r(KC16, 17, "The channel process is a strength across the tri-borough"),
            r(KC16, 41, "Strong collaboration between the ‘Prevent’ team"),
            r(
                HF16,
                16,
                "Social workers and managers are alert to the potential for radicalisation",
            ),
        ],
    ),
    (
        "children on protection plans for 18 months",
        [r(SEED, None, "Children who have been on protection plans for 18months")],
    ),
    (
        "emergency duty service",
        [r(HF24, 4, "timely and coordinated response from the emergency duty service")],
    ),
    (
        "social worker turnover",
        [
            r(W19, 9, "Annual turnover rates are relatively low"),
            r(KC19, 11, "Staff morale is high, and turnover is low"),
        ],
    ),
    (
        "allegations against staff",
        [
            r(
                KC16,
                18,
                "tri-borough arrangements for the management of allegations against adults",
            ),
            r(HF16, 16, "management of allegations against members of the children’s workforce"),
        ],
    ),
    (
        "initial health assessments",
        [
            r(W16, 17, "About 70% of initial health assessments"),
            r(HF24, 7, "Not all children receive timely initial health assessments"),
        ],
    ),
    (
        "interpreters",
        [
            r(SEED, None, "regarding the use of interpreters"),
            r(W16, 21, "using an interpreter to understand"),
        ],
    ),
    (
        "unborn babies",
        [
            r(W25, 4, "Early planning for unborn babies is a particular strength"),
            r(W25, 9, "strength of practice for unborn babies"),
        ],
    ),
    # -- added for issue 15 (k23-k40): tri-borough Ofsted reports and the synthetic papers
    (
        "elective home education",
        [
            r(KC25, 4, "oversee the arrangements for elective home education"),
            r(HF16, 15, "elective home education and children missing team"),
        ],
    ),
    (
        "pre-proceedings",
        [
            r(HF16, 34, "consistently high quality of pre-proceedings work"),
            r(KC19, 5, "Work undertaken during pre-proceedings"),
            r(KC16, 40, "consistently high quality of pre-proceedings work"),
            r(KC25, 3, "escalated into the pre-proceedings phase"),
            r(HF19, 5, "Pre-proceedings activity under the public law outline"),
            r(W25, 4, "supported through pre-proceedings within the Public Law Outline"),
            r(W16, 16, "pre-proceedings work is of a very high standard"),
            r(W16, 32, "consistently high quality of pre-proceedings work"),
        ],
    ),
    (
        "disabled children",
        [
            r(W19, 4, "Social work practice with disabled children"),
            r(KC19, 5, "Disabled children receive a strong service"),
            r(HF24, 7, "Disabled children live in suitable homes"),
            r(KC25, 4, "Disabled children are exceptionally well supported"),
            r(HF19, 4, "Disabled children benefit from a wide range"),
            r(W25, 3, "Disabled children receive strong, timely assessments"),
        ],
    ),
    (
        "CSE panel",
        [
            r(AR1415, 2, "The tri-borough CSE panel discussed 142 young people"),
            r(MIN15, 1, "The CSE co-ordinator reported that 37 young people"),
            r(HF16, 15, "the borough child sexual exploitation panels"),
        ],
    ),
    ("Graded Care Profile", [r(AR1415, 2, "trained in the Graded Care Profile")]),
    (
        "bruising in non-mobile babies",
        [
            r(BABYK, 2, "bruising in non-mobile babies should always be referred"),
            r(BABYK, 2, "adopt a protocol on bruising in non-mobile babies"),
            r(BABYK, 2, "Recommendation: 1. Bruising protocol"),
        ],
    ),
    (
        "placement stability",
        [
            r(HF19, 6, "Placement stability is well considered"),
            r(W16, 19, "Long-term and short-term placement stability is very strong"),
            r(HF16, 21, "Short-term placement stability has improved"),
        ],
    ),
    (
        "Section 11 audits",
        [
            r(HF16, 35, "Through systematic analysis of audits under Section 11"),
            r(KC16, 42, "Through systematic analysis of audits under Section 11"),
            r(W16, 34, "Through systematic analysis of audits under section 11"),
            r(HF16, 37, "A biannual cycle of audits under Section 11"),
            r(KC16, 44, "A biannual cycle of audits under Section 11"),
            r(W16, 37, "A bi-annual cycle of audits under section 11"),
        ],
    ),
    (
        "special guardianship orders",
        [
            r(HF24, 6, "children who are cared for under special guardianship orders"),
            r(HF24, 10, "Special guardianship carers are no longer means tested"),
            r(HF16, 7, "eight children became the subject of special guardianship orders"),
        ],
    ),
    (
        "independent reviewing officers caseloads",
        [r(W16, 19, "Independent reviewing officers (IROs) have manageable caseloads")],
    ),
    (
        "temporary accommodation outside the three boroughs",
        [
            r(MIN15, 1, "412 households with children were placed in temporary accommodation"),
            r(AR1415, 2, "children in temporary accommodation outside the three boroughs rose"),
            r(ST1314, 2, "welfare reform and temporary accommodation outside the three boroughs"),
        ],
    ),
    ("interpreter audit", [r(AR1213, 3, "The interpreter audit found that in 9 of 30 cases")]),
    (
        "adult mental health services discharged",
        [r(CHILDF, 2, "Adult mental health services discharged mother after two missed")],
    ),
    (
        "Community Rehabilitation Company",
        [r(MIN15, 1, "the Community Rehabilitation Company both confirmed named safeguarding")],
    ),
    (
        "MARAC information sharing with maternity services",
        [
            r(BABYK, 2, "Maternity services did not know of the MARAC referral"),
            r(BABYK, 2, "ask the MARAC Steering Group to include maternity services"),
            r(BABYK, 2, "Recommendation: 2. MARAC information to maternity"),
        ],
    ),
    (
        "schools converting to academies",
        [
            r(ST1314, 5, "as more schools convert to academies"),
            r(ST1213, 8, "as more schools convert to academies"),
        ],
    ),
    (
        "family group conferences",
        [
            r(HF16, 20, "Family group conferences are used at an early stage"),
            r(W16, 16, "Family group conferences (FGCs) are used early"),
            r(W25, 5, "supported well through family group conferencing"),
            r(KC19, 5, "Family group conferencing is used well"),
        ],
    ),
    (
        "care leavers apprenticeships",
        [
            r(HF19, 7, "including an increase in the number of apprenticeships"),
            r(KC25, 9, "actively supported to apply for apprenticeships"),
            r(W16, 26, "Top-up funding for young people on apprenticeships"),
        ],
    ),
]

PARAPHRASE = [
    (
        "parents who don't speak English",
        [
            r(SEED, None, "regarding the use of interpreters"),
            r(W16, 21, "using an interpreter to understand"),
        ],
    ),
    ("unused money", [r(SEED, None, "there was an underspend against that budget")]),
    (
        "complaints about employees who mistreat youngsters",
        [
            r(
                KC16,
                18,
                "tri-borough arrangements for the management of allegations against adults",
            ),
            r(HF16, 16, "management of allegations against members of the children’s workforce"),
        ],
    ),
    (
        "ritual cutting",
        [
            r(HF16, 17, "tri-borough female genital mutilation project"),
            r(W16, 29, "very low numbers of referrals concerning female genital mutilation"),
            r(W16, 13, "female genital mutilation, forced marriage and honour-based violence"),
            r(KC16, 15, "risk of accusations of spirit possession"),
        ],
    ),
    (
        "youngsters who run away",
        [
            r(HF16, 8, "Collate information drawn from return home interviews"),
            r(HF24, 4, "When children go missing from home or are at risk of exploitation"),
            r(W19, 3, "Children who go missing are seen promptly"),
        ],
    ),
    ("cheap hotels for teenagers", [r(W16, 25, "Bed and breakfast accommodation is rarely used")]),
    (
        "why infants die",
        [
            r(HF16, 39, "The child death overview panel (CDOP) undertakes its statutory duties"),
            r(KC16, 47, "The child death overview panel (CDOP) effectively undertakes"),
            r(W16, 39, "The child death overview panel (CDOP) effectively undertakes"),
        ],
    ),
    (
        "teenagers drawn towards terrorism",
        [
            r(
                HF16,
                16,
                "Social workers and managers are alert to the potential for radicalisation",
            ),
            r(KC16, 41, "Strong collaboration between the ‘Prevent’ team"),
        ],
    ),
    (
        "employees quitting",
        [
            r(W19, 9, "Annual turnover rates are relatively low"),
            r(KC19, 11, "Staff morale is high, and turnover is low"),
        ],
    ),
    (
        "jailed youngsters",
        [
            r(KC16, 33, "The three care leavers who were in custody"),
            r(KC25, 9, "Care leavers in custody are well supported by PAs"),
            r(W19, 7, "young people who are in custody have been strengthened"),
        ],
    ),
    ("inquiry proposing less bureaucracy", [r(SEED, None, "The Munro Report was widely welcomed")]),
    (
        "stabbings and street fights",
        [
            r(SEED, None, "Gang related serious youth violence"),
            r(KC19, 10, "from gang affiliation and associated serious youth violence"),
        ],
    ),
    (
        "delays before kids get new mums and dads",
        [
            r(
                HF16,
                25,
                "average time between a child entering care and moving in with their adoptive",
            ),
            r(HF16, 26, "Three children took longer than 16 months"),
        ],
    ),
    (
        "expectant mums",
        [
            r(W25, 4, "Early planning for unborn babies is a particular strength"),
            r(W25, 9, "strength of practice for unborn babies"),
        ],
    ),
    (
        "how heavy are workloads",
        [
            r(SEED, None, "Staff carry caseloads of 50+"),
            r(W19, 4, "Social workers have manageable caseloads"),
            r(HF16, 21, "supported by manageable caseloads"),
        ],
    ),
    (
        "overnight and weekend cover",
        [
            r(HF24, 4, "timely and coordinated response from the emergency duty service"),
            r(KC16, 7, "Review out-of-hours arrangements"),
        ],
    ),
    (
        "teenagers lured into dealing drugs",
        [
            r(W19, 3, "The response to children at risk of, or involved in, criminal exploitation"),
            r(W19, 8, "Outstanding work with children affected by gangs and criminal exploitation"),
            r(HF19, 4, "Gangs and multi-agency criminal exploitation (G-MACE)"),
        ],
    ),
    (
        "lone refugee kids",
        [
            r(KC16, 3, "minors who arrive in this country unaccompanied"),
            r(W16, 21, "unaccompanied asylum-seeking young people"),
        ],
    ),
    (
        "doctor visits for fostered youngsters",
        [
            r(W16, 17, "About 70% of initial health assessments"),
            r(HF24, 7, "Not all children receive timely initial health assessments"),
        ],
    ),
    (
        "landlords refusing tenants on welfare",
        [
            r(SEED, None, "Reduced availability of private rented sector housing"),
        ],
    ),
    (
        "kids re-registered soon after their case closed",
        [r(SEED, None, "being put back on within twelve months")],
    ),
    ("witchcraft beliefs", [r(KC16, 15, "risk of accusations of spirit possession")]),
    # -- added for issue 15 (p23-p40): strict paraphrases of the questions above
    (
        "mums and dads teaching their kids themselves instead of enrolling",
        [
            r(KC25, 4, "oversee the arrangements for elective home education"),
            r(HF16, 15, "elective home education and children missing team"),
        ],
    ),
    (
        "kids with impairments",
        [
            r(W19, 4, "Social work practice with disabled children"),
            r(KC19, 5, "Disabled children receive a strong service"),
            r(HF24, 7, "Disabled children live in suitable homes"),
            r(KC25, 4, "Disabled children are exceptionally well supported"),
            r(HF19, 4, "Disabled children benefit from a wide range"),
            r(W25, 3, "Disabled children receive strong, timely assessments"),
        ],
    ),
    (
        "grooming teenagers for sex",
        [
            r(AR1415, 2, "The tri-borough CSE panel discussed 142 young people"),
            r(HF16, 14, "Significant progress has been made to tackle child sexual exploitation"),
            r(W16, 13, "Significant progress has been made in addressing child sexual"),
            r(HF16, 15, "Within the borough, in cases where child sexual exploitation is known"),
        ],
    ),
    (
        "marks on tiny infants who cannot yet crawl",
        [
            r(BABYK, 2, "bruising in non-mobile babies should always be referred"),
            r(BABYK, 2, "adopt a protocol on bruising in non-mobile babies"),
            r(BABYK, 2, "Recommendation: 1. Bruising protocol"),
        ],
    ),
    (
        "kids bounced from one household to the next",
        [
            r(HF19, 6, "Placement stability is well considered"),
            r(W16, 19, "Long-term and short-term placement stability is very strong"),
            r(HF16, 21, "Short-term placement stability has improved"),
        ],
    ),
    (
        "grandparents or an aunt granted legal custody to raise a kid",
        [
            r(HF24, 6, "children who are cared for under special guardianship orders"),
            r(HF24, 10, "Special guardianship carers are no longer means tested"),
        ],
    ),
    (
        "homeless households sent miles away",
        [
            r(AR1415, 2, "children in temporary accommodation outside the three boroughs rose"),
            r(ST1314, 2, "welfare reform and temporary accommodation outside the three boroughs"),
        ],
    ),
    (
        "a youngster translating for mum at the doctor's",
        [
            r(CHILDF, 2, "the eldest child, aged ten, interpreted for her mother"),
            r(AR1213, 3, "The interpreter audit found that in 9 of 30 cases"),
        ],
    ),
    (
        "psychiatric team closing the file after no-shows",
        [r(CHILDF, 2, "Adult mental health services discharged mother after two missed")],
    ),
    (
        "private firms supervising offenders on licence",
        [r(MIN15, 1, "the Community Rehabilitation Company both confirmed named safeguarding")],
    ),
    (
        "midwives kept in the dark about a domestic violence risk meeting",
        [
            r(BABYK, 2, "Maternity services did not know of the MARAC referral"),
            r(BABYK, 2, "ask the MARAC Steering Group to include maternity services"),
        ],
    ),
    (
        "self-governing state-funded classrooms beyond town hall reach",
        [
            r(ST1314, 5, "as more schools convert to academies"),
            r(ST1213, 8, "as more schools convert to academies"),
        ],
    ),
    (
        "relatives gathering to decide a kid's future",
        [
            r(HF16, 20, "Family group conferences are used at an early stage"),
            r(W16, 16, "Family group conferences (FGCs) are used early"),
            r(W25, 5, "supported well through family group conferencing"),
        ],
    ),
    (
        "paid on-the-job learning for teens who grew up fostered",
        [
            r(HF19, 7, "including an increase in the number of apprenticeships"),
            r(KC25, 9, "actively supported to apply for apprenticeships"),
        ],
    ),
    (
        "a toddler starving and hurt",
        [r(CHILDF, 2, "admitted to hospital with malnutrition and untreated injuries")],
    ),
    (
        "tooth checkups for kids in foster homes",
        [r(W16, 17, "Three quarters of young people have had a den")],
    ),
    (
        "ideology and extremism in schools",
        [
            r(
                HF16,
                16,
                "Social workers and managers are alert to the potential for radicalisation",
            ),
            r(W16, 13, "female genital mutilation, forced marriage and honour-based violence"),
        ],
    ),
    (
        "formal warnings before a judge decides on removal",
        [
            r(KC25, 3, "escalated into the pre-proceedings phase"),
            r(HF19, 5, "Pre-proceedings activity under the public law outline"),
            r(W25, 4, "supported through pre-proceedings within the Public Law Outline"),
        ],
    ),
]


def main() -> None:
    out = []
    for kind, items in (("keyword", KEYWORD), ("paraphrase", PARAPHRASE)):
        for i, (query, rel) in enumerate(items, start=1):
            out.append({"id": f"{kind[0]}{i:02d}", "type": kind, "query": query, "relevant": rel})
    path = Path(__file__).with_name("queries.json")
    path.write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{path}: {len(out)} queries")


if __name__ == "__main__":
    main()
