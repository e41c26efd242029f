"""Certificates of merit (giấy khen) as PDF with WeasyPrint: A4 landscape, the Party header,
"TẶNG GIẤY KHEN", the recipient, their unit, the achievement, the decision's number and date,
the place and date, the signer, and a QR code to the public verification page.

Fonts: Liberation Serif (Times New Roman's metric twin, the Party documents' font) through
fontconfig; WeasyPrint embeds the subset it uses, so the PDF prints the same anywhere. The
words are Vietnamese literals (a document, not the interface). The content of a printed giấy
khen is not sourced (DOMAIN.md §5.3): this follows the usual layout listed there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from lamtheo.awards.models import CERTIFICATE_TEXT, Award, AwardForm
from lamtheo.documents.text import date_line, short_date
from lamtheo.org.issuers import Issuer, issuer_of

CHUNK = 50  # certificates per WeasyPrint pass: the progress bar moves after each


@dataclass
class Certificate:
    upper_body: str
    body: str
    authority: str
    recipient: str
    unit_line: str
    achievement: str
    decision_number: str
    decision_date: str
    date_line: str
    on_behalf: str
    signer_title: str
    signer_name: str
    verify_url: str
    qr: str
    revoked: str = ""


def verify_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("award-verify", args=[code])


def qr_png(url: str) -> str:
    """The QR code as a PNG data URI. A raster image, not inline SVG: WeasyPrint draws an SVG
    path module by module, which was a third of a page's time; a fixed mask skips segno's
    eight trial encodings (any mask is valid QR, the choice only tunes contrast)."""
    return segno.make(url, error="m", mask=0).png_data_uri(scale=4, border=1)


def certificate_of(award: Award, issuer: Issuer | None = None) -> Certificate:
    """The plain data of one certificate (the award's decision, round, nomination and their
    units loaded: see `queries.certificate_awards`). `issuer`: the committee as on the
    decision's day (`issuer_for`), shared by every certificate of a decision."""
    decision = award.decision
    round_ = decision.round
    nomination = award.nomination
    issuer = issuer or issuer_for(decision)
    achievement = (
        nomination.achievement.strip().splitlines()[0]
        if nomination.form == (AwardForm.MERIT)
        else f"{CERTIFICATE_TEXT[nomination.form]} năm {round_.year}"
    )
    if nomination.form == AwardForm.MERIT and not achievement.lower().startswith("đã"):
        achievement = f"Đã có thành tích xuất sắc {achievement}"
    url = verify_url(award.code)
    # The committee (Đảng ủy), not the đảng bộ, awards: "BAN THƯỜNG VỤ ĐẢNG ỦY KHỐI …".
    body = issuer.issuer_name
    return Certificate(
        upper_body=issuer.parent.name if issuer.parent else "",
        body=body,
        authority=f"BAN THƯỜNG VỤ {body}",
        recipient=nomination.recipient_name,
        unit_line=nomination.unit.name if nomination.person_id else "",
        achievement=achievement,
        decision_number=decision.document.symbol,
        decision_date=short_date(decision.document.issued_on),
        date_line=date_line(decision.document.issued_on, decision.place or None),
        on_behalf="T/M BAN THƯỜNG VỤ",
        signer_title=(decision.signer_title or "BÍ THƯ").upper(),
        signer_name=decision.signer_name,
        verify_url=url,
        qr=qr_png(url),
        revoked=short_date(award.revoked_on),
    )


def issuer_for(decision) -> Issuer:
    """The awarding committee, its name and the body above as on the decision's day."""
    issuer, _offices = issuer_of(decision.round.unit, on=decision.document.issued_on)
    return issuer


def _document(certificates: Sequence[Certificate]):
    from weasyprint import HTML  # heavy: imported when a certificate is printed

    html = render_to_string("awards/certificates.html", {"certificates": certificates})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def render_pdf(awards: Sequence[Award], progress: Callable[[int], None] | None = None) -> bytes:
    """One PDF of every award's certificate, a page each, rendered CHUNK at a time."""
    documents = []
    issuers: dict[int, Issuer] = {}  # two queries per decision, not per certificate
    for start in range(0, len(awards), CHUNK):
        part = []
        for award in awards[start : start + CHUNK]:
            if award.decision_id not in issuers:
                issuers[award.decision_id] = issuer_for(award.decision)
            part.append(certificate_of(award, issuers[award.decision_id]))
        documents.append(_document(part))
        if progress is not None:
            progress(start + len(part))
    if not documents:
        documents.append(_document([]))
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def filename(award_or_number: str, day: dt.date) -> str:
    return f"giay-khen-{award_or_number}-{day:%Y%m%d}.pdf"
