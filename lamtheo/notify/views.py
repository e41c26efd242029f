"""The pages: writing an announcement, the sent ones with their read share per unit, a
person's inbox and preferences. Thin: scope, form, service or query, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.scoping import require, scope_of
from lamtheo.core.views import id_param, submit
from lamtheo.notify import config, queries, services, zalo_events
from lamtheo.notify.forms import PEOPLE, AnnouncementForm, PreferenceForm
from lamtheo.notify.models import Attachment, Message, Preference, Receipt
from lamtheo.org.models import Person, Unit

PAGE_SIZE = 30


def _person_or_403(request) -> int:
    person_id = scope_of(request.user).person_id
    if person_id is None:
        raise PermissionDenied
    return person_id


@login_required
@require_http_methods(["GET", "POST"])
def announcement_create(request):
    user = request.user
    require(user, "announcement.send")
    pk = id_param(request.GET, "unit")
    units = Unit.objects.visible_to(user, "announcement.send").active()
    if pk is None:
        unit = units.order_by("depth", "path").first()
        if unit is None:
            raise PermissionDenied
    else:
        unit = get_object_or_404(Unit.objects.visible_to(user), pk=pk)
        require(user, "announcement.send", unit)
    form = AnnouncementForm(
        request.POST or None,
        request.FILES or None,
        people=Person.objects.visible_to(user).current(),
    )
    created = None

    def action(data):
        nonlocal created
        created = services.announce(
            by=user,
            unit=unit,
            title=data["title"],
            body=data["body"],
            link=data["link"],
            people=data["people"] if data["audience"] == PEOPLE else None,
            files=data["files"],
        )
        return ngettext(
            "The announcement was sent to %(count)s person.",
            "The announcement was sent to %(count)s people.",
            created.recipient_count,
        ) % {"count": created.recipient_count}

    if submit(request, form, action):
        return redirect("announcement", pk=created.pk)
    return render(
        request,
        "notify/announcement_form.html",
        {"form": form, "unit": unit, "channels": config.channels_on()},
    )


@login_required
@require_GET
def announcement_list(request):
    user = request.user
    if not scope_of(user).has_grant:
        raise PermissionDenied
    messages = Message.objects.visible_to(user).select_related("unit", "created_by")
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notify/announcement_list.html",
        {"page": page, "can_send": scope_of(user).can("announcement.send")},
    )


@login_required
@require_GET
def announcement_detail(request, pk):
    message = get_object_or_404(
        Message.objects.visible_to(request.user).select_related("unit", "created_by"), pk=pk
    )
    under = None
    under_pk = id_param(request.GET, "under")
    if under_pk is not None:
        under = get_object_or_404(Unit.objects.subtree_of(message.unit), pk=under_pk)
    return render(
        request,
        "notify/announcement_detail.html",
        {
            "message": message,
            "rates": queries.read_rates(message, under),
            "attachments": list(message.attachments.all()),
        },
    )


@login_required
@require_GET
def announcement_deliveries(request, pk):
    """How email and Zalo went. Its own page: counting 2 × 100k deliveries live takes about
    as long as the whole read-rates page may (BENCHMARKS.md)."""
    message = get_object_or_404(
        Message.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    return render(
        request,
        "notify/announcement_deliveries.html",
        {
            "message": message,
            "deliveries": queries.delivery_counts(message),
            "problems": list(queries.problems(message)),
            "channels": config.channels_on(),
        },
    )


@login_required
@require_GET
def inbox(request):
    person_id = _person_or_403(request)
    page = Paginator(queries.inbox(person_id), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notify/inbox.html",
        {"page": page, "unread": queries.unread_count(person_id)},
    )


@login_required
@require_GET
def inbox_message(request, pk):
    """Opening one's own copy marks it read (the receipt the sender's page counts)."""
    person_id = _person_or_403(request)
    receipt = get_object_or_404(
        Receipt.objects.visible_to(request.user).select_related("message", "message__unit"),
        message_id=pk,
        person_id=person_id,
    )
    if receipt.read_at is None:
        services.mark_read(by=request.user, receipt=receipt)
    return render(
        request,
        "notify/inbox_message.html",
        {"receipt": receipt, "message": receipt.message,
         "attachments": list(receipt.message.attachments.all())},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    person_id = _person_or_403(request)
    current = Preference.objects.filter(person_id=person_id).first() or Preference()
    form = PreferenceForm(
        request.POST or None,
        initial={
            "email": current.email,
            "zalo": current.zalo,
            "quiet_from": current.quiet_from,
            "quiet_to": current.quiet_to,
        },
    )

    def action(data):
        services.preferences_set(by=request.user, **data)
        return _("Your preferences were saved.")

    if submit(request, form, action):
        return redirect("notify-preferences")
    channels = config.channels_on()
    return render(
        request,
        "notify/preferences.html",
        {
            "form": form,
            "channels": channels,
            "preference": current,
            # Linking Zalo only makes sense when Zalo is on and it is not linked yet.
            "zalo_code": zalo_events.link_code(person_id)
            if channels["zalo"] and not current.zalo_user_id
            else "",
            "default_quiet": settings.NOTIFY_QUIET_HOURS,
        },
    )


@csrf_exempt
@require_POST
def zalo_webhook(request):
    """Zalo's OA events (lamtheo.notify.zalo_events): 200 once applied (Zalo wants it within
    2 s), 403 with nothing written when the signature is wrong."""
    try:
        event = zalo_events.verify(request.body, request.headers.get("X-ZEvent-Signature", ""))
    except zalo_events.BadEvent as exc:
        return JsonResponse({"error": -1, "message": str(exc)}, status=403)
    done = zalo_events.handle(event)
    return JsonResponse({"error": 0, "message": done})


@login_required
@require_GET
def attachment_download(request, pk):
    """For the message's senders' side (visible_to) and for its recipients."""
    user = request.user
    person_id = scope_of(user).person_id
    received = Receipt.objects.filter(message=OuterRef("message"), person_id=person_id or 0)
    sent = Message.objects.visible_to(user).filter(pk=OuterRef("message"))
    attachment = (
        Attachment.objects.annotate(received=Exists(received), sent=Exists(sent))
        .filter(pk=pk)
        .first()
    )
    if attachment is None or not (attachment.received or attachment.sent):
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
