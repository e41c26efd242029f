"""Commendation (thi đua, khen thưởng): rounds with the forms they may award and quotas,
nominations, the council and its votes, decisions numbered from the document register, the
awards themselves with the code of their public verification page.

The forms and their rules come from DOMAIN.md §5 (HD 01-HD/TW 2021 item 19, HD 21-HD/BTCTW
2019, Luật Thi đua, khen thưởng 2022 Điều 80): which recipient each form takes is sourced; the
thresholds a round applies (the council's majority, the study participation it expects) are
settings with defaults, shown on the round's page as such.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.accounts.scoping import ScopedQuerySet
from lamtheo.core.workflow import EventQuerySet, WorkflowEvent
from lamtheo.org.models import Person, RegisteredDocument, Unit


class AwardForm(models.TextChoices):
    MERIT = "merit", _("Certificate of merit (giấy khen)")
    STRONG_YEAR = "strong_year", _("Exemplary clean and strong organisation, in the year")
    STRONG_5Y = "strong_5y", _("Exemplary clean and strong organisation, 5 years running")
    EXCELLENT_YEAR = "excellent_year", _("Exemplary excellent fulfilment of duties, in the year")
    EXCELLENT_5Y = "excellent_5y", _("Exemplary excellent fulfilment of duties, 5 years running")
    ADVANCED_WORKER = "advanced_worker", _("Advanced worker (state title)")
    ADVANCED_COLLECTIVE = "advanced_collective", _("Advanced collective (state title)")


# Who each form is for (HD 21-HD/BTCTW: organisations are "trong sạch vững mạnh tiêu biểu",
# members "hoàn thành xuất sắc nhiệm vụ tiêu biểu"; Luật 2022 Điều 80 for the state titles).
FOR_PEOPLE = {
    AwardForm.MERIT,
    AwardForm.EXCELLENT_YEAR,
    AwardForm.EXCELLENT_5Y,
    AwardForm.ADVANCED_WORKER,
}
FOR_UNITS = {
    AwardForm.MERIT,
    AwardForm.STRONG_YEAR,
    AwardForm.STRONG_5Y,
    AwardForm.ADVANCED_COLLECTIVE,
}
# A "5 years running" form and the yearly form it counts.
FIVE_YEARS = {
    AwardForm.STRONG_5Y: AwardForm.STRONG_YEAR,
    AwardForm.EXCELLENT_5Y: AwardForm.EXCELLENT_YEAR,
}
# The title printed on a certificate (Vietnamese whatever the interface language).
CERTIFICATE_TEXT = {
    AwardForm.MERIT: "Đã có thành tích xuất sắc",
    AwardForm.STRONG_YEAR: "Tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu",
    AwardForm.STRONG_5Y: "Tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu 5 năm liền",
    AwardForm.EXCELLENT_YEAR: "Đảng viên hoàn thành xuất sắc nhiệm vụ tiêu biểu",
    AwardForm.EXCELLENT_5Y: "Đảng viên hoàn thành xuất sắc nhiệm vụ tiêu biểu 5 năm liền",
    AwardForm.ADVANCED_WORKER: "Lao động tiên tiến",
    AwardForm.ADVANCED_COLLECTIVE: "Tập thể lao động tiên tiến",
}


class RoundKind(models.TextChoices):
    YEARLY = "yearly", _("Yearly, at the annual review")
    MIDTERM = "midterm", _("Mid-term review (sơ kết)")
    FINAL = "final", _("Final review (tổng kết)")
    CAMPAIGN = "campaign", _("End of a campaign")
    AD_HOC = "ad_hoc", _("Ad hoc")


class RoundStatus(models.TextChoices):
    NOMINATING = "nominating", _("Taking nominations")
    REVIEWED = "reviewed", _("Reviewed by the council")
    DECIDED = "decided", _("Decided")


class RoundQuerySet(ScopedQuerySet):
    # The committee's grants act on it; the units below see it (they nominate into it).
    unit_paths = ("unit",)
    above = ("unit",)


class Round(models.Model):
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("awarding committee")
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("occasion"), max_length=10, choices=RoundKind)
    year = models.PositiveSmallIntegerField(_("year of the achievements"))
    first_year = models.PositiveSmallIntegerField(_("from year"))
    status = models.CharField(max_length=12, choices=RoundStatus, default=RoundStatus.NOMINATING)
    threshold_percent = models.PositiveSmallIntegerField(
        _("votes needed (more than this percentage of the council)"),
        default=50,
        help_text=_("A setting, not a rule of law: more than half by default."),
    )
    min_participation = models.PositiveSmallIntegerField(
        _("study participation expected (%)"),
        default=80,
        help_text=_("Below it the nomination is warned, not refused (a default)."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("commendation round")
        ordering = ["-year", "-pk"]

    def __str__(self) -> str:
        return self.title


class RoundEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "round"


class RoundEvent(WorkflowEvent):
    """A step of a round (opened, council named, votes recorded, review closed, submission
    numbered, decision signed): who and when, written by the service in its transaction."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="events")

    objects = RoundEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.round_id}: {self.action}"


