"""Exemplars (điển hình tiên tiến) and their replication (nhân rộng), emulation campaigns
(phong trào thi đua) and each unit's ethics standards (chuẩn mực đạo đức, tiêu chí nêu gương).

An Exemplar is proposed by a unit, reviewed by the level above, recognised at a level (a cell
or a committee) and published; an Adoption records another unit taking it up, from planned to
sustained, with results against a baseline, verified by the level above. A Campaign is hosted
by a unit; participating units register targets, record activities and get results. A
Standard is a unit's versioned document. Writes go through the services of this app; every
queryset a page uses starts from `visible_to(user)`.

The models live by concern in `exemplars`, `adoptions`, `campaigns` and `standards`; they are
imported here so that Django finds them and callers import from `lamtheo.exemplars.models`.
"""

from lamtheo.exemplars.models.adoptions import (
    TAKEN_UP,
    UNKNOWN,
    Adoption,
    AdoptionCounts,
    AdoptionCountsQuerySet,
    AdoptionEvent,
    AdoptionEventQuerySet,
    AdoptionQuerySet,
    AdoptionStatus,
    AdoptionWindow,
    Evidence,
    EvidenceKind,
    EvidenceQuerySet,
    SubtreeAdoptionCounts,
    SubtreeAdoptions,
    SubtreeAdoptionsQuerySet,
)
from lamtheo.exemplars.models.campaigns import (
    Activity,
    ActivityKind,
    ActivityQuerySet,
    Campaign,
    CampaignEntry,
    CampaignEntryQuerySet,
    CampaignEvent,
    CampaignEventQuerySet,
    CampaignQuerySet,
)
from lamtheo.exemplars.models.exemplars import (
    Exemplar,
    ExemplarCounts,
    ExemplarCountsQuerySet,
    ExemplarEvent,
    ExemplarEventQuerySet,
    ExemplarField,
    ExemplarKind,
    ExemplarQuerySet,
    ExemplarStatus,
    Figure,
    FigureQuerySet,
    SubtreeExemplarCounts,
    Tag,
    TagQuerySet,
)
from lamtheo.exemplars.models.standards import (
    ReviewStatus,
    Standard,
    StandardEvent,
    StandardEventQuerySet,
    StandardKind,
    StandardQuerySet,
    StandardVersion,
    StandardVersionQuerySet,
)

__all__ = [
    "Activity",
    "ActivityKind",
    "ActivityQuerySet",
    "Adoption",
    "AdoptionCounts",
    "AdoptionCountsQuerySet",
    "SubtreeAdoptionCounts",
    "AdoptionEvent",
    "AdoptionEventQuerySet",
    "AdoptionQuerySet",
    "AdoptionStatus",
    "AdoptionWindow",
    "Campaign",
    "CampaignEntry",
    "CampaignEntryQuerySet",
    "CampaignEvent",
    "CampaignEventQuerySet",
    "CampaignQuerySet",
    "Evidence",
    "EvidenceKind",
    "EvidenceQuerySet",
    "Exemplar",
    "ExemplarCounts",
    "ExemplarCountsQuerySet",
    "ExemplarEvent",
    "ExemplarEventQuerySet",
    "ExemplarField",
    "ExemplarKind",
    "ExemplarQuerySet",
    "ExemplarStatus",
    "Figure",
    "FigureQuerySet",
    "ReviewStatus",
    "Standard",
    "StandardEvent",
    "StandardEventQuerySet",
    "StandardKind",
    "StandardQuerySet",
    "StandardVersion",
    "StandardVersionQuerySet",
    "SubtreeAdoptions",
    "SubtreeExemplarCounts",
    "SubtreeAdoptionsQuerySet",
    "TAKEN_UP",
    "Tag",
    "TagQuerySet",
    "UNKNOWN",
]
