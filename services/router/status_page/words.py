"""The page's own words in English and Welsh; report texts come from the router as they are."""

from __future__ import annotations

from dataclasses import dataclass

CATEGORIES: dict[str, dict[str, str]] = {
    "en": {
        "traffic_signal": "Traffic lights",
        "street_light": "Street lights",
        "road_defect": "Road or pavement damage",
        "flooding": "Flooding or blocked drain",
        "fallen_tree": "Fallen tree",
        "flytipping": "Fly-tipping",
        "waste_collection": "Bins and collections",
        "street_cleaning": "Litter, glass or graffiti",
        "noise": "Noise",
        "antisocial_behaviour": "Antisocial behaviour",
        "crime": "Crime",
        "road_collision": "Road collision",
        "nhs_service": "NHS services",
        "general_enquiry": "Question",
    },
    "cy": {
        "traffic_signal": "Goleuadau traffig",
        "street_light": "Goleuadau stryd",
        "road_defect": "Difrod i'r ffordd neu'r palmant",
        "flooding": "Llifogydd neu ddraen wedi'i flocio",
        "fallen_tree": "Coeden wedi cwympo",
        "flytipping": "Tipio anghyfreithlon",
        "waste_collection": "Biniau a chasgliadau",
        "street_cleaning": "Sbwriel, gwydr neu graffiti",
        "noise": "Sŵn",
        "antisocial_behaviour": "Ymddygiad gwrthgymdeithasol",
        "crime": "Trosedd",
        "road_collision": "Gwrthdrawiad ffordd",
        "nhs_service": "Gwasanaethau'r GIG",
        "general_enquiry": "Cwestiwn",
    },
}

# The progress steps, in order; "handed back" is shown as a note, not a step.
STEPS = ("received", "routed", "delivered", "acknowledged", "in progress", "resolved")


@dataclass(frozen=True)
class Words:
    """Every fixed phrase on the page, in one language."""

    lang: str
    title: str
    report: str
    reference: str
    near: str
    emergency: str
    progress: str
    step_of: str
    steps: tuple[str, ...]
    handed_back: str
    bodies: str
    no_bodies: str
    happened: str
    nothing_yet: str
    kinds: dict[str, str]
    months: tuple[str, ...]
    privacy: str
    other_language: str
    not_found_title: str
    not_found_text: str


EN = Words(
    lang="en",
    title="Your report",
    report="Report",
    reference="Reference",
    near="Near",
    emergency="If anyone is in danger, call 999.",
    progress="Where it's up to",
    step_of="Step {n} of {total}",
    steps=("Received", "Passed on", "Delivered", "Picked up", "Being worked on", "Fixed"),
    handed_back="The team we sent this to says it isn't theirs, so it's going to the right place.",
    bodies="Who's dealing with it",
    no_bodies="We haven't passed this on yet.",
    happened="What's happened so far",
    nothing_yet="Nothing yet. Check back soon.",
    kinds={
        "received": "Received",
        "routed": "Passed on",
        "delivered": "Delivered",
        "acknowledged": "Picked up",
        "update": "Update",
        "resolved": "Fixed",
        "handed_back": "Handed back",
        "escalated": "Chased",
        "holding_reply": "Still waiting",
    },
    months=("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    privacy="Anyone with this link can see this page, so it never shows names or contact details.",
    other_language="Cymraeg",
    not_found_title="We can't find that report",
    not_found_text=(
        "There's no report with the reference {reference}. Check it against our reply to you: "
        "it looks like HRD-7K3M-Q2AB."
    ),
)

CY = Words(
    lang="cy",
    title="Eich adroddiad",
    report="Adroddiad",
    reference="Cyfeirnod",
    near="Ger",
    emergency="Os oes unrhyw un mewn perygl, ffoniwch 999.",
    progress="Ble mae pethau arni",
    step_of="Cam {n} o {total}",
    steps=(
        "Wedi'i dderbyn",
        "Wedi'i anfon ymlaen",
        "Wedi cyrraedd",
        "Wedi'i gymryd",
        "Ar waith",
        "Wedi'i drwsio",
    ),
    handed_back=(
        "Mae'r tîm y gwnaethom ei anfon ato yn dweud nad eu cyfrifoldeb nhw yw hyn, "
        "felly mae'n mynd i'r lle iawn."
    ),
    bodies="Pwy sy'n delio â hyn",
    no_bodies="Dydyn ni ddim wedi anfon hyn ymlaen eto.",
    happened="Beth sydd wedi digwydd hyd yma",
    nothing_yet="Dim byd eto. Dewch yn ôl yn fuan.",
    kinds={
        "received": "Wedi'i dderbyn",
        "routed": "Wedi'i anfon ymlaen",
        "delivered": "Wedi cyrraedd",
        "acknowledged": "Wedi'i gymryd",
        "update": "Diweddariad",
        "resolved": "Wedi'i drwsio",
        "handed_back": "Wedi'i roi yn ôl",
        "escalated": "Wedi atgoffa",
        "holding_reply": "Yn dal i aros",
    },
    months=(
        "Ion",
        "Chwef",
        "Maw",
        "Ebr",
        "Mai",
        "Meh",
        "Gorff",
        "Awst",
        "Medi",
        "Hyd",
        "Tach",
        "Rhag",
    ),
    privacy=(
        "Gall unrhyw un sydd â'r ddolen hon weld y dudalen, felly nid yw byth yn dangos enwau "
        "na manylion cyswllt."
    ),
    other_language="English",
    not_found_title="Allwn ni ddim dod o hyd i'r adroddiad hwnnw",
    not_found_text=(
        "Does dim adroddiad gyda'r cyfeirnod {reference}. Gwiriwch ef yn erbyn ein hateb i chi: "
        "mae'n edrych fel HRD-7K3M-Q2AB."
    ),
)


def words_for(language: str) -> Words:
    """Welsh for "cy", English for anything else."""
    return CY if language.lower().startswith("cy") else EN


def category_label(code: str, language: str) -> str:
    """The human name of a category code; an unknown code reads as the general one."""
    table = CATEGORIES[words_for(language).lang]
    return table.get(code, table["general_enquiry"])