class QuotaQuerySet(ScopedQuerySet):
    parent = "round"


class Quota(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="quotas")
    form = models.CharField(_("form"), max_length=20, choices=AwardForm)
    limit = models.PositiveSmallIntegerField(_("quota"))

    objects = QuotaQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "form"], name="awards_quota_round_form")
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.limit}"


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    APPROVED = "approved", _("Approved by the council")
    NOT_APPROVED = "not_approved", _("Not approved by the council")


class NominationQuerySet(ScopedQuerySet):
    unit_paths = ("round__unit", "unit")
    person_path = "person"


class Nomination(models.Model):
    """A person (`person`, with `unit` their unit then) or a collective (`unit` alone)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="nominations")
    form = models.CharField(_("form"), max_length=20, choices=AwardForm)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    achievement = models.TextField(_("report of achievements"))
    warnings = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=14, choices=NominationStatus, default=NominationStatus.NOMINATED
    )
    votes_for = models.PositiveSmallIntegerField(default=0)
    votes_against = models.PositiveSmallIntegerField(default=0)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    nominated_at = models.DateTimeField(auto_now_add=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "form", "person"],
                condition=Q(person__isnull=False),
                name="awards_nom_person",
            ),
            models.UniqueConstraint(
                fields=["round", "form", "unit"],
                condition=Q(person__isnull=True),
                name="awards_nom_unit",
            ),
        ]

    def __str__(self) -> str:
        return self.recipient_name

    @property
    def recipient_name(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name


class NominationEventQuerySet(EventQuerySet, ScopedQuerySet):
    parent = "nomination"


class NominationEvent(WorkflowEvent):
    """A step of a nomination (nominated, withdrawn, approved or not by the council, its award
    revoked): who and when. Its own table, scoped like the nomination (a unit below sees only
    its own nominations' steps)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="events")

    objects = NominationEventQuerySet.as_manager()

    class Meta(WorkflowEvent.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.action}"


class CouncilMemberQuerySet(ScopedQuerySet):
    parent = "round"


class CouncilMember(models.Model):
    """A member of the emulation and commendation council for one round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="council")
    name = models.CharField(_("full name"), max_length=150)
    office = models.CharField(_("office in the council"), max_length=150, blank=True)

    objects = CouncilMemberQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class VoteQuerySet(ScopedQuerySet):
    parent = "nomination"


class Vote(models.Model):
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(CouncilMember, on_delete=models.CASCADE, related_name="votes")
    approve = models.BooleanField()

    objects = VoteQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["nomination", "member"], name="awards_vote_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.nomination_id} {self.approve}"


class DecisionQuerySet(ScopedQuerySet):
    parent = "round"


class Decision(models.Model):
    """The round's decision (quyết định khen thưởng), numbered from the register when signed;
    the submission (tờ trình) takes its number when the office submits it."""

    round = models.OneToOneField(Round, on_delete=models.PROTECT, related_name="decision")
    submission = models.OneToOneField(
        RegisteredDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    document = models.OneToOneField(
        RegisteredDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_title = models.CharField(_("signer's office"), max_length=150, blank=True)
    place = models.CharField(_("place"), max_length=60, blank=True)

    objects = DecisionQuerySet.as_manager()

    def __str__(self) -> str:
        return self.document.symbol if self.document_id else f"draft {self.round_id}"

    @property
    def is_signed(self) -> bool:
        return self.document_id is not None


def new_code() -> str:
    """128 random bits in the verification address: not guessable, not derived from anything."""
    return secrets.token_urlsafe(16)


class AwardQuerySet(ScopedQuerySet):
    unit_paths = ("decision__round__unit", "nomination__unit")
    person_path = "nomination__person"


class Award(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="awards")
    nomination = models.OneToOneField(Nomination, on_delete=models.PROTECT, related_name="award")
    code = models.CharField(max_length=32, unique=True, default=new_code, editable=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation = models.ForeignKey(
        RegisteredDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # What the public verification page shows, written once when the decision is signed
    # (`public_record`): the recipient, the form, the decision's number and date, the awarding
    # body as printed on the certificate. The page reads this row alone (no join to plan:
    # planning the 8-table join was most of the page's time) and can show nothing else.
    public = models.JSONField(default=dict, editable=False)

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_on is not None


def public_record(nomination: Nomination, document: RegisteredDocument, body: str) -> dict:
    """The verification page's fields of an award (see `Award.public`); nothing else of the
    person or the nomination goes in."""
    return {
        "recipient": nomination.recipient_name,
        "form": nomination.form,
        "number": document.symbol,
        "issued_on": document.issued_on.isoformat(),
        "body": body,
    }


class CertificateJobQuerySet(ScopedQuerySet):
    parent = "decision"


class CertificateJob(models.Model):
    """All certificates of a decision rendered as one PDF in the background."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="jobs")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="certificates/%Y/", blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateJobQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)
