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
            r(SEED, 13, "at a time of increasing: use of bed and breakfast"),
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
            r(SEED, 13, "Significant pressures on Strong links between"),
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
            r(SEED, 13, "Reduced availability of private The updated"),
        ],
    ),
    (
        "kids re-registered soon after their case closed",
        [r(SEED, None, "being put back on within twelve months")],
    ),
    ("witchcraft beliefs", [r(KC16, 15, "risk of accusations of spirit possession")]),
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
