"""One line for each research field a reader meets on the lists, the filters, the matrix, the
comparison and a case study, by the name the filters use (``projects.filters.ProjectFilter``),
so a term such as "Matrix target" or "Proactivity" is explained the same wherever it appears."""

FIELD_HELP = {
    "year": "The year BJA made the SPI award; projects of one year form a cohort.",
    "cohort": "The year BJA made the SPI award; projects of one year form a cohort.",
    "state": "Where the agency is.",
    "strategy": "What the agency did, in the portal's list of policing strategies.",
    "problem": "The crime or disorder problem the project took on.",
    "target": "What the project aimed at: places, people, groups, or the agency itself.",
    "design": "How the project was evaluated (an experiment, a comparison, a before-and-after "
    "look...).",
    "sms": "The Maryland Scientific Methods Scale: 1, a correlation, to 5, random assignment; "
    "3 or more means a comparison group.",
    "population": "How many people lived in the jurisdiction at the award.",
    "settlement": "The kind of place the agency serves, from small rural to metropolitan.",
    "significant": "Only projects with a statistically significant result.",
    "matrix_target": "The Evidence-Based Policing Matrix's target: from individuals and groups "
    "to micro places, neighborhoods or a whole jurisdiction.",
    "specificity": "On the Matrix: general (broad activity) or focused (tailored to a problem).",
    "proactivity": "On the Matrix: reactive (answering calls), proactive, or highly proactive "
    "(acting before crime happens).",
    "rating": "The portal's own rating of the evidence, by its published rule.",
    "external": "What other clearinghouses (CrimeSolutions, the Policing Matrix) rated.",
    "comparison": "Evaluated against a comparison group (Maryland level 3 or more, completed).",
    "outcomes": "Whether the project reported a measured result.",
    "stage": "Where the project stood, as a source says: planning, implementing or completed.",
}


def explain(name: str) -> str:
    """The one-line explanation of the field ``name``; empty for a field that needs none."""
    return FIELD_HELP.get(name, "")
